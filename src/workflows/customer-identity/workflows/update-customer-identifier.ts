import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../steps/customer-identifier"
import { removeCustomerIdentifierStep } from "../steps/remove-customer-identifier"
import { setPrimaryIdentifierStep } from "../steps/set-primary-identifier"

export const removeCustomerIdentifierWorkflowId = "remove-customer-identifier"
/**
 * This workflow removes one of a customer's emails or phones; the primary one
 * cannot be removed. Another customer's row is NOT_FOUND.
 */
export const removeCustomerIdentifierWorkflow = createWorkflow(
  removeCustomerIdentifierWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef>) => {
    return new WorkflowResponse(removeCustomerIdentifierStep(input))
  }
)

export const setPrimaryCustomerIdentifierWorkflowId =
  "set-primary-customer-identifier"
/**
 * This workflow makes one of a customer's emails or phones its primary one.
 * Another customer's row is NOT_FOUND.
 */
export const setPrimaryCustomerIdentifierWorkflow = createWorkflow(
  setPrimaryCustomerIdentifierWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef>) => {
    setPrimaryIdentifierStep(input)
    return new WorkflowResponse(void 0)
  }
)
