import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface MoveCustomerUserStepInput {
  user_id: string
  from_customer_id: string
  to_customer_id: string
}

const moveUser = async (
  service: CustomerIdentityModuleService,
  input: MoveCustomerUserStepInput
) => {
  const [from, to] = await Promise.all([
    service.retrieveCustomerLinkByCustomerId(input.from_customer_id),
    service.retrieveCustomerLinkByCustomerId(input.to_customer_id),
  ])
  // Off the old link first: a user is linked to one customer (unique index).
  await service.updateCustomerLinks({ id: from.id, user_id: null })
  await service.updateCustomerLinks({ id: to.id, user_id: input.user_id })
}

export const moveCustomerUserStepId = "move-customer-user"
/**
 * This step moves an admin user's link from one customer to another, as a
 * merge and its revert do. Its compensation moves it back.
 */
export const moveCustomerUserStep = createStep(
  moveCustomerUserStepId,
  async (input: MoveCustomerUserStepInput, { container }) => {
    await moveUser(container.resolve(CUSTOMER_IDENTITY_MODULE), input)
    return new StepResponse(void 0, input)
  },
  async (input, { container }) => {
    if (!input) {
      return
    }
    await moveUser(container.resolve(CUSTOMER_IDENTITY_MODULE), {
      user_id: input.user_id,
      from_customer_id: input.to_customer_id,
      to_customer_id: input.from_customer_id,
    })
  }
)
