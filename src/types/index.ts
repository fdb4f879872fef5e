export * from "./constants"
export * from "./module"
export * from "./options"
export * from "./http"
