import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createCustomersWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { IdentitySource } from "../../../types/constants"
import { CustomerIdentityEvents } from "../../../types/events"
import { createNewIdentityStep } from "../../resolution/steps/create-new-identity"
import {
  NewGuest,
  newGuestCustomerData,
  newGuestIdentity,
} from "../../resolution/utils/new-guest"

export interface CreateImportedCustomersWorkflowInput {
  /** Rows that make new customers: identifiers, names, and history and address as `created_customer`. */
  customers: NewGuest[]
}

export const createImportedCustomersWorkflowId = "create-imported-customers"
/**
 * This workflow creates the customers of an import batch whose rows nobody
 * holds a value of, set-based: the core customers (as find-or-create creates
 * a guest: the email lower-cased, `has_account` false, with the row's
 * history in its metadata and its address) in one run of core's
 * `createCustomersWorkflow`, then their identities in one statement, then
 * one `customer_resolved` event each, as find-or-create emits. The caller
 * holds the locks of the values and has checked that nobody owns them.
 *
 * @example
 * const { result } = await createImportedCustomersWorkflow(container).run({
 *   input: { customers: [{ email: { email: "Ada@Example.com", email_normalized: "ada@example.com" }, identifiers: [] }] },
 * })
 * // result: the created customers' ids, in the input's order
 */
export const createImportedCustomersWorkflow = createWorkflow(
  createImportedCustomersWorkflowId,
  (
    input: WorkflowData<CreateImportedCustomersWorkflowInput>
  ): WorkflowResponse<string[]> => {
    const customersData = transform({ input }, ({ input }) =>
      input.customers.map(newGuestCustomerData)
    )
    const created = createCustomersWorkflow.runAsStep({
      input: { customersData },
    })

    const identities = transform({ created, input }, ({ created, input }) =>
      created.map((customer, i) =>
        newGuestIdentity(customer.id, input.customers[i], IdentitySource.IMPORT)
      )
    )
    createNewIdentityStep(identities)

    const ids = transform({ created }, ({ created }) =>
      created.map((customer) => customer.id)
    )
    const eventData = transform({ ids }, ({ ids }) => ids.map((id) => ({ id })))
    emitEventStep({
      eventName: CustomerIdentityEvents.CUSTOMER_RESOLVED,
      data: eventData,
    })

    return new WorkflowResponse(ids)
  }
)
