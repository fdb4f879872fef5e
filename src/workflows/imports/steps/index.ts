export * from "./attach-imported-identifiers"
export * from "./update-imported-customers"
