export * from "./steps"
export * from "./utils"
export * from "./workflows"
