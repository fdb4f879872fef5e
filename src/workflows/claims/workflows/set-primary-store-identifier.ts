import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { setPrimaryCustomerIdentifierWorkflow } from "../../identifiers/workflows/set-primary-customer-identifier"
import { findStoreIdentifierStep } from "../steps/find-store-identifier"
import { validateStorePrimaryIdentifierStep } from "../steps/validate-store-primary-identifier"

export const setPrimaryStoreIdentifierWorkflowId =
  "set-primary-store-identifier"
/**
 * This workflow makes one of a shopper's emails or phones, as the store
 * shows them, its primary one (`setPrimaryCustomerIdentifierWorkflow`). A
 * pending claim is NOT_ALLOWED until verified; anything the shopper cannot
 * see is NOT_FOUND.
 *
 * @example
 * await setPrimaryStoreIdentifierWorkflow(container).run({
 *   input: { customer_id: "cus_123", kind: "phone", id: "ciphone_123" },
 * })
 */
export const setPrimaryStoreIdentifierWorkflow = createWorkflow(
  setPrimaryStoreIdentifierWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef>) => {
    const identifier = findStoreIdentifierStep(input)
    validateStorePrimaryIdentifierStep(identifier)
    setPrimaryCustomerIdentifierWorkflow.runAsStep({
      input: transform({ input, identifier }, ({ input, identifier }) => ({
        customer_id: input.customer_id,
        kind: input.kind,
        id: identifier.row!.id,
      })),
    })
    return new WorkflowResponse(void 0)
  }
)
