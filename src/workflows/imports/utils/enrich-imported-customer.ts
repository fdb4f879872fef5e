import { CustomerDTO, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createCustomerAddressesWorkflow,
  updateCustomersWorkflow,
} from "@medusajs/medusa/core-flows"
import { ImportRow } from "./import-rows"

/** The metadata key under which a customer keeps its imported history, by source record. */
export const IMPORT_METADATA_KEY = "customer_identity_import"

const NAME_FIELDS = ["first_name", "last_name", "company_name"] as const

/**
 * What the other platform knew of a record: marketing consent, totals, note
 * and tags, kept as given (the plugin's own stats are computed from orders).
 */
export function importHistory(row: ImportRow): Record<string, unknown> {
  const number = (value?: string) =>
    value === undefined || Number.isNaN(Number(value))
      ? undefined
      : Number(value)
  const history = {
    source_id: row.source_id,
    accepts_email_marketing:
      row.accepts_email_marketing === undefined
        ? undefined
        : /^(yes|true|1)$/i.test(row.accepts_email_marketing),
    total_spent: number(row.total_spent),
    total_orders: number(row.total_orders),
    note: row.note,
    tags: row.tags
      ?.split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  }
  return Object.fromEntries(
    Object.entries(history).filter(([, value]) => value !== undefined)
  )
}

/** The key a row's history is kept under: its source id, else its email or phone. */
const historyKey = (row: ImportRow) =>
  row.source_id ?? row.email ?? row.phone ?? `line ${row.line}`

/** A row's address, when it has one to keep. */
function importedAddress(row: ImportRow) {
  if (!row.address_1 || !row.country_code) {
    return undefined
  }
  return {
    first_name: row.first_name,
    last_name: row.last_name,
    company: row.company_name,
    address_1: row.address_1,
    address_2: row.address_2,
    city: row.city,
    province: row.province,
    postal_code: row.postal_code,
    country_code: row.country_code.toLowerCase(),
    phone: row.address_phone,
  }
}

/**
 * What a customer a row creates starts with (find-or-create's
 * `created_customer`): the row's history and address, so that nothing is left
 * to add afterwards.
 */
export function importedCustomer(row: ImportRow) {
  const address = importedAddress(row)
  return {
    metadata: {
      [IMPORT_METADATA_KEY]: { [historyKey(row)]: importHistory(row) },
    },
    addresses: address ? [address] : [],
  }
}

const same = (a?: string | null, b?: string | null) =>
  (a ?? "").trim().toLowerCase() === (b ?? "").trim().toLowerCase()

/** A customer as `importedChanges` reads it. */
export type ImportedCustomerState = Pick<
  CustomerDTO,
  "first_name" | "last_name" | "company_name" | "metadata" | "addresses"
>

/**
 * What a row adds to an existing customer it resolved to: names only where
 * the customer has none (an account's are never overwritten), the history
 * under `IMPORT_METADATA_KEY` by the row's source id (or email, or phone)
 * when it differs, the address only when the customer has no address like
 * it. Empty when nothing changes, so a second run of one file writes nothing.
 */
export function importedChanges(
  customer: ImportedCustomerState,
  row: ImportRow
): {
  update: Record<string, unknown>
  address?: ReturnType<typeof importedAddress>
} {
  const update: Record<string, unknown> = {}
  for (const field of NAME_FIELDS) {
    if (!customer[field] && row[field]) {
      update[field] = row[field]
    }
  }
  const history = importHistory(row)
  const key = historyKey(row)
  const imported = (customer.metadata?.[IMPORT_METADATA_KEY] ?? {}) as Record<
    string,
    unknown
  >
  if (JSON.stringify(imported[key]) !== JSON.stringify(history)) {
    update.metadata = {
      ...customer.metadata,
      [IMPORT_METADATA_KEY]: { ...imported, [key]: history },
    }
  }
  const address = importedAddress(row)
  const hasAddress = (customer.addresses ?? []).some(
    (existing) =>
      same(existing.address_1, address?.address_1) &&
      same(existing.postal_code, address?.postal_code) &&
      same(existing.country_code, address?.country_code)
  )
  return { update, address: hasAddress ? undefined : address }
}

/**
 * Puts a row's names, address and history on an existing customer it
 * resolved to (see `importedChanges`), through core's workflows. Nothing is
 * written when nothing changes.
 */
export async function enrichImportedCustomer(
  container: MedusaContainer,
  customerId: string,
  row: ImportRow
): Promise<void> {
  const customer = await container
    .resolve(Modules.CUSTOMER)
    .retrieveCustomer(customerId, { relations: ["addresses"] })
  const { update, address } = importedChanges(customer, row)
  if (Object.keys(update).length) {
    await updateCustomersWorkflow(container).run({
      input: { selector: { id: customerId }, update },
    })
  }
  if (address) {
    await createCustomerAddressesWorkflow(container).run({
      input: { addresses: [{ ...address, customer_id: customerId }] },
    })
  }
}
