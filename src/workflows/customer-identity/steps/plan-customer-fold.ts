import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface PlanCustomerFoldStepInput {
  customer_id: string
  email_normalized?: string
}

export interface CustomerFoldPlan {
  /** The customer's canonical customer once the fold (if any) is done. */
  canonical_customer_id: string
  fold: { target_customer_id: string; source_customer_ids: string[] } | null
}

export const planCustomerFoldStepId = "plan-customer-fold"
/**
 * This step decides whether indexing a customer folds identities: when its
 * email belongs to another canonical customer, the two are one person. A
 * registered account wins over a guest; of two guests, the one that owned the
 * email first stays canonical; two accounts are never folded automatically.
 */
export const planCustomerFoldStep = createStep(
  planCustomerFoldStepId,
  async (input: PlanCustomerFoldStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [link] = await service.listCustomerLinks(
      { customer_id: input.customer_id },
      { select: ["canonical_customer_id"] }
    )
    const own = link?.canonical_customer_id ?? input.customer_id
    const [owner] = input.email_normalized
      ? await service.listCustomerEmails(
          { email_normalized: input.email_normalized },
          { select: ["customer_id"] }
        )
      : []
    if (!owner || owner.customer_id === own) {
      return new StepResponse<CustomerFoldPlan>({
        canonical_customer_id: own,
        fold: null,
      })
    }

    const customers = await container
      .resolve(Modules.CUSTOMER)
      .listCustomers(
        { id: [own, owner.customer_id] },
        { select: ["id", "has_account"] }
      )
    const hasAccount = (id: string) =>
      !!customers.find((customer) => customer.id === id)?.has_account
    if (hasAccount(own) && hasAccount(owner.customer_id)) {
      return new StepResponse<CustomerFoldPlan>({
        canonical_customer_id: own,
        fold: null,
      })
    }
    const [target, source] =
      hasAccount(own) && !hasAccount(owner.customer_id)
        ? [own, owner.customer_id]
        : [owner.customer_id, own]
    return new StepResponse<CustomerFoldPlan>({
      canonical_customer_id: target,
      fold: { target_customer_id: target, source_customer_ids: [source] },
    })
  }
)
