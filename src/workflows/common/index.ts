export * from "./steps"
export * from "./utils"
