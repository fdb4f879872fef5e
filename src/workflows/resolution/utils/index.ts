export * from "./record-known-order-contact"
export * from "./new-guest"
export * from "./has-current-identity"
