import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideCodeGuess } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CustomerClaimDTO } from "../../../types/module"
import {
  CODE_WINDOW_MINUTES,
  MAX_CODE_ATTEMPTS,
  MAX_WRONG_CODE_GUESSES,
  RATE_LIMITED,
} from "../../../utils/verification-code"
import { codeLimitError, withCodeLimitsLock } from "../utils/code-limits"

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
 * This step uses up a claim's code if it is right, within the guess limit
 * the identity policy's `decideCodeGuess` sets per identifier and customer:
 * past it the code is not checked (429). Wrong guesses are counted on the
 * identifier under a lock on it, and stay counted even when the workflow
 * fails; a right code used by a workflow that fails later is given back by
 * the compensation.
 */
export const checkClaimCodeStep = createStep(
  checkClaimCodeStepId,
  async (
    { claim, code }: { claim: CustomerClaimDTO; code: string },
    { container }
  ) => {
    const service = container.resolve<CustomerIdentityModuleService>(
      CUSTOMER_IDENTITY_MODULE
    )
    const attempt = await withCodeLimitsLock(
      container,
      claim,
      async (identifierHash) => {
        const now = new Date()
        const wrongGuesses = await service.listCodeGuesses(
          {
            identifier_hash: identifierHash,
            created_at: {
              $gt: new Date(now.getTime() - CODE_WINDOW_MINUTES * 60_000),
            },
          },
          { select: ["customer_id", "created_at"] }
        )
        const decision = decideCodeGuess(
          claim.customer_id,
          wrongGuesses,
          {
            perCustomer: MAX_WRONG_CODE_GUESSES,
            windowMinutes: CODE_WINDOW_MINUTES,
          },
          now
        )
        if (decision.guess === "refuse") {
          throw codeLimitError(
            `Too many wrong codes were tried for ${claim.value}`,
            decision.retry_after_seconds
          )
        }
        return await service.attemptClaimCode(
          claim.id,
          code,
          MAX_CODE_ATTEMPTS,
          {
            customer_id: claim.customer_id,
            kind: claim.kind,
            identifier_hash: identifierHash,
          }
        )
      }
    )
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
