import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { FoldJournal } from "../../../types/module"

export const restoreFoldStepId = "restore-fold"
/**
 * This step undoes a fold from its journal, as a merge's revert does. Its
 * compensation folds the same customers again; the caller has checked, under
 * the customers' locks, that the fold's rows have not moved since.
 */
export const restoreFoldStep = createStep(
  restoreFoldStepId,
  async (journal: FoldJournal, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreFold(journal)
    return new StepResponse(void 0, journal)
  },
  async (journal, { container }) => {
    if (!journal) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.foldCustomers(journal.target_customer_id, [
      ...new Set(journal.links.map((link) => link.canonical_customer_id)),
    ])
  }
)
