import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { retrieveMerge } from "../utils/retrieve-merge"

export const retrieveCustomerMergeStepId = "retrieve-customer-merge"
/** This step reads a merge; NOT_FOUND when there is none. */
export const retrieveCustomerMergeStep = createStep(
  retrieveCustomerMergeStepId,
  async (id: string, { container }) =>
    new StepResponse(
      await retrieveMerge(container.resolve(CUSTOMER_IDENTITY_MODULE), id)
    )
)
