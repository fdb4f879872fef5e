import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CreateCustomerEmailDTO,
  CreateCustomerPhoneDTO,
} from "../../../types/module"

export interface CreateCustomerIdentifiersStepInput {
  emails?: CreateCustomerEmailDTO[]
  phones?: CreateCustomerPhoneDTO[]
}

export const createCustomerIdentifiersStepId = "create-customer-identifiers"
/**
 * This step adds emails and phones to customers with the module's rules: an
 * identifier already on the customer or owned by another customer is a
 * DUPLICATE_ERROR naming that customer.
 */
export const createCustomerIdentifiersStep = createStep(
  createCustomerIdentifiersStepId,
  async (input: CreateCustomerIdentifiersStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const emails = input.emails?.length
      ? await service.createCustomerEmails(input.emails)
      : []
    const phones = input.phones?.length
      ? await service.createCustomerPhones(input.phones)
      : []
    return new StepResponse(
      { emails, phones },
      {
        email_ids: emails.map((row) => row.id),
        phone_ids: phones.map((row) => row.id),
      }
    )
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
