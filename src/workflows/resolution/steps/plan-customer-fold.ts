import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideEmailFold, FoldDecision } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface PlanCustomerFoldStepInput {
  customer_id: string
  email_normalized?: string
}

export type CustomerFoldPlan = FoldDecision

export const planCustomerFoldStepId = "plan-customer-fold"
/**
 * This step decides whether indexing a customer folds identities, by the
 * identity policy's `decideEmailFold`: when its email belongs to another
 * canonical customer, the two are one person (a registered account wins over
 * a guest; of two guests the first owner; two accounts never fold).
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
    // Account flags matter only between two identities: no read otherwise.
    const accounts = new Set(
      owner && owner.customer_id !== own
        ? (
            await container
              .resolve(Modules.CUSTOMER)
              .listCustomers(
                { id: [own, owner.customer_id] },
                { select: ["id", "has_account"] }
              )
          )
            .filter((customer) => customer.has_account)
            .map((customer) => customer.id)
        : []
    )
    const party = (customer_id: string) => ({
      customer_id,
      has_account: accounts.has(customer_id),
    })
    return new StepResponse<CustomerFoldPlan>(
      decideEmailFold(party(own), owner ? party(owner.customer_id) : null)
    )
  }
)
