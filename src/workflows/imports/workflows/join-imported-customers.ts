import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createCustomerAddressesWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { CustomerIdentityEvents } from "../../../types/events"
import {
  attachImportedIdentifiersStep,
  AttachImportedIdentifiersStepInput,
} from "../steps/attach-imported-identifiers"
import { updateImportedCustomersStep } from "../steps/update-imported-customers"
import { ImportRow } from "../utils/import-rows"

export interface JoinImportedCustomersWorkflowInput {
  /** Rows that each join one existing canonical customer, with their values nobody owns. */
  customers: (AttachImportedIdentifiersStepInput & { row: ImportRow })[]
}

export const joinImportedCustomersWorkflowId = "join-imported-customers"
/**
 * This workflow joins the rows of an import batch that each resolve to one
 * existing canonical customer, set-based, as find-or-create and the row's
 * enrichment do one row: the values nobody owns attached, names where the
 * customer has none and the history in its metadata in one statement (a
 * `customer.updated` event each), the addresses it has none like in one
 * run of core's `createCustomerAddressesWorkflow`, then one
 * `customer_resolved` event each. The caller holds the locks of the values
 * and has checked that no other row touches these customers or values.
 *
 * @example
 * await joinImportedCustomersWorkflow(container).run({
 *   input: { customers: [{ customer_id: "cus_123", identifiers: [], row }] },
 * })
 */
export const joinImportedCustomersWorkflow = createWorkflow(
  joinImportedCustomersWorkflowId,
  (
    input: WorkflowData<JoinImportedCustomersWorkflowInput>
  ): WorkflowResponse<void> => {
    attachImportedIdentifiersStep(input.customers)

    const changes = updateImportedCustomersStep(input.customers)

    when(
      "imported-customers-updated",
      { changes },
      ({ changes }) => changes.updated_ids.length > 0
    ).then(() => {
      const updatedData = transform({ changes }, ({ changes }) =>
        changes.updated_ids.map((id) => ({ id }))
      )
      emitEventStep({
        eventName: CustomerWorkflowEvents.UPDATED,
        data: updatedData,
      }).config({ name: "emit-imported-customers-updated" })
    })

    when(
      "imported-addresses-added",
      { changes },
      ({ changes }) => changes.addresses.length > 0
    ).then(() => {
      createCustomerAddressesWorkflow.runAsStep({
        input: { addresses: changes.addresses },
      })
    })

    const resolvedData = transform({ input }, ({ input }) =>
      input.customers.map(({ customer_id }) => ({ id: customer_id }))
    )
    emitEventStep({
      eventName: CustomerIdentityEvents.CUSTOMER_RESOLVED,
      data: resolvedData,
    })

    return new WorkflowResponse(undefined)
  }
)
