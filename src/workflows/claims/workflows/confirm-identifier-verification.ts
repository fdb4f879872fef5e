import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { checkClaimCodeStep } from "../steps/check-claim-code"
import { ensureStoreClaimStep } from "../steps/ensure-store-claim"
import { applyIdentifierProof } from "../utils/apply-identifier-proof"

export type ConfirmIdentifierVerificationWorkflowInput =
  CustomerIdentifierRef & { code: string }

export const confirmIdentifierVerificationWorkflowId =
  "confirm-identifier-verification"
/**
 * This workflow proves a shopper's claim with its code: the identifier
 * becomes a verified identifier of the shopper, a guest identity that held
 * it is folded into the shopper's, and the guest orders placed with it are
 * transferred to the shopper (`customer_identity.orders_claimed`).
 */
export const confirmIdentifierVerificationWorkflow = createWorkflow(
  confirmIdentifierVerificationWorkflowId,
  (input: WorkflowData<ConfirmIdentifierVerificationWorkflowInput>) => {
    const claim = ensureStoreClaimStep(
      transform({ input }, ({ input }) => ({
        customer_id: input.customer_id,
        kind: input.kind,
        id: input.id,
      }))
    )
    checkClaimCodeStep(
      transform({ input, claim }, ({ input, claim }) => ({
        claim,
        code: input.code,
      }))
    )
    const plan = applyIdentifierProof(
      claim,
      transform({ claim }, ({ claim }) => claim.id)
    )
    return new WorkflowResponse(plan)
  }
)
