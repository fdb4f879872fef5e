import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/*
 * Names and metadata of many customers in one statement: the Customer
 * module updates customers one given value at a time (every customer of a
 * call gets the same data), so an import batch joining hundreds of customers
 * made as many updates. Core columns this depends on: `customer` (id,
 * first_name, last_name, company_name, metadata, updated_at).
 */

/** A customer's names and metadata as written; `updated_at` as Postgres prints it. */
export interface CustomerNamesRow {
  id: string
  first_name: string | null
  last_name: string | null
  company_name: string | null
  metadata: Record<string, unknown> | null
  /** Put back as given (a compensation); else stamped now. */
  updated_at?: string
}

/** The names, metadata and `updated_at` of customers, as they are. */
export async function readCustomerNames(
  container: MedusaContainer,
  ids: string[]
): Promise<CustomerNamesRow[]> {
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `SELECT id, first_name, last_name, company_name, metadata, updated_at::text AS updated_at
         FROM customer WHERE id = ANY(?)`,
      [ids]
    )
  return rows
}

/** Sets the names and metadata of customers, each to its own values. */
export async function writeCustomerNames(
  container: MedusaContainer,
  rows: CustomerNamesRow[]
): Promise<void> {
  if (!rows.length) {
    return
  }
  await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(
    `UPDATE customer c
        SET first_name = v.first_name, last_name = v.last_name,
            company_name = v.company_name, metadata = v.metadata,
            updated_at = coalesce(v.updated_at, now())
       FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::timestamptz[])
         AS v(id, first_name, last_name, company_name, metadata, updated_at)
      WHERE c.id = v.id`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.first_name),
      rows.map((row) => row.last_name),
      rows.map((row) => row.company_name),
      rows.map((row) => (row.metadata ? JSON.stringify(row.metadata) : null)),
      rows.map((row) => row.updated_at ?? null),
    ] as never
  )
}
