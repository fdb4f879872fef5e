export * from "./store-view"
