export * from "./identifier-rows"
