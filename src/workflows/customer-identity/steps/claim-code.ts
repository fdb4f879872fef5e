import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CustomerClaimDTO } from "../../../types/module"
import {
  generateVerificationCode,
  hashVerificationCode,
  MAX_CODE_ATTEMPTS,
  MAX_CODE_SENDS,
  RATE_LIMITED,
  SEND_WINDOW_MINUTES,
} from "../../../utils/verification-code"

export const sendClaimCodeStepId = "send-claim-code"
/**
 * This step sends a new one-time code for a claim through the Notification
 * module and stores only its hash. Issuing and sending happen in one step so
 * that the code never sits in the workflow's stored state. Its compensation
 * puts the previous code state back (a sent code cannot be recalled, but it
 * no longer works).
 */
export const sendClaimCodeStep = createStep(
  sendClaimCodeStepId,
  async (claim: CustomerClaimDTO, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { verification } = await service.getOptions()
    const channel =
      claim.kind === "email"
        ? verification.emailChannel
        : verification.phoneChannel
    const code = generateVerificationCode()
    const expiresAt = new Date(
      Date.now() + verification.codeTtlMinutes * 60_000
    )
    const before = await service.issueClaimCode(
      claim.id,
      { hash: hashVerificationCode(code), expires_at: expiresAt },
      { maxSends: MAX_CODE_SENDS, windowMinutes: SEND_WINDOW_MINUTES }
    )
    if (!before) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Too many codes were requested for ${claim.value}; try again within ${SEND_WINDOW_MINUTES} minutes`,
        RATE_LIMITED
      )
    }
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications({
        to: claim.value_normalized,
        channel,
        template: verification.template,
        data: {
          code,
          kind: claim.kind,
          expires_at: expiresAt.toISOString(),
        },
      })
    } catch (error) {
      await service.restoreClaimCode(claim.id, before)
      throw /could not find a notification provider/i.test(
        (error as Error).message
      )
        ? new MedusaError(
            MedusaError.Types.INVALID_DATA,
            `${claim.kind === "email" ? "Emails" : "Phones"} cannot be verified in this store: no notification provider handles the "${channel}" channel`
          )
        : error
    }
    return new StepResponse(
      { id: claim.id, expires_at: expiresAt },
      { id: claim.id, before }
    )
  },
  async (sent, { container }) => {
    if (!sent) {
      return
    }
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .restoreClaimCode(sent.id, sent.before)
  }
)

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
    return new StepResponse(void 0, {
      id: input.claim_id,
      before: attempt.before,
    })
  },
  async (used, { container }) => {
    if (!used) {
      return
    }
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .restoreClaimCode(used.id, used.before)
  }
)
