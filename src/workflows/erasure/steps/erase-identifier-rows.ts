import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { ErasedIdentifier } from "./plan-customer-erasure"

export interface EraseIdentifierRowsStepInput {
  customer_ids: string[]
  /** The erased emails and phones, normalised: anyone's open claim of one goes too. */
  identifiers: ErasedIdentifier[]
}

export const eraseIdentifierRowsStepId = "erase-identifier-rows"
/**
 * This step deletes the emails, phones and claims of erased customers, and
 * anyone's claims of their erased emails and phones, and clears the email
 * and phone typed on their order contacts (the contacts, like the orders,
 * stay). Its compensation puts every row back exactly.
 */
export const eraseIdentifierRowsStep = createStep(
  eraseIdentifierRowsStepId,
  async (input: EraseIdentifierRowsStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const journal = await service.eraseIdentifierRows(
      input.customer_ids,
      input.identifiers
    )
    return new StepResponse(void 0, journal)
  },
  async (journal, { container }) => {
    if (!journal) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreErasedRows(journal)
  }
)
