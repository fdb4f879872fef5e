import { Context } from "@medusajs/framework/types"
import { parsePhoneNumberFromString } from "libphonenumber-js"
import { ErasureJournal, RowSnapshot } from "../../../types/module"
import { sql } from "./run"
import { restoreRows } from "./states"

/** What an order contact holds of a person: its email, phones and the orderer's name. */
const CONTACT_PERSONAL = [
  "email",
  "phone",
  "recipient_phone",
  "first_name",
  "last_name",
]

/** Tables whose rows hold an erased customer's identifiers in clear: deleted, not anonymised. */
const ERASED_TABLES = [
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_identifier",
  "customer_identity_claim",
] as const

/**
 * Erases the identity rows of customers: their emails, phones, values of
 * identifier kinds and claims
 * are deleted (soft-deleted ones too: they hold the values in clear), so are
 * anyone's claims of the erased `identifiers`, and their order contacts lose
 * the email and phone typed, as others' contacts lose an erased phone they
 * name as the recipient's. Returns the rows as they were, for
 * `restoreErasedRows`.
 */
export async function eraseIdentifierRows(
  context: Context,
  customerIds: string[],
  identifiers: { kind: string; value: string }[]
): Promise<Pick<ErasureJournal, "rows" | "order_contacts">> {
  const rows: ErasureJournal["rows"] = {}
  for (const table of ERASED_TABLES) {
    const deleted = await sql(
      context,
      table === "customer_identity_claim"
        ? `DELETE FROM ${table} t
            WHERE t.customer_id = ANY(?)
               OR (t.kind, t.value_normalized) IN (SELECT * FROM unnest(?::text[], ?::text[]))
            RETURNING to_jsonb(t) AS row`
        : `DELETE FROM ${table} t WHERE t.customer_id = ANY(?) RETURNING to_jsonb(t) AS row`,
      table === "customer_identity_claim"
        ? [
            customerIds,
            identifiers.map((i) => i.kind),
            identifiers.map((i) => i.value),
          ]
        : [customerIds]
    )
    rows[table] = deleted.map((r) => r.row)
  }
  const orderContacts = await sql(
    context,
    `UPDATE customer_identity_order_contact t
        SET ${CONTACT_PERSONAL.map((column) => `${column} = NULL`).join(", ")}, updated_at = now()
       FROM customer_identity_order_contact old
      WHERE t.id = old.id AND (t.canonical_customer_id = ANY(?) OR t.customer_id = ANY(?))
        AND (${CONTACT_PERSONAL.map((column) => `t.${column} IS NOT NULL`).join(" OR ")})
      RETURNING t.id, ${CONTACT_PERSONAL.map((column) => `old.${column}`).join(", ")},
                old.updated_at::text AS updated_at`,
    [customerIds, customerIds]
  )
  const recipientPhones = await eraseRecipientPhones(
    context,
    customerIds,
    identifiers.flatMap((i) => (i.kind === "phone" ? [i.value] : []))
  )
  return {
    rows,
    order_contacts: {
      entity: "OrderContact",
      rows: [...orderContacts, ...recipientPhones],
    },
  }
}

/**
 * Clears the erased phones where others' order contacts keep them as the
 * recipient's (a gift sent to the person). Typed as the buyer typed them:
 * found by their digits ending in the national number, then read under the
 * number's country calling code.
 */
async function eraseRecipientPhones(
  context: Context,
  customerIds: string[],
  phones: string[]
): Promise<Record<string, unknown>[]> {
  const numbers = phones.flatMap((e164) => {
    const parsed = parsePhoneNumberFromString(e164)
    return parsed
      ? [
          {
            e164,
            national: parsed.nationalNumber,
            code: parsed.countryCallingCode,
          },
        ]
      : []
  })
  if (!numbers.length) {
    return []
  }
  const candidates = await sql<{ id: string; recipient_phone: string }>(
    context,
    `SELECT id, recipient_phone FROM customer_identity_order_contact
      WHERE recipient_phone IS NOT NULL AND deleted_at IS NULL
        AND NOT (canonical_customer_id = ANY(?) OR customer_id = ANY(?))
        AND regexp_replace(recipient_phone, '\\D', '', 'g') LIKE ANY(?)`,
    [customerIds, customerIds, numbers.map((n) => `%${n.national}`)]
  )
  const ids = candidates
    .filter((c) =>
      numbers.some(
        (n) =>
          parsePhoneNumberFromString(c.recipient_phone, {
            defaultCallingCode: n.code,
          })?.number === n.e164
      )
    )
    .map((c) => c.id)
  if (!ids.length) {
    return []
  }
  return await sql(
    context,
    `UPDATE customer_identity_order_contact t
        SET recipient_phone = NULL, updated_at = now()
       FROM customer_identity_order_contact old
      WHERE t.id = old.id AND t.id = ANY(?)
      RETURNING t.id, old.recipient_phone, old.updated_at::text AS updated_at`,
    [ids]
  )
}

export async function restoreErasedRows(
  context: Context,
  journal: Pick<ErasureJournal, "rows" | "order_contacts">
): Promise<void> {
  for (const table of ERASED_TABLES) {
    const rows = journal.rows[table] ?? []
    if (rows.length) {
      await sql(
        context,
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, ?::jsonb)`,
        [JSON.stringify(rows)]
      )
    }
  }
  await restoreRows(context, journal.order_contacts)
}

/**
 * Marks the links of erased customers: archived, `erased_at` set, and no
 * admin user linked any more. Returns them as they were.
 */
export async function markCustomerLinksErased(
  context: Context,
  customerIds: string[],
  erasedAt: Date
): Promise<RowSnapshot> {
  const rows = await sql(
    context,
    `UPDATE customer_identity_link t
        SET status = 'archived', erased_at = ?, user_id = NULL, updated_at = now()
       FROM customer_identity_link old
      WHERE t.id = old.id AND t.deleted_at IS NULL AND t.customer_id = ANY(?)
      RETURNING t.id, old.status, old.user_id, old.erased_at::text AS erased_at,
                old.updated_at::text AS updated_at`,
    [erasedAt, customerIds]
  )
  return { entity: "CustomerLink", rows }
}

/** Whether any identifier was ever erased: while none was, nothing needs hashing against the list. */
export async function hasSuppressions(context: Context): Promise<boolean> {
  const [{ exists }] = await sql(
    context,
    `SELECT EXISTS (SELECT 1 FROM customer_identity_suppression WHERE deleted_at IS NULL)`,
    []
  )
  return exists
}

/**
 * The latest erasure of each suppressed hash among `hashes`: what
 * `isSuppressed` compares a record's time with. One statement, not the
 * generated list: every order contact reads it.
 */
export async function findLatestErasures(
  context: Context,
  hashes: string[]
): Promise<{ identifier_hash: string; erased_at: Date }[]> {
  return await sql(
    context,
    `SELECT identifier_hash, max(erased_at) AS erased_at
       FROM customer_identity_suppression
      WHERE identifier_hash = ANY(?) AND deleted_at IS NULL
      GROUP BY identifier_hash`,
    [hashes]
  )
}
