import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { FoldJournal } from "../../../types/module"

export const restoreFoldStepId = "restore-fold"
/**
 * This step undoes a fold from its journal, as a merge's revert does. Its
 * compensation puts the journaled rows back exactly as it found them.
 */
export const restoreFoldStep = createStep(
  restoreFoldStepId,
  async (journal: FoldJournal, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const previous = await service.restoreFold(journal)
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreFold(previous)
  }
)
