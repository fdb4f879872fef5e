export * from "./create-identifier-suppressions"
export * from "./erase-identifier-rows"
export * from "./mark-customer-links-erased"
export * from "./plan-customer-erasure"
