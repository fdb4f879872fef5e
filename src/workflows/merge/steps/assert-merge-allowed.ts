import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MergePlan } from "../../../types/module"

export const assertMergeAllowedStepId = "assert-merge-allowed"
/**
 * This step stops a merge that has blockers, with every blocker in the
 * message so that the admin can clear them all at once.
 */
export const assertMergeAllowedStep = createStep(
  assertMergeAllowedStepId,
  async (plan: MergePlan) => {
    if (plan.blockers.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Customer ${plan.source_customer_id} cannot be merged into ${plan.target_customer_id}: ${plan.blockers
          .map((blocker) => blocker.message)
          .join("; ")}`
      )
    }
    return new StepResponse(void 0)
  }
)
