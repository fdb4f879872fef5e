import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CustomerMergeDTO, MergeJournal } from "../../../types/module"

export interface CreateCustomerMergeStepInput {
  source_customer_id: string
  target_customer_id: string
  journal: MergeJournal
  merged_by?: string | null
}

export const createCustomerMergeStepId = "create-customer-merge"
/** This step records a merge and its journal. */
export const createCustomerMergeStep = createStep(
  createCustomerMergeStepId,
  async (input: CreateCustomerMergeStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const merge = await service.createCustomerMerges({
      ...input,
      journal: input.journal as unknown as Record<string, unknown>,
    })
    return new StepResponse(merge as unknown as CustomerMergeDTO, merge.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteCustomerMerges(id)
  }
)
