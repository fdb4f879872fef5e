import { OrderChangeDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { identityOrderIds } from "../utils/identity-order-ids"

/** How earlier versions of the plugin described a transfer on a proof: with the email or phone in clear. */
const CLEAR_CLAIM_DESCRIPTION = "Claimed by the customer who verified "

interface RedactedOrderChanges {
  changes: { id: string; description: string | null }[]
  actions: { id: string; details: Record<string, unknown> | null }[]
}

export const redactOrderChangesStepId = "redact-order-changes"
/**
 * This step redacts the transfers of erased customers' orders: the
 * `original_email` of their actions (core's transfers and earlier versions
 * of the plugin keep it), and the description earlier versions of the
 * plugin wrote with the proven email or phone. Its compensation puts them
 * back.
 */
export const redactOrderChangesStep = createStep(
  redactOrderChangesStepId,
  async (customerIds: string[], { container }) => {
    const orderModule = container.resolve(Modules.ORDER)
    const orderIds = await identityOrderIds(container, customerIds)
    // `description` is on the model, not on the DTO's type.
    const changes = (
      orderIds.length
        ? await orderModule.listOrderChanges(
            { order_id: orderIds },
            {
              select: ["id", "change_type", "description"],
              relations: ["actions"],
            }
          )
        : []
    ).filter(
      (change) => change.change_type === "transfer"
    ) as (OrderChangeDTO & {
      description: string | null
    })[]
    const previous: RedactedOrderChanges = {
      changes: changes
        .filter((change) =>
          change.description?.startsWith(CLEAR_CLAIM_DESCRIPTION)
        )
        .map((change) => ({ id: change.id, description: change.description })),
      actions: changes
        .flatMap((change) => change.actions ?? [])
        .filter(
          (action) => action.details && "original_email" in action.details
        )
        .map((action) => ({
          id: action.id,
          details: action.details as Record<string, unknown>,
        })),
    }
    if (previous.changes.length) {
      await orderModule.updateOrderChanges(
        previous.changes.map((change) => ({
          id: change.id,
          description: `${CLEAR_CLAIM_DESCRIPTION}an email or phone (erased)`,
        }))
      )
    }
    if (previous.actions.length) {
      await orderModule.updateOrderChangeActions(
        // null, not a missing key: the module merges JSON columns on update.
        previous.actions.map(({ id, details }) => ({
          id,
          details: { ...details, original_email: null },
        }))
      )
    }
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const orderModule = container.resolve(Modules.ORDER)
    if (previous.changes.length) {
      await orderModule.updateOrderChanges(previous.changes as never)
    }
    if (previous.actions.length) {
      await orderModule.updateOrderChangeActions(previous.actions as never)
    }
  }
)
