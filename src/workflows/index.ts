export * from "./customer-identity"
