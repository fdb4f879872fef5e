import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CreateNewIdentityDTO } from "../../../types/module"

export const createNewIdentityStepId = "create-new-identity"
/**
 * This step writes the identity of a customer the workflow has just created
 * (or of many, for an import batch): its link, email, phone and kind values
 * in one statement, where a match takes two steps (ensure the link, attach
 * what is missing).
 */
export const createNewIdentityStep = createStep(
  createNewIdentityStepId,
  async (
    input: CreateNewIdentityDTO | CreateNewIdentityDTO[],
    { container }
  ) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const written = await service.createNewIdentity(input)
    return new StepResponse(written, written)
  },
  async (written, { container }) => {
    if (!written) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteNewIdentity(written)
  }
)
