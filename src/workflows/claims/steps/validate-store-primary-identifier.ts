import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { StoreIdentifier } from "../utils/store-view"

export const validateStorePrimaryIdentifierStepId =
  "validate-store-primary-identifier"
/**
 * This step refuses to make a pending claim primary (NOT_ALLOWED): the
 * shopper verifies it first. A row the shopper sees may become primary,
 * verified or not (its own account email).
 */
export const validateStorePrimaryIdentifierStep = createStep(
  validateStorePrimaryIdentifierStepId,
  async (identifier: StoreIdentifier) => {
    if (identifier.claim) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Verify ${identifier.claim.value} before making it primary`
      )
    }
    return new StepResponse(void 0)
  }
)
