export * from "./record-known-order-contact"
export * from "./index-new-customer"
export * from "./new-guest"
