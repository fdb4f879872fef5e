import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BackfillPhase } from "../../../types/constants"

export interface LoadBackfillBatchStepInput {
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
  /** The billing address's phone, else the shipping address's, as typed. */
  phone: string | null
  country_code: string | null
  placed_at: Date
  canceled_at: Date | null
}

export type BackfillRow =
  BackfillCustomerRow | BackfillUserRow | BackfillOrderRow

export interface BackfillBatch {
  rows: BackfillRow[]
  /** The last id of this batch; null when the phase has no rows left. */
  next_cursor: string | null
}

const FIELDS: Record<`${BackfillPhase}`, string[]> = {
  customers: ["id", "email", "phone", "has_account", "created_at"],
  users: ["id", "email", "created_at"],
  orders: [
    "id",
    "email",
    "customer_id",
    "created_at",
    "canceled_at",
    "customer.has_account",
    "billing_address.phone",
    "billing_address.country_code",
    "shipping_address.phone",
    "shipping_address.country_code",
  ],
}

const ENTITIES = { customers: "customer", users: "user", orders: "order" }

export const loadBackfillBatchStepId = "load-backfill-batch"
/**
 * This step reads the next batch of a backfill phase: the customers, admin
 * users or placed orders with an id after the cursor, in id order (keyset
 * pagination, so every batch costs the same however far the run has come).
 */
export const loadBackfillBatchStep = createStep(
  loadBackfillBatchStepId,
  async (input: LoadBackfillBatchStepInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const filters: Record<string, unknown> = {}
    if (input.cursor) {
      filters.id = { $gt: input.cursor }
    }
    if (input.created_after && input.phase !== BackfillPhase.USERS) {
      filters.created_at = { $gte: input.created_after }
    }
    if (input.phase === BackfillPhase.ORDERS) {
      filters.is_draft_order = false
    }
    const { data } = await query.graph({
      entity: ENTITIES[input.phase],
      fields: FIELDS[input.phase],
      filters,
      pagination: { take: input.batch_size, order: { id: "ASC" } },
    })
    const rows =
      input.phase === BackfillPhase.ORDERS ? data.map(toOrderRow) : data
    return new StepResponse<BackfillBatch>({
      rows,
      next_cursor: data.length ? data[data.length - 1].id : null,
    })
  }
)

function toOrderRow(order: any): BackfillOrderRow {
  // As recordOrderContactWorkflow reads it.
  const address = order.billing_address?.phone
    ? order.billing_address
    : order.shipping_address
  return {
    id: order.id,
    email: order.email ?? null,
    customer_id: order.customer_id ?? null,
    has_account: !!order.customer?.has_account,
    phone: address?.phone || null,
    country_code: address?.country_code ?? null,
    placed_at: order.created_at,
    canceled_at: order.canceled_at ?? null,
  }
}
