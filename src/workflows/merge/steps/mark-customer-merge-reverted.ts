import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, MergeStatus } from "../../../types/constants"
import { CustomerMergeDTO } from "../../../types/module"

export interface MarkCustomerMergeRevertedStepInput {
  ids: string[]
  reverted_by?: string | null
}

export const markCustomerMergeRevertedStepId = "mark-customer-merge-reverted"
/**
 * This step marks merges reverted (an admin's revert, or the folds an
 * erasure undoes); its compensation puts them back exactly.
 */
export const markCustomerMergeRevertedStep = createStep(
  markCustomerMergeRevertedStepId,
  async (input: MarkCustomerMergeRevertedStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const previous = await service.snapshotRows("CustomerMerge", input.ids, [
      "status",
      "reverted_by",
      "reverted_at",
    ])
    const merges = await service.updateCustomerMerges({
      selector: { id: input.ids },
      data: {
        status: MergeStatus.REVERTED,
        reverted_by: input.reverted_by ?? null,
        reverted_at: new Date(),
      },
    })
    return new StepResponse(merges as unknown as CustomerMergeDTO[], previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(previous)
  }
)
