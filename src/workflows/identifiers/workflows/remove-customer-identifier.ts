import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  CustomerIdentifierRef,
  IdentifierKind,
} from "../../common/utils/identifier-service"
import { removeCustomerIdentifierStep } from "../steps/remove-customer-identifier"

export const removeCustomerIdentifierWorkflowId = "remove-customer-identifier"
/**
 * This workflow removes one of a customer's emails, phones or values of
 * identifier kinds; the primary email or phone cannot be removed. Another customer's row is NOT_FOUND.
 */
export const removeCustomerIdentifierWorkflow = createWorkflow(
  removeCustomerIdentifierWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef<IdentifierKind>>) => {
    return new WorkflowResponse(removeCustomerIdentifierStep(input))
  }
)
