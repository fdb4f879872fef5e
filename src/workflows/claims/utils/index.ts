export * from "./store-view"
export * from "./apply-identifier-proof"
