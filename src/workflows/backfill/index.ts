export * from "./steps"
export * from "./workflows"
export * from "./run-customer-identity-backfill"
