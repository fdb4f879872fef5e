export * from "./backfill-customer-identity-batch"
