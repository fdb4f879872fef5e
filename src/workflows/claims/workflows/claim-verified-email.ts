import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { EmailType } from "../../../types/constants"
import { normalizeEmail } from "../../../utils/normalize-email"
import { applyIdentifierProof } from "../utils/apply-identifier-proof"

export interface ClaimVerifiedEmailWorkflowInput {
  customer_id: string
  /** The login email the shopper's own auth identity verified with Medusa's Auth verification. */
  email: string
}

export const claimVerifiedEmailWorkflowId = "claim-verified-email"
/**
 * This workflow takes an email the shopper verified through Medusa's own
 * Auth verification as proof, as a one-time code of the plugin would be:
 * the email becomes a verified identifier of the shopper, a guest identity
 * that held it is folded into the shopper's, and the guest orders placed
 * with it are transferred (`customer_identity.orders_claimed`).
 */
export const claimVerifiedEmailWorkflow = createWorkflow(
  claimVerifiedEmailWorkflowId,
  (input: WorkflowData<ClaimVerifiedEmailWorkflowInput>) => {
    const proven = transform({ input }, ({ input }) => ({
      customer_id: input.customer_id,
      kind: "email" as const,
      value: input.email,
      value_normalized: normalizeEmail(input.email),
      type: EmailType.PRIMARY,
    }))
    const plan = applyIdentifierProof(
      proven,
      transform({ input }, () => null)
    )
    return new WorkflowResponse(plan)
  }
)
