export * from "./run-customer-import"
export * from "./workflows"
export { IMPORT_METADATA_KEY } from "./utils/enrich-imported-customer"
export { SHOPIFY_MAPPING } from "./utils/import-rows"
