import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { IdentitySource } from "../../../types/constants"
import { eraseCustomerIdentityWorkflow } from "../../erasure/workflows/erase-customer-identity"
import { prepareIdentityInputStep } from "../../resolution/steps/prepare-identity-input"
import { resolveCustomerStep } from "../../resolution/steps/resolve-customer"
import { requireDataSubjectStep } from "../steps/require-data-subject"
import { exportCustomerDataWorkflow } from "./export-customer-data"

export interface ProcessDataRequestWorkflowInput {
  kind: "export" | "erase"
  email?: string
  phone?: string
  /** The country a phone without a country code is read in (else `defaultCountry`). */
  country_code?: string
  /** For `erase`: see `eraseCustomerIdentityWorkflow`. */
  erase_login?: boolean
  redact_orders?: boolean
  requested_by?: string | null
}

export const processDataRequestWorkflowId = "process-data-request"
/**
 * This workflow answers a data subject's request made by the email or phone
 * they know (guests have nothing else): the identity is resolved as
 * find-or-create resolves it, without creating anything (nobody is
 * NOT_FOUND), then exported (`exportCustomerDataWorkflow`) or erased
 * (`eraseCustomerIdentityWorkflow`).
 *
 * @example
 * await processDataRequestWorkflow(container).run({
 *   input: { kind: "export", email: "jo@example.com" },
 * })
 */
export const processDataRequestWorkflow = createWorkflow(
  processDataRequestWorkflowId,
  (input: WorkflowData<ProcessDataRequestWorkflowInput>) => {
    const prepared = prepareIdentityInputStep(
      transform({ input }, ({ input }) => ({
        email: input.email,
        phone: input.phone,
        country_code: input.country_code,
        source: IdentitySource.MANUAL,
      }))
    )
    const resolved = resolveCustomerStep(
      transform({ prepared }, ({ prepared }) => ({
        email: prepared.email,
        phone: prepared.phone,
      }))
    )
    const customerId = requireDataSubjectStep(resolved)

    const exported = when(
      "data-request-exports",
      { input },
      ({ input }) => input.kind === "export"
    ).then(() =>
      exportCustomerDataWorkflow.runAsStep({
        input: transform({ customerId, input }, ({ customerId, input }) => ({
          customer_id: customerId,
          requested_by: input.requested_by,
        })),
      })
    )
    const erased = when(
      "data-request-erases",
      { input },
      ({ input }) => input.kind === "erase"
    ).then(() =>
      eraseCustomerIdentityWorkflow.runAsStep({
        input: transform({ customerId, input }, ({ customerId, input }) => ({
          customer_id: customerId,
          erase_login: input.erase_login,
          redact_orders: input.redact_orders,
        })),
      })
    )
    return new WorkflowResponse(
      transform(
        { customerId, exported, erased },
        ({ customerId, exported, erased }) => ({
          customer_id: customerId,
          export: exported ?? null,
          erasure: erased ?? null,
        })
      )
    )
  }
)
