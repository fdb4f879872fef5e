import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  MAX_CODE_ATTEMPTS,
  RATE_LIMITED,
} from "../../../utils/verification-code"

const CODE_ERRORS = {
  wrong: [MedusaError.Types.INVALID_DATA, "The code is wrong"],
  expired: [
    MedusaError.Types.INVALID_DATA,
    "The code has expired; request a new one",
  ],
  missing: [
    MedusaError.Types.INVALID_DATA,
    "No code is waiting to be used; request a new one",
  ],
  locked: [
    MedusaError.Types.NOT_ALLOWED,
    `The code was tried ${MAX_CODE_ATTEMPTS} times; request a new one`,
  ],
} as const

export const checkClaimCodeStepId = "check-claim-code"
/**
 * This step uses up a claim's code if it is right. Wrong guesses stay
 * counted even when the workflow fails; a right code used by a workflow that
 * fails later is given back by the compensation.
 */
export const checkClaimCodeStep = createStep(
  checkClaimCodeStepId,
  async (input: { claim_id: string; code: string }, { container }) => {
    const attempt = await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .attemptClaimCode(input.claim_id, input.code, MAX_CODE_ATTEMPTS)
    if (attempt.outcome !== "verified") {
      const [type, message] = CODE_ERRORS[attempt.outcome]
      throw new MedusaError(
        type,
        message,
        attempt.outcome === "locked" ? RATE_LIMITED : undefined
      )
    }
    return new StepResponse(void 0, attempt.before)
  },
  async (used, { container }) => {
    if (!used) {
      return
    }
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .restoreRows(used)
  }
)
