import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import {
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
} from "../../../utils/lock-keys"
import { assertIdentifiersFreeStep } from "../steps/assert-identifiers-free"
import { createCustomerIdentifiersStep } from "../steps/create-customer-identifiers"
import {
  IdentifiersInput,
  prepareIdentifiersStep,
} from "../steps/prepare-identifiers"

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
    acquireLockStep({
      key: prepared.lock_keys,
      ownerId: prepared.lock_owner,
      timeout: IDENTIFIER_LOCK_TIMEOUT,
      ttl: IDENTIFIER_LOCK_TTL,
      executeOnSubWorkflow: true,
    })
    assertIdentifiersFreeStep(prepared)
    const rows = transform({ prepared }, ({ prepared }) => ({
      emails: prepared.emails.map(({ email_normalized: _, ...email }) => ({
        ...email,
        customer_id: prepared.customer_id!,
      })),
      phones: prepared.phones.map(({ phone_e164: _, ...phone }) => ({
        ...phone,
        customer_id: prepared.customer_id!,
      })),
    }))
    const created = createCustomerIdentifiersStep(rows)
    releaseLockStep({
      key: prepared.lock_keys,
      ownerId: prepared.lock_owner,
      executeOnSubWorkflow: true,
    })
    return new WorkflowResponse(created)
  }
)
