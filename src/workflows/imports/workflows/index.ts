export * from "./create-imported-customers"
export * from "./join-imported-customers"
