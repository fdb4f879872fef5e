import { Label, Text } from "@medusajs/ui"
import { parse } from "csv-parse/browser/esm/sync"
import { IMPORT_FIELDS } from "../../types/constants"

export type ImportField = (typeof IMPORT_FIELDS)[number]
export type ColumnMapping = Partial<Record<ImportField, string>>

// A customer id is kept only as a kind the route names: the drawer maps
// who a row is and what lands on the customer.
const FIELDS = IMPORT_FIELDS.filter((field) => field !== "source_id")

const NONE = "__none"

/** Lower-case letters and digits only: "E-mail" and "email" compare equal. */
const simple = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "")

/** Other names files give a field's column. */
const ALIASES: Partial<Record<ImportField, string[]>> = {
  email: ["emailaddress", "mail"],
  phone: ["phonenumber", "telephone", "mobile", "tel"],
  first_name: ["firstname", "givenname"],
  last_name: ["lastname", "surname", "familyname"],
  company_name: ["company"],
  postal_code: ["zip", "zipcode", "postcode"],
  country_code: ["country"],
  province: ["state", "region"],
}

/** The column names of a CSV file's header row. */
export async function readColumns(file: File): Promise<string[]> {
  const [header = []] = parse(await file.slice(0, 64 * 1024).text(), {
    bom: true,
    to_line: 1,
    relax_column_count: true,
  }) as string[][]
  return header.map((name) => name.trim()).filter(Boolean)
}

/** Each field the column whose name says it is that field, if any. */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {}
  for (const field of FIELDS) {
    const names = [simple(field), ...(ALIASES[field] ?? [])]
    const column = columns.find((c) => names.includes(simple(c)))
    if (column) {
      mapping[field] = column
    }
  }
  return mapping
}

const label = (field: string) =>
  field[0].toUpperCase() + field.slice(1).replace(/_/g, " ")

/** Which of a file's columns holds each field; a row needs an email or a phone. */
export const ImportColumnMapping = ({
  columns,
  mapping,
  onChange,
  disabled,
}: {
  columns: string[]
  mapping: ColumnMapping
  onChange: (mapping: ColumnMapping) => void
  disabled: boolean
}) => (
  <div
    aria-label="Column mapping"
    role="group"
    className="flex flex-col gap-y-2"
  >
    <Text size="small" weight="plus">
      Columns
    </Text>
    {!mapping.email && !mapping.phone && (
      <Text size="small" className="text-ui-fg-error">
        Choose the column of the email or of the phone.
      </Text>
    )}
    {FIELDS.map((field) => (
      <div key={field} className="grid grid-cols-2 items-center gap-x-2">
        <Label size="small" htmlFor={`import-column-${field}`}>
          {label(field)}
        </Label>
        {/* Native: seventeen Radix selects at once lose their shown values. */}
        <select
          id={`import-column-${field}`}
          value={mapping[field] ?? NONE}
          disabled={disabled}
          className="bg-ui-bg-field border-ui-border-base txt-compact-small h-8 rounded-md border px-2"
          onChange={(event) => {
            const next = { ...mapping }
            if (event.target.value === NONE) {
              delete next[field]
            } else {
              next[field] = event.target.value
            }
            onChange(next)
          }}
        >
          <option value={NONE}>—</option>
          {columns.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </select>
      </div>
    ))}
  </div>
)
