import { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideCodeSend } from "../../../policy"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchIdentifier,
} from "../../../types/constants"
import { CustomerClaimDTO, RowSnapshot } from "../../../types/module"
import {
  CODE_WINDOW_MINUTES,
  generateVerificationCode,
  hashVerificationCode,
  MAX_CODE_SENDS,
  MAX_IDENTIFIER_CODE_SENDS,
  unguessableCodeHash,
} from "../../../utils/verification-code"
import { codeLimitError, withCodeLimitsLock } from "../utils/code-limits"

/** What undoing a code request needs: the request, and the code state it replaced. */
interface SentCodeUndo {
  id: string
  send_id: string
  before: RowSnapshot
}

export const sendClaimCodeStepId = "send-claim-code"
/**
 * This step sends a new one-time code for a claim through the Notification
 * module and stores only its hash, within the send limits the identity
 * policy's `decideCodeSend` sets on the identifier: a request past this
 * customer's limit is refused (429), one past the identifier's limit is
 * answered as sent and sends nothing (the claim gets a code nobody has).
 * Requests are counted and recorded under a lock on the identifier.
 * Issuing and sending happen in one step so that the code never sits in the
 * workflow's stored state. Its compensation puts the previous code state
 * back (a sent code cannot be recalled, but it no longer works) and forgets
 * the request.
 */
export const sendClaimCodeStep = createStep(
  sendClaimCodeStepId,
  async (claim: CustomerClaimDTO, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { verification } = await service.getOptions()
    const expiresAt = new Date(
      Date.now() + verification.codeTtlMinutes * 60_000
    )
    const request = await recordCodeRequest(container, service, claim)
    if (request.send === "refuse") {
      throw codeLimitError(
        `Too many codes were requested for ${claim.value}`,
        request.retry_after_seconds
      )
    }
    // Past the identifier's cap the claim still gets a new code, one that is
    // never sent and that no code matches: a confirm then answers exactly as
    // a wrong code does, and counts as one.
    const code = request.send === "send" ? generateVerificationCode() : null
    const before = await service.issueClaimCode(claim.id, {
      hash: code ? hashVerificationCode(code) : unguessableCodeHash(),
      expires_at: expiresAt,
    })
    const undo: SentCodeUndo = { id: claim.id, send_id: request.id, before }
    if (code) {
      const channel =
        claim.kind === "email"
          ? verification.emailChannel
          : verification.phoneChannel
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
        await service.restoreRows(before)
        await service.deleteCodeSends(request.id)
        throw /could not find a notification provider/i.test(
          (error as Error).message
        )
          ? new MedusaError(
              MedusaError.Types.INVALID_DATA,
              `${claim.kind === "email" ? "Emails" : "Phones"} cannot be verified in this store: no notification provider handles the "${channel}" channel`
            )
          : error
      }
    }
    return new StepResponse({ id: claim.id, expires_at: expiresAt }, undo)
  },
  async (sent, { container }) => {
    if (!sent) {
      return
    }
    const service = container.resolve<CustomerIdentityModuleService>(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(sent.before)
    await service.deleteCodeSends(sent.send_id)
  }
)

/**
 * Counts the recent code requests for the claim's identifier and, unless the
 * policy refuses this one, records it; under a lock on the identifier, so
 * that parallel requests cannot slip past the limits.
 */
async function recordCodeRequest(
  container: MedusaContainer,
  service: CustomerIdentityModuleService,
  claim: CustomerClaimDTO
): Promise<
  | { send: "refuse"; retry_after_seconds: number }
  | { send: "send" | "silent"; id: string }
> {
  return await withCodeLimitsLock(container, claim, async (identifierHash) => {
    const now = new Date()
    const sends = await service.listCodeSends(
      {
        identifier_hash: identifierHash,
        created_at: {
          $gt: new Date(now.getTime() - CODE_WINDOW_MINUTES * 60_000),
        },
      },
      { select: ["customer_id", "sent", "created_at"] }
    )
    const decision = decideCodeSend(
      claim.customer_id,
      sends,
      {
        perCustomer: MAX_CODE_SENDS,
        perIdentifier: MAX_IDENTIFIER_CODE_SENDS,
        windowMinutes: CODE_WINDOW_MINUTES,
      },
      now
    )
    if (decision.send === "refuse") {
      return decision
    }
    const { id } = await service.createCodeSends({
      customer_id: claim.customer_id,
      kind: claim.kind as MatchIdentifier,
      identifier_hash: identifierHash,
      sent: decision.send === "send",
    })
    return { send: decision.send, id }
  })
}
