import { Context } from "@medusajs/framework/types"
import { FoldJournal } from "../../../types/module"
import { IDENTIFIER_TABLES, restoreIdentifiers } from "./identifiers"
import { readStates, sql } from "./run"

/** Tables whose rows point at a canonical customer. */
const CANONICAL_TABLES = [
  ["customer_identity_link", "links"],
  ["customer_identity_order_contact", "order_contacts"],
] as const

/**
 * Folds canonical customers into a target: every link pointing at a source
 * points at the target, the sources' emails and phones move to it (the
 * target keeps its primary; without one, a moved primary becomes it), and
 * their order contacts count for it. Core customers are not touched.
 * Returns the journal `restoreFold` takes to undo it.
 */
export async function foldCustomers(
  context: Context,
  targetCustomerId: string,
  sourceCustomerIds: string[]
): Promise<FoldJournal> {
  const sources = sourceCustomerIds.filter((id) => id !== targetCustomerId)
  const journal: FoldJournal = {
    target_customer_id: targetCustomerId,
    links: [],
    emails: [],
    phones: [],
    order_contacts: [],
  }
  for (const [table, key] of CANONICAL_TABLES) {
    journal[key] = await sql(
      context,
      `UPDATE ${table} t SET canonical_customer_id = ?, updated_at = now()
         FROM ${table} old
        WHERE t.id = old.id AND t.deleted_at IS NULL AND t.canonical_customer_id = ANY(?)
        RETURNING t.id, old.canonical_customer_id, old.updated_at::text AS updated_at`,
      [targetCustomerId, sources]
    )
  }
  for (const [table, key] of IDENTIFIER_TABLES) {
    journal[key] = await sql(
      context,
      `UPDATE ${table} t SET customer_id = ?, is_primary = false, updated_at = now()
         FROM ${table} old
        WHERE t.id = old.id AND t.deleted_at IS NULL AND t.customer_id = ANY(?)
        RETURNING t.id, old.customer_id, old.is_primary, old.updated_at::text AS updated_at`,
      [targetCustomerId, sources]
    )
    const movedPrimary = journal[key].find((row) => row.is_primary)
    if (movedPrimary) {
      await sql(
        context,
        `UPDATE ${table} SET is_primary = true
          WHERE id = ? AND NOT EXISTS (
            SELECT 1 FROM ${table}
             WHERE customer_id = ? AND is_primary AND deleted_at IS NULL)`,
        [movedPrimary.id, targetCustomerId]
      )
    }
  }
  return journal
}

/**
 * Undoes a fold from its journal. Returns the journaled rows as they were
 * before, a journal that undoes the restore exactly.
 */
export async function restoreFold(
  context: Context,
  journal: FoldJournal
): Promise<FoldJournal> {
  const current: FoldJournal = {
    target_customer_id: journal.target_customer_id,
    links: [],
    emails: [],
    phones: [],
    order_contacts: [],
  }
  for (const [table, key] of IDENTIFIER_TABLES) {
    current[key] = await readStates(
      context,
      table,
      journal[key].map((row) => row.id),
      ["customer_id", "is_primary"]
    )
  }
  for (const [table, key] of CANONICAL_TABLES) {
    current[key] = await readStates(
      context,
      table,
      journal[key].map((row) => row.id),
      ["canonical_customer_id"]
    )
  }
  for (const [table, key] of IDENTIFIER_TABLES) {
    await restoreIdentifiers(context, table, journal[key])
  }
  for (const [table, key] of CANONICAL_TABLES) {
    const rows = journal[key]
    if (!rows.length) {
      continue
    }
    await sql(
      context,
      `UPDATE ${table} t
          SET canonical_customer_id = v.canonical_customer_id, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::timestamptz[])
              AS v(id, canonical_customer_id, updated_at)
        WHERE t.id = v.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.canonical_customer_id),
        rows.map((row) => row.updated_at),
      ]
    )
  }
  return current
}
