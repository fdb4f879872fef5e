import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export const unsetCustomerUserStepId = "unset-customer-user"
/**
 * This step unlinks an admin user from its customer. A user without a
 * customer is left as it is.
 */
export const unsetCustomerUserStep = createStep(
  unsetCustomerUserStepId,
  async (input: { user_id: string }, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [link] = await service.listCustomerLinks({ user_id: input.user_id })
    if (!link) {
      return new StepResponse(null, null)
    }
    const previous = await service.snapshotRows(
      "CustomerLink",
      [link.id],
      ["user_id", "status"]
    )
    await service.updateCustomerLinks({ id: link.id, user_id: null })
    return new StepResponse(link, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(previous)
  }
)
