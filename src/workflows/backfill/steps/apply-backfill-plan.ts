import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { BackfillPlan } from "../../../types/module"
import { revertBackfillJournal } from "../utils/revert-backfill-journal"

export const applyBackfillPlanStepId = "apply-backfill-plan"
/**
 * This step writes a backfill batch's plan in one transaction, set-based.
 * Its compensation undoes every row it wrote, folds and stats included.
 */
export const applyBackfillPlanStep = createStep(
  applyBackfillPlanStepId,
  async (plan: BackfillPlan, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const journal = await service.applyBackfillPlan(plan)
    return new StepResponse(void 0, journal)
  },
  revertBackfillJournal
)
