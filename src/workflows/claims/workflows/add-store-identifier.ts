import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { IdentitySource } from "../../../types/constants"
import { prepareIdentifiersStep } from "../../common/steps/prepare-identifiers"
import { createCustomerClaimStep } from "../steps/create-customer-claim"

export interface AddStoreIdentifierWorkflowInput {
  customer_id: string
  kind: "email" | "phone"
  value: string
  type?: string
  country_code?: string | null
}

export const addStoreIdentifierWorkflowId = "add-store-identifier"
/**
 * This workflow records an email or phone a shopper adds in the store as a
 * claim, to be proven with a code. Nothing is linked until then, and the
 * answer is the same whether or not another customer owns the value.
 */
export const addStoreIdentifierWorkflow = createWorkflow(
  addStoreIdentifierWorkflowId,
  (input: WorkflowData<AddStoreIdentifierWorkflowInput>) => {
    const identifiers = transform({ input }, ({ input }) => ({
      source: IdentitySource.STORE,
      ...(input.kind === "email"
        ? { emails: [{ email: input.value, type: input.type as never }] }
        : {
            phones: [
              {
                phone: input.value,
                type: input.type as never,
                country_code: input.country_code,
              },
            ],
          }),
    }))
    const prepared = prepareIdentifiersStep(identifiers)
    const claimInput = transform({ input, prepared }, ({ input, prepared }) => {
      const [email] = prepared.emails
      const [phone] = prepared.phones
      return {
        customer_id: input.customer_id,
        kind: input.kind,
        value: email?.email ?? phone.phone,
        value_normalized: email?.email_normalized ?? phone.phone_e164,
        type: input.type ?? "other",
      }
    })
    return new WorkflowResponse(createCustomerClaimStep(claimInput))
  }
)
