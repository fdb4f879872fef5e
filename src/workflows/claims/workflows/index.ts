export * from "./add-store-identifier"
export * from "./confirm-identifier-verification"
export * from "./remove-customer-claim"
export * from "./request-identifier-verification"
