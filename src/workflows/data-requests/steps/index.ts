export * from "./build-customer-export"
export * from "./require-data-subject"
