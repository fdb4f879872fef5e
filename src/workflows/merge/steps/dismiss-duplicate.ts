import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface DismissDuplicateStepInput {
  customer_a_id: string
  customer_b_id: string
}

export const dismissDuplicateStepId = "dismiss-duplicate"
/**
 * This step records that two canonical customers are two people, so that
 * duplicate review no longer suggests the pair. The pair is stored in byte
 * order, the order the duplicate scan compares ids in, so that either order
 * dismisses it. A customer without an identity is NOT_FOUND; a folded one is
 * NOT_ALLOWED: review is about its canonical customer. Dismissing a dismissed
 * pair changes nothing.
 */
export const dismissDuplicateStep = createStep(
  dismissDuplicateStepId,
  async (input: DismissDuplicateStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [customerA, customerB] = [
      input.customer_a_id,
      input.customer_b_id,
    ].sort()
    const links = await service.listCustomerLinks(
      { customer_id: [customerA, customerB] },
      { select: ["customer_id", "canonical_customer_id"] }
    )
    for (const customerId of [customerA, customerB]) {
      const link = links.find((l) => l.customer_id === customerId)
      if (!link) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Customer ${customerId} has no identity`
        )
      }
      if (link.canonical_customer_id !== customerId) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Customer ${customerId} is folded into ${link.canonical_customer_id}: review that customer instead`
        )
      }
    }
    const [dismissed] = await service.listDuplicateDismissals({
      customer_a_id: customerA,
      customer_b_id: customerB,
    })
    if (dismissed) {
      return new StepResponse(dismissed, null)
    }
    const created = await service.createDuplicateDismissals({
      customer_a_id: customerA,
      customer_b_id: customerB,
    })
    return new StepResponse(created, created.id)
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteDuplicateDismissals(createdId)
  }
)
