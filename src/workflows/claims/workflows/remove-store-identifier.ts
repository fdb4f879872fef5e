import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { removeCustomerIdentifierWorkflow } from "../../identifiers/workflows/remove-customer-identifier"
import { findStoreIdentifierStep } from "../steps/find-store-identifier"
import { removeCustomerClaimWorkflow } from "./remove-customer-claim"

export const removeStoreIdentifierWorkflowId = "remove-store-identifier"
/**
 * This workflow removes one of a shopper's emails or phones as the store
 * shows them: a pending claim is withdrawn (`removeCustomerClaimWorkflow`),
 * an email or phone of its own is removed (`removeCustomerIdentifierWorkflow`;
 * the primary one cannot be). Anything the shopper cannot see is NOT_FOUND.
 *
 * @example
 * await removeStoreIdentifierWorkflow(container).run({
 *   input: { customer_id: "cus_123", kind: "email", id: "ciclaim_123" },
 * })
 */
export const removeStoreIdentifierWorkflow = createWorkflow(
  removeStoreIdentifierWorkflowId,
  (input: WorkflowData<CustomerIdentifierRef>) => {
    const identifier = findStoreIdentifierStep(input)

    when(
      "store-identifier-is-claim",
      { identifier },
      ({ identifier }) => !!identifier.claim
    ).then(() => {
      removeCustomerClaimWorkflow.runAsStep({
        input: transform(
          { identifier },
          ({ identifier }) => identifier.claim!.id
        ),
      })
    })
    when(
      "store-identifier-is-own",
      { identifier },
      ({ identifier }) => !identifier.claim
    ).then(() => {
      removeCustomerIdentifierWorkflow.runAsStep({
        input: transform({ input, identifier }, ({ input, identifier }) => ({
          customer_id: input.customer_id,
          kind: input.kind,
          id: identifier.row!.id,
        })),
      })
    })
    return new WorkflowResponse(void 0)
  }
)
