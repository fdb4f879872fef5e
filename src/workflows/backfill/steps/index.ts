export * from "./apply-backfill-plan"
export * from "./plan-backfill-batch"
