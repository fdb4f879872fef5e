export * from "./find-or-create-customer"
