import { Context } from "@medusajs/framework/types"
import { generateEntityIds } from "../../../utils/entity-ids"
import { sql } from "./run"

/** A value of an import's file and the customer the dry run decided it belongs to. */
export interface ImportPlanValueRow {
  value: string
  customer_id: string
  is_primary: boolean
}

/** The dry run's decisions on these values, by earlier batches of the import. */
export async function findImportPlanValues(
  context: Context,
  importId: string,
  values: string[]
): Promise<ImportPlanValueRow[]> {
  return await sql(
    context,
    `SELECT value, customer_id, is_primary FROM customer_identity_import_plan_value
      WHERE import_id = ? AND value = ANY(?::text[]) AND deleted_at IS NULL`,
    [importId, values]
  )
}

/** Records a batch's decisions, in one statement. */
export async function insertImportPlanValues(
  context: Context,
  importId: string,
  rows: ImportPlanValueRow[]
): Promise<void> {
  if (!rows.length) {
    return
  }
  await sql(
    context,
    `INSERT INTO customer_identity_import_plan_value (id, import_id, value, customer_id, is_primary)
     SELECT v.id, ?, v.value, v.customer_id, v.is_primary
       FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[]) AS v(id, value, customer_id, is_primary)
     ON CONFLICT DO NOTHING`,
    [
      importId,
      generateEntityIds("ciipv", rows.length),
      rows.map((row) => row.value),
      rows.map((row) => row.customer_id),
      rows.map((row) => row.is_primary),
    ]
  )
}

/** Drops a dry run's decisions: they hold the file's emails and phones. */
export async function deleteImportPlanValues(
  context: Context,
  importId: string
): Promise<void> {
  await sql(
    context,
    `DELETE FROM customer_identity_import_plan_value WHERE import_id = ?`,
    [importId]
  )
}

/**
 * Refreshes the table's statistics: taken before this import's values
 * existed, they make the planner read all of the import's values for each
 * batch's lookup (by `import_id` alone) instead of looking each value up.
 */
export async function analyzeImportPlanValues(context: Context): Promise<void> {
  await sql(context, `ANALYZE customer_identity_import_plan_value`, [])
}
