import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideUserLink } from "../../../policy"
import {
  CUSTOMER_IDENTITY_MODULE,
  CustomerIdentityStatus,
} from "../../../types/constants"

export interface SetCustomerUserStepInput {
  customer_id: string
  user_id: string
  /** Set with the link, for a customer made for the user. */
  status?: `${CustomerIdentityStatus}`
}

export const setCustomerUserStepId = "set-customer-user"
/**
 * This step links an admin user to a customer. A customer linked to another
 * user, or a user linked to another customer, is a DUPLICATE_ERROR: one user
 * stands for at most one customer and the other way round.
 */
export const setCustomerUserStep = createStep(
  setCustomerUserStepId,
  async (input: SetCustomerUserStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [userLink] = await service.listCustomerLinks({
      user_id: input.user_id,
    })
    const link = await service.retrieveCustomerLinkByCustomerId(
      input.customer_id
    )
    const decision = decideUserLink({
      user_id: input.user_id,
      user_customer_id: userLink?.customer_id ?? null,
      customer: { customer_id: input.customer_id, user_id: link.user_id },
    })
    if (decision.link === "refuse") {
      throw new MedusaError(MedusaError.Types.DUPLICATE_ERROR, decision.reason)
    }
    if (decision.link === "keep") {
      return new StepResponse(link, null)
    }
    const previous = await service.snapshotRows(
      "CustomerLink",
      [link.id],
      ["user_id", "status"]
    )
    const updated = await service.updateCustomerLinks({
      id: link.id,
      user_id: input.user_id,
      ...(input.status
        ? { status: input.status as CustomerIdentityStatus }
        : {}),
    })
    return new StepResponse(updated, previous)
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
