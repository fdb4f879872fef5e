export * from "./dismiss-duplicate"
export * from "./merge-customers"
export * from "./preview-customer-merge"
export * from "./revert-customer-merge"
