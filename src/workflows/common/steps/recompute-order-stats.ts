import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export const recomputeOrderStatsStepId = "recompute-order-stats"
/**
 * This step recomputes the order count and first/last order dates of
 * canonical customers from their order contacts.
 */
export const recomputeOrderStatsStep = createStep(
  recomputeOrderStatsStepId,
  async (canonicalCustomerIds: string[], { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const before = await service.recomputeOrderStats(canonicalCustomerIds)
    return new StepResponse(void 0, before)
  },
  async (before, { container }) => {
    if (!before?.rows.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(before)
  }
)
