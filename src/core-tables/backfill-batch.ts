import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OrderAddressFacts } from "../policy"
import { BackfillPhase } from "../types/constants"

/**
 * Per backfill phase: core's table, the columns read, joins. Core columns
 * this depends on (check them on a Medusa upgrade):
 * - `customer`: id, email, phone, has_account, created_at, deleted_at
 * - `user`: id, email, created_at, deleted_at
 * - `order`: id, email, customer_id, billing_address_id, shipping_address_id,
 *   is_draft_order, created_at, canceled_at, deleted_at
 * - `order_address`: id, phone, country_code, first_name, last_name, deleted_at
 */
const BACKFILL_SOURCES: Record<`${BackfillPhase}`, [string, string, string]> = {
  customers: [
    "customer",
    "t.id, t.email, t.phone, t.has_account, t.created_at",
    "",
  ],
  users: [`"user"`, "t.id, t.email, t.created_at", ""],
  orders: [
    `"order"`,
    `t.id, t.email, t.customer_id, coalesce(c.has_account, false) AS has_account,
     c.phone AS customer_phone,
     b.id AS billing_id, b.phone AS billing_phone, b.country_code AS billing_country_code,
     b.first_name AS billing_first_name, b.last_name AS billing_last_name,
     s.id AS shipping_id, s.phone AS shipping_phone, s.country_code AS shipping_country_code,
     s.first_name AS shipping_first_name, s.last_name AS shipping_last_name,
     t.created_at AS placed_at, t.canceled_at,
     EXISTS (SELECT 1 FROM "order" p
              WHERE p.customer_id = t.customer_id AND p.created_at < t.created_at
                AND p.deleted_at IS NULL AND p.is_draft_order = false) AS has_earlier_order`,
    `LEFT JOIN customer c ON c.id = t.customer_id AND c.deleted_at IS NULL
     LEFT JOIN order_address b ON b.id = t.billing_address_id AND b.deleted_at IS NULL
     LEFT JOIN order_address s ON s.id = t.shipping_address_id AND s.deleted_at IS NULL`,
  ],
}

export interface LoadBackfillBatchInput {
  phase: `${BackfillPhase}`
  /** The last id of the previous batch; null for the phase's first batch. */
  cursor: string | null
  batch_size: number
  /** Only customers and orders created since then (the `cutoff_days` of the run). */
  created_after: string | null
}

export interface BackfillCustomerRow {
  id: string
  email: string | null
  phone: string | null
  has_account: boolean
  created_at: Date
}

export interface BackfillUserRow {
  id: string
  email: string
  created_at: Date
}

export interface BackfillOrderRow {
  id: string
  email: string | null
  customer_id: string | null
  has_account: boolean
  /** The order's customer's own phone. */
  customer_phone: string | null
  /** The addresses as the orderer rule reads them (`ordererContact`). */
  billing: OrderAddressFacts | null
  shipping: OrderAddressFacts | null
  placed_at: Date
  canceled_at: Date | null
  /** The order's customer placed an order before this one. */
  has_earlier_order: boolean
}

export type BackfillRow =
  BackfillCustomerRow | BackfillUserRow | BackfillOrderRow

export interface BackfillBatch {
  rows: BackfillRow[]
  /** The last id of this batch; null when the phase has no rows left. */
  next_cursor: string | null
}

/**
 * Reads the next batch of a backfill phase from core's tables: the customers,
 * admin users or placed orders (with their customer's `has_account` and
 * phone, and their billing and shipping addresses' phones and names, as
 * recordOrderContactWorkflow reads them) with an id after the cursor, in id
 * order (keyset pagination, so every batch costs the same however far the
 * run has come). One statement per batch, not Query: a graph read hydrates
 * every row as an entity, which cost more than planning and writing the
 * batch. Called by the backfill's steps (backfillConflictFreeRowsStep,
 * planBackfillBatchStep): the rows never become workflow data, which the
 * workflow engine would copy value by value between steps.
 */
export async function loadBackfillBatch(
  container: MedusaContainer,
  input: LoadBackfillBatchInput
): Promise<BackfillBatch> {
  const since = input.phase === BackfillPhase.USERS ? null : input.created_after
  const rows = await selectBackfillRows(
    container,
    input.phase,
    `AND (?::text IS NULL OR t.id > ?::text)
     AND (?::timestamptz IS NULL OR t.created_at >= ?::timestamptz)
     ORDER BY t.id
     LIMIT ?`,
    [input.cursor, input.cursor, since, since, input.batch_size]
  )
  return {
    rows,
    next_cursor: rows.length ? rows[rows.length - 1].id : null,
  }
}

/**
 * Rows of a backfill phase by id, in id order, read as `loadBackfillBatch`
 * reads them: the rows of a batch that the set-based write left to the
 * planner.
 */
export async function loadBackfillRowsById(
  container: MedusaContainer,
  phase: `${BackfillPhase}`,
  ids: string[]
): Promise<BackfillRow[]> {
  return await selectBackfillRows(
    container,
    phase,
    "AND t.id = ANY(?) ORDER BY t.id",
    [ids]
  )
}

/**
 * Placed orders by id, read as the backfill's orders phase reads them: the
 * `order.placed` fast path's one read of core data (`recordKnownOrderContact`),
 * where a graph read of the order, its addresses and its customer cost more
 * than recording the contact.
 */
export async function loadOrdersById(
  container: MedusaContainer,
  ids: string[]
): Promise<BackfillOrderRow[]> {
  return (await loadBackfillRowsById(
    container,
    BackfillPhase.ORDERS,
    ids
  )) as BackfillOrderRow[]
}

/** A phase's live rows (placed orders only) that `filter` (SQL after the WHERE) keeps. */
async function selectBackfillRows(
  container: MedusaContainer,
  phase: `${BackfillPhase}`,
  filter: string,
  bindings: (string | number | string[] | null)[]
): Promise<BackfillRow[]> {
  const [table, columns, joins] = BACKFILL_SOURCES[phase]
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `SELECT ${columns} FROM ${table} t ${joins}
        WHERE t.deleted_at IS NULL
          ${phase === BackfillPhase.ORDERS ? "AND t.is_draft_order = false" : ""}
          ${filter}`,
      bindings
    )
  return phase === BackfillPhase.ORDERS ? rows.map(withAddresses) : rows
}

const ADDRESS_FIELDS = ["phone", "country_code", "first_name", "last_name"]

/** An order row's address columns as `{ billing, shipping }` (null when the order has none). */
function withAddresses(row: Record<string, unknown>): BackfillOrderRow {
  const order: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (!/^(billing|shipping)_/.test(key)) {
      order[key] = value
    }
  }
  for (const address of ["billing", "shipping"]) {
    order[address] = row[`${address}_id`]
      ? Object.fromEntries(
          ADDRESS_FIELDS.map((field) => [field, row[`${address}_${field}`]])
        )
      : null
  }
  return order as unknown as BackfillOrderRow
}

/**
 * The names and creation time of customers by id, for the backfill's phone
 * rule and order explanations. One statement per batch: the Customer
 * module's list hydrates each customer as an entity, which made the orders
 * phase half again as slow. Core columns: `customer` (id, first_name,
 * last_name, created_at).
 */
export async function loadCustomerNames(
  container: MedusaContainer,
  ids: string[]
): Promise<
  {
    id: string
    first_name: string | null
    last_name: string | null
    created_at: Date
  }[]
> {
  if (!ids.length) {
    return []
  }
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `SELECT id, first_name, last_name, created_at FROM customer WHERE id = ANY(?)`,
      [ids]
    )
  return rows
}
