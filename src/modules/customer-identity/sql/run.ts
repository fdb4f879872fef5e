import { Context } from "@medusajs/framework/types"

export type Knex = {
  raw(
    sql: string,
    params: unknown[] | Record<string, unknown>
  ): Promise<{ rows: any[] }>
}

/**
 * Runs SQL on the module's own tables, in the context's transaction when it
 * has one; arrays bind as Postgres arrays. Bindings are positional (`?`), or
 * named (`:name`) for a statement that uses one value in several places.
 */
export async function sql<T = any>(
  context: Context,
  query: string,
  params: unknown[] | Record<string, unknown>
): Promise<T[]> {
  const transaction = context.transactionManager as
    { getTransactionContext(): Knex | undefined } | undefined
  const knex =
    transaction?.getTransactionContext() ??
    (context.manager as { getKnex(): Knex }).getKnex()
  const { rows } = await knex.raw(query, params)
  return rows
}

/**
 * A SELECT list of `id`, the columns and `updated_at`, timestamps (`*_at`) as
 * Postgres prints them so that a restore puts them back to the microsecond.
 */
export function stateColumns(columns: string[], alias?: string): string {
  return ["id", ...columns, "updated_at"]
    .map((column) => {
      const qualified = alias ? `${alias}.${column}` : column
      return column.endsWith("_at")
        ? `${qualified}::text AS ${column}`
        : qualified
    })
    .join(", ")
}

/** Reads columns of rows by id (see `stateColumns`), locking them. */
export async function readStates<T extends { id: string; updated_at: string }>(
  context: Context,
  table: string,
  ids: string[],
  columns: string[]
): Promise<T[]> {
  return await sql<T>(
    context,
    `SELECT ${stateColumns(columns)} FROM ${table} WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [ids]
  )
}
