import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CustomerIdentityEvents } from "../../../types/events"
import { buildCustomerExportStep } from "../steps/build-customer-export"

export interface ExportCustomerDataWorkflowInput {
  customer_id: string
  /** The admin user who asked, in the event for the merchant's log. */
  requested_by?: string | null
}

export const exportCustomerDataWorkflowId = "export-customer-data"
/**
 * This workflow answers a person's "what do you hold about me": one JSON
 * document (`CustomerDataExport`) with everything held about the identity
 * the customer belongs to. Emits `customer_identity.data_exported` so that
 * the merchant can log the request.
 *
 * @example
 * const { result } = await exportCustomerDataWorkflow(container).run({
 *   input: { customer_id: "cus_123" },
 * })
 */
export const exportCustomerDataWorkflow = createWorkflow(
  exportCustomerDataWorkflowId,
  (input: WorkflowData<ExportCustomerDataWorkflowInput>) => {
    const document = buildCustomerExportStep(input.customer_id)
    emitEventStep({
      eventName: CustomerIdentityEvents.DATA_EXPORTED,
      data: transform({ document, input }, ({ document, input }) => ({
        id: document.customer_id,
        requested_by: input.requested_by ?? null,
      })),
    })
    return new WorkflowResponse(document)
  }
)
