import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface MarkCustomerLinksErasedStepInput {
  customer_ids: string[]
  erased_at: Date
}

export const markCustomerLinksErasedStepId = "mark-customer-links-erased"
/**
 * This step archives the links of erased customers, sets their `erased_at`
 * and unlinks their admin user. Its compensation restores them exactly.
 */
export const markCustomerLinksErasedStep = createStep(
  markCustomerLinksErasedStepId,
  async (input: MarkCustomerLinksErasedStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const previous = await service.markCustomerLinksErased(
      input.customer_ids,
      new Date(input.erased_at)
    )
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous?.rows.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(previous)
  }
)
