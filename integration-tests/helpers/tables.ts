import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** Every table of the plugin's module. */
export const IDENTITY_TABLES = [
  "customer_identity_link",
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_order_contact",
  "customer_identity_claim",
  "customer_identity_merge",
  "customer_identity_duplicate_dismissal",
  "customer_identity_backfill",
  "customer_identity_suppression",
  "customer_identity_code_send",
]

/** The core tables a merge and its revert write to. */
export const MERGE_CORE_TABLES = [
  "order",
  "order_change",
  "order_change_action",
  "customer_address",
  "customer_group_customer",
]

/**
 * Every row of the tables, whole and by id, to compare before and after a
 * failed workflow. `to_jsonb` keeps every column, timestamps to the
 * microsecond: compensation must restore rows exactly, `updated_at` included.
 * `omit` leaves out columns two runs may differ in; `where` filters the rows
 * (live ones by default).
 */
export async function tableSnapshot(
  container: MedusaContainer,
  tables: string[] = IDENTITY_TABLES,
  {
    omit = [],
    where = "deleted_at IS NULL",
  }: { omit?: string[]; where?: string } = {}
): Promise<Record<string, unknown[]>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const rows: Record<string, unknown[]> = {}
  for (const table of tables) {
    const { rows: found } = await knex.raw(
      `SELECT to_jsonb(t) - ?::text[] AS row FROM "${table}" t WHERE ${where} ORDER BY t.id`,
      [omit]
    )
    rows[table] = found.map((r: { row: unknown }) => r.row)
  }
  return rows
}

/**
 * The identity tables' meaningful columns, customers and users named by
 * their email: two runs that made customers of their own (other ids, other
 * timestamps) compare equal when they reached the same state.
 */
export async function identityState(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows: customers } = await knex.raw(
    `SELECT id, lower(trim(email)) || ':' || has_account AS name FROM customer`
  )
  const { rows: users } = await knex.raw(`SELECT id, email FROM "user"`)
  const names = new Map<string, string>([
    ...customers.map((c: any) => [c.id, c.name] as [string, string]),
    ...users.map((u: any) => [u.id, `user:${u.email}`] as [string, string]),
  ])
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : null)
  const rows = async (sql: string) =>
    (await knex.raw(sql)).rows
      .map((row: Record<string, any>) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            key.endsWith("customer_id") || key === "user_id"
              ? name(value)
              : value instanceof Date
                ? value.toISOString()
                : value,
          ])
        )
      )
      .sort((a: any, b: any) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b))
      )
  return {
    links: await rows(
      `SELECT customer_id, canonical_customer_id, user_id, has_account, status,
              order_count, first_order_at, last_order_at
         FROM customer_identity_link WHERE deleted_at IS NULL`
    ),
    emails: await rows(
      `SELECT customer_id, email, email_normalized, type, is_primary
         FROM customer_identity_email WHERE deleted_at IS NULL`
    ),
    phones: await rows(
      `SELECT customer_id, phone, phone_e164, type, is_primary
         FROM customer_identity_phone WHERE deleted_at IS NULL`
    ),
    order_contacts: await rows(
      `SELECT order_id, customer_id, canonical_customer_id, email, phone,
              matched_by, placed_at, canceled_at
         FROM customer_identity_order_contact WHERE deleted_at IS NULL`
    ),
  }
}
