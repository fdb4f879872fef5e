export * from "./create-imported-customers"
