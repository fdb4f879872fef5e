import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface MoveCustomerUserStepInput {
  user_id: string
  from_customer_id: string
  to_customer_id: string
}

export const moveCustomerUserStepId = "move-customer-user"
/**
 * This step moves an admin user's link from one customer to another, as a
 * merge and its revert do. Its compensation puts both links back exactly.
 */
export const moveCustomerUserStep = createStep(
  moveCustomerUserStepId,
  async (input: MoveCustomerUserStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [from, to] = await Promise.all([
      service.retrieveCustomerLinkByCustomerId(input.from_customer_id),
      service.retrieveCustomerLinkByCustomerId(input.to_customer_id),
    ])
    const previous = await service.snapshotRows(
      "CustomerLink",
      [from.id, to.id],
      ["user_id", "status"]
    )
    // Off the old link first: a user is linked to one customer (unique index).
    await service.updateCustomerLinks({ id: from.id, user_id: null })
    await service.updateCustomerLinks({ id: to.id, user_id: input.user_id })
    return new StepResponse(void 0, previous)
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
