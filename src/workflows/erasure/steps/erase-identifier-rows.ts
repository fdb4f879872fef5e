import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export const eraseIdentifierRowsStepId = "erase-identifier-rows"
/**
 * This step deletes the emails, phones and claims of erased customers and
 * clears the email and phone typed on their order contacts (the contacts,
 * like the orders, stay). Its compensation puts every row back exactly.
 */
export const eraseIdentifierRowsStep = createStep(
  eraseIdentifierRowsStepId,
  async (customerIds: string[], { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const journal = await service.eraseIdentifierRows(customerIds)
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
