import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  FoldEvidence,
} from "../../../types/constants"

export interface FoldCustomersStepInput {
  target_customer_id: string
  source_customer_ids: string[]
  /** What made an automatic fold: it is recorded as merges (none for an admin's merge, which records its own). */
  evidence?: `${FoldEvidence}`
}

export const foldCustomersStepId = "fold-customers"
/**
 * This step folds canonical customers into a target: their links, emails,
 * phones and order contacts move to it; an automatic fold is recorded with
 * its evidence. Its compensation puts every row back from the fold's
 * journal.
 */
export const foldCustomersStep = createStep(
  foldCustomersStepId,
  async (input: FoldCustomersStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const journal = await service.foldCustomers(
      input.target_customer_id,
      input.source_customer_ids,
      input.evidence
    )
    return new StepResponse(journal, journal)
  },
  async (journal, { container }) => {
    if (!journal) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreFold(journal)
  }
)
