export * from "./export-customer-data"
export * from "./process-data-request"
