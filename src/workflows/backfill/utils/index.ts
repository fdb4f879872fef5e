export * from "./read-backfill-row"
export * from "./revert-backfill-journal"
