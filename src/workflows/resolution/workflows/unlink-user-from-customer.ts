import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { unsetCustomerUserStep } from "../steps/unset-customer-user"

export const unlinkUserFromCustomerWorkflowId = "unlink-user-from-customer"
/** This workflow unlinks an admin user from its customer; the customer stays. */
export const unlinkUserFromCustomerWorkflow = createWorkflow(
  unlinkUserFromCustomerWorkflowId,
  (input: WorkflowData<{ user_id: string }>) => {
    return new WorkflowResponse(unsetCustomerUserStep(input))
  }
)
