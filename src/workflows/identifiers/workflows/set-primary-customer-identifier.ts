import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { setPrimaryIdentifierStep } from "../steps/set-primary-identifier"

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
