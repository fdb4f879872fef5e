import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CreateCustomerEmailDTO,
  CreateCustomerIdentifierDTO,
  CreateCustomerPhoneDTO,
} from "../../../types/module"

export interface CreateCustomerIdentifiersStepInput {
  emails?: CreateCustomerEmailDTO[]
  phones?: CreateCustomerPhoneDTO[]
  identifiers?: CreateCustomerIdentifierDTO[]
}

export const createCustomerIdentifiersStepId = "create-customer-identifiers"
/**
 * This step adds emails, phones and values of identifier kinds to customers
 * with the module's rules: an
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
    const identifiers = input.identifiers?.length
      ? await service.createCustomerIdentifiers(input.identifiers)
      : []
    return new StepResponse(
      { emails, phones, identifiers },
      {
        email_ids: emails.map((row) => row.id),
        phone_ids: phones.map((row) => row.id),
        identifier_ids: identifiers.map((row) => row.id),
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
    await service.deleteCustomerIdentifiers(created.identifier_ids ?? [])
  }
)
