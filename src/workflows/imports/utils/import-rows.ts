import { parse } from "csv-parse"
import { Readable } from "stream"
import { ImportFormat } from "../../../types/constants"

/** The fields a customer file can fill. */
export const IMPORT_FIELDS = [
  "source_id",
  "email",
  "phone",
  "first_name",
  "last_name",
  "company_name",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "address_phone",
  "accepts_email_marketing",
  "total_spent",
  "total_orders",
  "note",
  "tags",
] as const

export type ImportField = (typeof IMPORT_FIELDS)[number]
export type ImportMapping = Partial<Record<ImportField, string>>

/** Shopify's customers export, column by column. */
export const SHOPIFY_MAPPING: ImportMapping = {
  source_id: "Customer ID",
  email: "Email",
  phone: "Phone",
  first_name: "First Name",
  last_name: "Last Name",
  company_name: "Default Address Company",
  address_1: "Default Address Address1",
  address_2: "Default Address Address2",
  city: "Default Address City",
  province: "Default Address Province Code",
  postal_code: "Default Address Zip",
  country_code: "Default Address Country Code",
  address_phone: "Default Address Phone",
  accepts_email_marketing: "Accepts Email Marketing",
  total_spent: "Total Spent",
  total_orders: "Total Orders",
  note: "Note",
  tags: "Tags",
}

/** A row of a customer file, by field, with its line in the file. */
export type ImportRow = { line: number } & Partial<Record<ImportField, string>>

export function mappingOf(
  format: `${ImportFormat}`,
  mapping: ImportMapping | null | undefined
): ImportMapping {
  return format === ImportFormat.SHOPIFY ? SHOPIFY_MAPPING : (mapping ?? {})
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
