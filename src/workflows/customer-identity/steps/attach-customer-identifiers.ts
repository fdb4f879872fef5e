import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"

export interface AttachCustomerIdentifiersStepInput {
  customer_id: string
  email?: ParsedEmail
  phone?: ParsedPhone
  source: string
}

export const attachCustomerIdentifiersStepId = "attach-customer-identifiers"
/**
 * This step adds an email and a phone to a canonical customer when nobody
 * owns them yet; an identifier that already belongs to a customer (this one
 * or another) is left where it is. The customer's first email and phone
 * become its primary ones.
 */
export const attachCustomerIdentifiersStep = createStep(
  attachCustomerIdentifiersStepId,
  async (input: AttachCustomerIdentifiersStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const source = input.source as never
    const created = { email_ids: [] as string[], phone_ids: [] as string[] }

    if (input.email) {
      const [owner] = await service.listCustomerEmails(
        { email_normalized: input.email.email_normalized },
        { select: ["id"] }
      )
      if (!owner) {
        const row = await service.createCustomerEmails({
          customer_id: input.customer_id,
          email: input.email.email,
          source,
        })
        created.email_ids.push(row.id)
      }
    }
    if (input.phone) {
      const [owner] = await service.listCustomerPhones(
        { phone_e164: input.phone.phone_e164 },
        { select: ["id"] }
      )
      if (!owner) {
        const row = await service.createCustomerPhones({
          customer_id: input.customer_id,
          phone: input.phone.phone,
          country_code: input.phone.country_code,
          source,
        })
        created.phone_ids.push(row.id)
      }
    }
    return new StepResponse(created, created)
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteCustomerEmails(created.email_ids)
    await service.deleteCustomerPhones(created.phone_ids)
  }
)
