import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface ProveFoldsStepInput {
  customer_id: string
  /** The email or phone row the customer has just proven. */
  identifier_id: string | null
}

export const proveFoldsStepId = "prove-folds"
/**
 * This step marks as proven the unproven folds into the customer (an
 * account's unverified email, a phone) that brought it the identifier it has
 * just proven: an erasure no longer undoes them. Its compensation puts them
 * back as they were.
 */
export const proveFoldsStep = createStep(
  proveFoldsStepId,
  async (input: ProveFoldsStepInput, { container }) => {
    if (!input.identifier_id) {
      return new StepResponse(void 0)
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const previous = await service.proveFolds(input.customer_id, [
      input.identifier_id,
    ])
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous?.rows.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(previous)
  }
)
