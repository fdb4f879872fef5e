import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { recordOrderContactWorkflow } from "../workflows"

const PAGE_SIZE = 100
// Twice the schedule: a run that is late or fails is covered by the next one.
const LOOKBACK_MS = 2 * 60 * 60 * 1000

/**
 * Catches up on changes no event announces, such as an accepted order
 * transfer: orders changed since the previous run get their contact and their
 * customers' stats recorded again. Recording is idempotent, so overlapping
 * windows cost time, not correctness.
 */
export default async function reconcileCustomerIdentitiesJob(
  container: MedusaContainer
) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const since = new Date(Date.now() - LOOKBACK_MS)
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id"],
      filters: { updated_at: { $gte: since } },
      pagination: { skip, take: PAGE_SIZE, order: { id: "ASC" } },
    })
    for (const order of orders) {
      await recordOrderContactWorkflow(container).run({
        input: { order_id: order.id },
      })
    }
    if (orders.length < PAGE_SIZE) {
      return
    }
  }
}

export const config = {
  name: "customer-identity-reconcile",
  schedule: "0 * * * *",
}
