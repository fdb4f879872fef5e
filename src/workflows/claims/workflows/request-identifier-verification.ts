import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { ensureStoreClaimStep } from "../steps/ensure-store-claim"
import { sendClaimCodeStep } from "../steps/send-claim-code"

export const requestIdentifierVerificationWorkflowId =
  "request-identifier-verification"
/**
 * This workflow sends a shopper a one-time code for one of its emails or
 * phones (a pending claim, or its unverified account email), within the
 * send limits.
 */
export const requestIdentifierVerificationWorkflow = createWorkflow(
  requestIdentifierVerificationWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef>) => {
    const claim = ensureStoreClaimStep(input)
    return new WorkflowResponse(sendClaimCodeStep(claim))
  }
)
