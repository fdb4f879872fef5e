import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, MatchedBy } from "../../../types/constants"
import { OrderContactDTO } from "../../../types/module"
import { sameInstant } from "../../common/utils/same-instant"

export type UpsertOrderContactStepInput = Omit<OrderContactDTO, "id">

type Previous =
  | { created_id: string }
  | {
      id: string
      customer_id: string | null
      canonical_customer_id: string
      canceled_at: Date | null
    }

export const upsertOrderContactStepId = "upsert-order-contact"
/**
 * This step records an order's contact once. A contact already recorded
 * keeps its snapshot (email, phone, how it was matched) and only follows the
 * order's customer and cancellation. Returns the canonical customers whose
 * stats it touched.
 */
export const upsertOrderContactStep = createStep(
  upsertOrderContactStepId,
  async (input: UpsertOrderContactStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [existing] = await service.listOrderContacts({
      order_id: input.order_id,
    })
    if (!existing) {
      const created = await service.createOrderContacts({
        ...input,
        matched_by: input.matched_by as MatchedBy,
      })
      return new StepResponse(
        { canonical_customer_ids: [input.canonical_customer_id] },
        { created_id: created.id } as Previous
      )
    }
    const unchanged =
      existing.customer_id === input.customer_id &&
      existing.canonical_customer_id === input.canonical_customer_id &&
      sameInstant(existing.canceled_at, input.canceled_at)
    if (unchanged) {
      return new StepResponse(
        { canonical_customer_ids: [input.canonical_customer_id] },
        null
      )
    }
    await service.updateOrderContacts({
      id: existing.id,
      customer_id: input.customer_id,
      canonical_customer_id: input.canonical_customer_id,
      canceled_at: input.canceled_at,
    })
    return new StepResponse(
      {
        canonical_customer_ids: [
          ...new Set([
            existing.canonical_customer_id,
            input.canonical_customer_id,
          ]),
        ],
      },
      {
        id: existing.id,
        customer_id: existing.customer_id,
        canonical_customer_id: existing.canonical_customer_id,
        canceled_at: existing.canceled_at,
      } as Previous
    )
  },
  async (previous: Previous | null | undefined, { container }) => {
    if (!previous) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    if ("created_id" in previous) {
      await service.deleteOrderContacts(previous.created_id)
      return
    }
    await service.updateOrderContacts(previous)
  }
)
