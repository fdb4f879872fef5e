import { parse } from "csv-parse"
import { Readable } from "stream"
import { IMPORT_FIELDS, ImportFormat } from "../../../types/constants"

export type ImportField = (typeof IMPORT_FIELDS)[number]
export type ImportMapping = Partial<Record<ImportField, string>>

/**
 * A platform's export: the columns that may hold each field, the first one a
 * file has wins (exports differ between versions and extensions).
 */
type Layout = Partial<Record<ImportField, string[]>>

const LAYOUTS: Record<
  `${ImportFormat.SHOPIFY | ImportFormat.WOOCOMMERCE}`,
  Layout
> = {
  shopify: {
    source_id: ["Customer ID"],
    email: ["Email"],
    phone: ["Phone"],
    first_name: ["First Name"],
    last_name: ["Last Name"],
    company_name: ["Default Address Company"],
    address_1: ["Default Address Address1"],
    address_2: ["Default Address Address2"],
    city: ["Default Address City"],
    province: ["Default Address Province Code"],
    postal_code: ["Default Address Zip"],
    country_code: ["Default Address Country Code"],
    address_phone: ["Default Address Phone"],
    accepts_email_marketing: ["Accepts Email Marketing"],
    total_spent: ["Total Spent"],
    total_orders: ["Total Orders"],
    note: ["Note"],
    tags: ["Tags"],
  },
  woocommerce: {
    source_id: ["customer_id", "ID"],
    email: ["email", "user_email", "billing_email"],
    phone: ["billing_phone"],
    first_name: ["first_name", "billing_first_name"],
    last_name: ["last_name", "billing_last_name"],
    company_name: ["billing_company"],
    address_1: ["billing_address_1"],
    address_2: ["billing_address_2"],
    city: ["billing_city"],
    province: ["billing_state"],
    postal_code: ["billing_postcode"],
    country_code: ["billing_country"],
    total_spent: ["total_spent"],
    total_orders: ["order_count"],
  },
}

/** The fields a platform's file must have a column for: who a row is. */
const REQUIRED: ImportField[] = ["source_id", "email"]

/** Shopify's customers export, column by column (imports recorded without a mapping read it). */
export const SHOPIFY_MAPPING: ImportMapping = Object.fromEntries(
  Object.entries(LAYOUTS.shopify).map(([field, [column]]) => [field, column])
)

/** A row of a customer file, by field, with its line in the file. */
export type ImportRow = { line: number } & Partial<Record<ImportField, string>>

/**
 * The mapping a file is read with: a platform's columns found in its header,
 * or the generic format's own mapping; `missing` names, quoted, the columns
 * the file lacks (a platform's columns that say who a row is, every mapped column).
 */
export function mappingFor(
  format: `${ImportFormat}`,
  header: string[],
  mapping?: ImportMapping | null
): { mapping: ImportMapping; missing: string[] } {
  if (format === ImportFormat.GENERIC) {
    const columns = Object.values(mapping ?? {}) as string[]
    return {
      mapping: mapping ?? {},
      missing: columns
        .filter((column) => !header.includes(column))
        .map((column) => `"${column}"`),
    }
  }
  const layout = LAYOUTS[format]
  const found: ImportMapping = {}
  for (const [field, columns] of Object.entries(layout)) {
    const column = columns.find((c) => header.includes(c))
    if (column) {
      found[field as ImportField] = column
    }
  }
  return {
    mapping: found,
    missing: REQUIRED.filter((field) => !found[field]).map((field) =>
      layout[field]!.map((c) => `"${c}"`).join(" or ")
    ),
  }
}

/** The mapping an import reads its file with. */
export function mappingOf(
  format: `${ImportFormat}`,
  mapping: ImportMapping | null | undefined
): ImportMapping {
  return mapping ?? (format === ImportFormat.SHOPIFY ? SHOPIFY_MAPPING : {})
}

function parser() {
  // `info` gives each record its line; a BOM (Excel's) is dropped.
  return parse({
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  })
}

/** The header row of a file: its column names. */
export async function readImportHeader(stream: Readable): Promise<string[]> {
  const records = stream.pipe(parse({ bom: true, to_line: 1 }))
  for await (const header of records) {
    stream.destroy()
    return (header as string[]).map((name) => name.trim())
  }
  return []
}

/**
 * The rows of a customer file after `afterLine`, one at a time: the file is
 * streamed, never held in memory. Empty cells are left out.
 */
export async function* readImportRows(
  stream: Readable,
  mapping: ImportMapping,
  afterLine = 0
): AsyncGenerator<ImportRow> {
  const records = stream.pipe(parser())
  for await (const { record, info } of records as AsyncIterable<{
    record: Record<string, string>
    info: { lines: number }
  }>) {
    if (info.lines <= afterLine) {
      continue
    }
    const row: ImportRow = { line: info.lines }
    for (const [field, column] of Object.entries(mapping)) {
      const value = record[column!]
      if (value) {
        row[field as ImportField] = value
      }
    }
    yield row
  }
}
