export * from "./attach-customer-identifiers"
export * from "./ensure-customer-links"
export * from "./prepare-identity-input"
export * from "./resolve-customer"
