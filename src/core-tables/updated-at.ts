import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/*
 * Compensations that put core rows back: core modules stamp `updated_at` on
 * every update and restore (MikroORM's `onUpdate`), and no module method
 * sets it, so these two statements and `customer-names.ts` are the only writes
 * to core tables.
 * Core columns they depend on: `order` and `customer_address` (id,
 * updated_at).
 */

/** A row's `updated_at` as Postgres prints it, to put back to the microsecond. */
export interface RowUpdatedAt {
  id: string
  updated_at: string
}

type CoreTable = "order" | "customer_address"

/** Reads the `updated_at` of core rows a step is about to change. */
export async function readUpdatedAt(
  container: MedusaContainer,
  table: CoreTable,
  ids: string[]
): Promise<RowUpdatedAt[]> {
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `SELECT id, updated_at::text AS updated_at FROM "${table}" WHERE id = ANY(?)`,
      [ids]
    )
  return rows
}

/**
 * Sets `updated_at` of core rows back after a compensation: core modules
 * stamp it on every update and restore (MikroORM's `onUpdate`), so that a
 * compensation through them alone never leaves the row as it was.
 */
export async function restoreUpdatedAt(
  container: MedusaContainer,
  table: CoreTable,
  rows: RowUpdatedAt[]
): Promise<void> {
  await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(
    `UPDATE "${table}" t SET updated_at = v.updated_at
       FROM unnest(?::text[], ?::timestamptz[]) AS v(id, updated_at)
      WHERE t.id = v.id`,
    [rows.map((row) => row.id), rows.map((row) => row.updated_at)]
  )
}
