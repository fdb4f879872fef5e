import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export interface RemoveMergedCustomerGroupsStepInput {
  customer_id: string
  customer_group_ids: string[]
}

interface GroupMembership {
  id: string
  customer_id: string
  customer_group_id: string
  created_by?: string | null
  metadata?: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

/** Generated for every model of the Customer module, though its interface leaves the memberships out. */
interface GroupMemberships {
  listCustomerGroupCustomers(
    filters: Record<string, unknown>
  ): Promise<GroupMembership[]>
  createCustomerGroupCustomers(rows: GroupMembership[]): Promise<unknown>
  removeCustomerFromGroup(
    pairs: { customer_id: string; customer_group_id: string }[]
  ): Promise<void>
}

const customerModule = (container: { resolve(key: string): unknown }) =>
  container.resolve(Modules.CUSTOMER) as GroupMemberships

export const removeMergedCustomerGroupsStepId = "remove-merged-customer-groups"
/**
 * This step takes a customer out of the groups a merge added it to. Its
 * compensation puts the very membership rows back (id and timestamps):
 * core's `linkCustomerGroupsToCustomerStep` would add new ones.
 */
export const removeMergedCustomerGroupsStep = createStep(
  removeMergedCustomerGroupsStepId,
  async (input: RemoveMergedCustomerGroupsStepInput, { container }) => {
    const module = customerModule(container)
    const rows = await module.listCustomerGroupCustomers({
      customer_id: input.customer_id,
      customer_group_id: input.customer_group_ids,
    })
    await module.removeCustomerFromGroup(
      rows.map(({ customer_id, customer_group_id }) => ({
        customer_id,
        customer_group_id,
      }))
    )
    return new StepResponse(void 0, rows)
  },
  async (rows, { container }) => {
    if (!rows?.length) {
      return
    }
    await customerModule(container).createCustomerGroupCustomers(
      rows.map((row) => ({
        id: row.id,
        customer_id: row.customer_id,
        customer_group_id: row.customer_group_id,
        created_by: row.created_by ?? null,
        metadata: row.metadata ?? null,
        created_at: row.created_at,
        updated_at: row.updated_at,
      }))
    )
  }
)
