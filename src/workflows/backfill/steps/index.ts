export * from "./apply-backfill-plan"
export * from "./backfill-conflict-free-rows"
export * from "./plan-backfill-batch"
