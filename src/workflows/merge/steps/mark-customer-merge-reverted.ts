import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, MergeStatus } from "../../../types/constants"
import { CustomerMergeDTO } from "../../../types/module"

export interface MarkCustomerMergeRevertedStepInput {
  id: string
  reverted_by?: string | null
}

export const markCustomerMergeRevertedStepId = "mark-customer-merge-reverted"
/** This step marks a merge reverted; its compensation puts it back exactly. */
export const markCustomerMergeRevertedStep = createStep(
  markCustomerMergeRevertedStepId,
  async (input: MarkCustomerMergeRevertedStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const previous = await service.snapshotRows(
      "CustomerMerge",
      [input.id],
      ["status", "reverted_by", "reverted_at"]
    )
    const merge = await service.updateCustomerMerges({
      id: input.id,
      status: MergeStatus.REVERTED,
      reverted_by: input.reverted_by ?? null,
      reverted_at: new Date(),
    })
    return new StepResponse(merge as unknown as CustomerMergeDTO, previous)
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
