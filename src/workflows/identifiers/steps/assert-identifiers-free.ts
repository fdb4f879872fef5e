import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { PreparedIdentifiers } from "../../common/steps/prepare-identifiers"

export const assertIdentifiersFreeStepId = "assert-identifiers-free"
/**
 * This step refuses, with a DUPLICATE_ERROR naming the owner, emails and
 * phones that already belong to a customer. Run it under the identifiers'
 * lock so that the answer still holds when the workflow writes.
 */
export const assertIdentifiersFreeStep = createStep(
  assertIdentifiersFreeStepId,
  async (
    input: Pick<PreparedIdentifiers, "emails" | "phones">,
    { container }
  ) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [email] = input.emails.length
      ? await service.listCustomerEmails({
          email_normalized: input.emails.map((e) => e.email_normalized),
        })
      : []
    if (email) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `Email "${email.email}" already belongs to customer ${email.customer_id}`
      )
    }
    const [phone] = input.phones.length
      ? await service.listCustomerPhones({
          phone_e164: input.phones.map((p) => p.phone_e164),
        })
      : []
    if (phone) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `Phone "${phone.phone}" already belongs to customer ${phone.customer_id}`
      )
    }
    return new StepResponse(void 0)
  }
)
