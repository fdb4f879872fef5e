import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  IdentifiersInput,
  prepareIdentifiersStep,
} from "../../common/steps/prepare-identifiers"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { assertIdentifiersFreeStep } from "../steps/assert-identifiers-free"
import { createCustomerIdentifiersStep } from "../steps/create-customer-identifiers"
import { toIdentifierRows } from "../utils/identifier-rows"

export type AddCustomerIdentifiersWorkflowInput = IdentifiersInput & {
  customer_id: string
}

export const addCustomerIdentifiersWorkflowId = "add-customer-identifiers"
/**
 * This workflow adds emails and phones to a customer (to the customer it was
 * folded into, if it was). An email or phone that belongs to any customer is
 * refused with a DUPLICATE_ERROR naming it; nothing is written then.
 */
export const addCustomerIdentifiersWorkflow = createWorkflow(
  addCustomerIdentifiersWorkflowId,
  (input: WorkflowData<AddCustomerIdentifiersWorkflowInput>) => {
    const prepared = prepareIdentifiersStep(input)
    acquireIdentifierLocks(prepared)
    assertIdentifiersFreeStep(prepared)
    const rows = transform({ prepared }, ({ prepared }) =>
      toIdentifierRows(prepared, prepared.customer_id!)
    )
    const created = createCustomerIdentifiersStep(rows)
    releaseIdentifierLocks(prepared)
    return new WorkflowResponse(created)
  }
)
