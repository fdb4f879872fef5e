import { Context } from "@medusajs/framework/types"
import { RowSnapshot, SnapshotEntity } from "../../../types/module"
import { readStates, sql } from "./run"

const TABLES: Record<SnapshotEntity, string> = {
  CustomerLink: "customer_identity_link",
  CustomerEmail: "customer_identity_email",
  CustomerPhone: "customer_identity_phone",
  CustomerIdentifier: "customer_identity_identifier",
  CustomerClaim: "customer_identity_claim",
  CustomerMerge: "customer_identity_merge",
  OrderContact: "customer_identity_order_contact",
}

/**
 * Columns under a unique index that is checked row by row (one customer per
 * admin user, one primary per customer): cleared on every row first, so that
 * putting rows back one by one never collides with a row not put back yet.
 */
const CLEARED_FIRST: Partial<Record<SnapshotEntity, [string, string]>> = {
  CustomerLink: ["user_id", "user_id = NULL"],
  CustomerEmail: ["is_primary", "is_primary = false"],
  CustomerPhone: ["is_primary", "is_primary = false"],
  CustomerIdentifier: ["is_primary", "is_primary = false"],
}

/** Reads columns of rows by id, locking them, for `restoreRows`. */
export async function snapshotRows(
  context: Context,
  entity: SnapshotEntity,
  ids: string[],
  columns: string[]
): Promise<RowSnapshot> {
  return {
    entity,
    rows: await readStates(context, TABLES[entity], ids, columns),
  }
}

/** Writes rows back exactly as a snapshot holds them. */
export async function restoreRows(
  context: Context,
  snapshot: RowSnapshot
): Promise<void> {
  const table = TABLES[snapshot.entity]
  const clear = CLEARED_FIRST[snapshot.entity]
  if (clear && snapshot.rows.some((row) => clear[0] in row)) {
    await sql(context, `UPDATE ${table} SET ${clear[1]} WHERE id = ANY(?)`, [
      snapshot.rows.map((row) => row.id),
    ])
  }
  for (const { id, ...columns } of snapshot.rows) {
    const names = Object.keys(columns)
    await sql(
      context,
      `UPDATE ${table} SET ${names.map((name) => `${name} = ?`).join(", ")} WHERE id = ?`,
      [...Object.values(columns), id]
    )
  }
}
