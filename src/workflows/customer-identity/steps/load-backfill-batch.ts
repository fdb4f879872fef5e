import { MedusaContainer } from "@medusajs/framework/types"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  BackfillPhase,
  CUSTOMER_IDENTITY_MODULE,
} from "../../../types/constants"

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

/**
 * Reads the next batch of a backfill phase: the customers, admin users or
 * placed orders with an id after the cursor, in id order (keyset pagination,
 * so every batch costs the same however far the run has come). Called by
 * planBackfillBatchStep: the rows never become workflow data, which the
 * workflow engine would copy value by value between steps.
 */
export async function loadBackfillBatch(
  container: MedusaContainer,
  input: LoadBackfillBatchInput
): Promise<BackfillBatch> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const rows = await service.listBackfillRows<BackfillRow>(input)
  return {
    rows,
    next_cursor: rows.length ? rows[rows.length - 1].id : null,
  }
}
