import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { deleteCustomerClaimStep } from "../steps/delete-customer-claim"

export const removeCustomerClaimWorkflowId = "remove-customer-claim"
/** This workflow withdraws a shopper's pending claim. */
export const removeCustomerClaimWorkflow = createWorkflow(
  removeCustomerClaimWorkflowId,
  (claimId: WorkflowData<string>) => {
    deleteCustomerClaimStep(claimId)
    return new WorkflowResponse(void 0)
  }
)
