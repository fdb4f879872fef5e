import { Context } from "@medusajs/framework/types"
import { RowSnapshot } from "../../../types/module"
import { sql, stateColumns } from "./run"

/**
 * A canonical customer's order stats over its contacts `oc` (grouped; rows of
 * a LEFT JOIN without a contact count for nothing): canceled orders do not count.
 */
export const ORDER_STATS = `
  count(oc.placed_at) FILTER (WHERE oc.canceled_at IS NULL)::int AS order_count,
  min(oc.placed_at) FILTER (WHERE oc.canceled_at IS NULL) AS first_order_at,
  max(oc.placed_at) FILTER (WHERE oc.canceled_at IS NULL) AS last_order_at`

/**
 * Recomputes the order stats of canonical customers from their order
 * contacts (canceled orders do not count), so that an event seen twice
 * cannot count twice. Returns the stats as they were before.
 */
export async function recomputeOrderStats(
  context: Context,
  canonicalCustomerIds: string[]
): Promise<RowSnapshot> {
  if (!canonicalCustomerIds.length) {
    return { entity: "CustomerLink", rows: [] }
  }
  const before = await sql(
    context,
    `SELECT ${stateColumns(["order_count", "first_order_at", "last_order_at"])}
       FROM customer_identity_link
      WHERE deleted_at IS NULL AND customer_id = ANY(?)
      FOR UPDATE`,
    [canonicalCustomerIds]
  )
  await sql(
    context,
    `UPDATE customer_identity_link l
        SET order_count = s.order_count,
            first_order_at = s.first_order_at,
            last_order_at = s.last_order_at,
            updated_at = now()
       FROM (
         SELECT ids.customer_id, ${ORDER_STATS}
           FROM unnest(?::text[]) AS ids(customer_id)
           LEFT JOIN customer_identity_order_contact oc
             ON oc.canonical_customer_id = ids.customer_id AND oc.deleted_at IS NULL
          GROUP BY ids.customer_id
       ) s
      WHERE l.customer_id = s.customer_id AND l.deleted_at IS NULL
        AND (l.order_count, l.first_order_at, l.last_order_at)
            IS DISTINCT FROM (s.order_count, s.first_order_at, s.last_order_at)`,
    [canonicalCustomerIds]
  )
  return { entity: "CustomerLink", rows: before }
}
