export * from "./record-known-order-contact"
export * from "./new-guest"
