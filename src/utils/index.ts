export * from "./normalize-email"
export * from "./normalize-name"
export * from "./normalize-phone"
export * from "./lock-keys"
