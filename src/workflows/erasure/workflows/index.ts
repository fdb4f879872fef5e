export * from "./erase-customer-identity"
