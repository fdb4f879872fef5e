export * from "./retrieve-merge"
