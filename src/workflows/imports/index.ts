export * from "./run-customer-import"
export { IMPORT_METADATA_KEY } from "./utils/enrich-imported-customer"
export { IMPORT_FIELDS, SHOPIFY_MAPPING } from "./utils/import-rows"
