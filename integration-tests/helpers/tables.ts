import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * Every row of each table, whole and in id order, to compare before and
 * after a failed workflow. to_jsonb keeps timestamps to the microsecond: a
 * restore must be exact. `omit` leaves out columns a restore may change
 * (core's compensations bump `updated_at`); `where` filters the rows.
 */
export async function tableSnapshot(
  container: MedusaContainer,
  tables: string[],
  {
    omit = [],
    where = "deleted_at IS NULL",
  }: { omit?: string[]; where?: string } = {}
): Promise<Record<string, unknown[]>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const rows: Record<string, unknown[]> = {}
  for (const table of tables) {
    const { rows: found } = await knex.raw(
      `SELECT to_jsonb(t) - ?::text[] AS row FROM ${table} t WHERE ${where} ORDER BY id`,
      [omit]
    )
    rows[table] = found.map((r: { row: unknown }) => r.row)
  }
  return rows
}
