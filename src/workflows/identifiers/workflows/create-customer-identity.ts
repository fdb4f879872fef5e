import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { IdentitySource } from "../../../types/constants"
import { normalizeName } from "../../../utils/normalize-name"
import { ensureCustomerLinksStep } from "../../common/steps/ensure-customer-links"
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

export interface CreateCustomerIdentityWorkflowInput {
  first_name: string
  last_name: string
  company_name?: string | null
  /** The primary email. */
  email: string
  /** The primary phone. */
  phone?: string | null
  country_code?: string | null
  emails?: IdentifiersInput["emails"]
  phones?: IdentifiersInput["phones"]
  /** Values of identifier kinds by kind: `{ tax_id: "DE 123 456 789" }`. */
  identifiers?: Record<string, string>
}

export const createCustomerIdentityWorkflowId = "create-customer-identity"
/**
 * This workflow adds a customer by hand: a core customer (through core's
 * workflow, so its events and hooks fire), its identity and all its emails,
 * phones and values of identifier kinds, the given email and phone primary. An email or phone that
 * belongs to another customer is refused with a DUPLICATE_ERROR naming it,
 * before anything is written.
 */
export const createCustomerIdentityWorkflow = createWorkflow(
  createCustomerIdentityWorkflowId,
  (input: WorkflowData<CreateCustomerIdentityWorkflowInput>) => {
    const identifiersInput = transform({ input }, ({ input }) => ({
      emails: [
        { email: input.email, type: "primary" as const, is_primary: true },
        ...(input.emails ?? []).map((e) => ({ ...e, is_primary: false })),
      ],
      phones: [
        ...(input.phone
          ? [
              {
                phone: input.phone,
                country_code: input.country_code,
                is_primary: true,
              },
            ]
          : []),
        ...(input.phones ?? []).map((p) => ({
          country_code: input.country_code,
          ...p,
          is_primary: false,
        })),
      ],
      identifiers: Object.entries(input.identifiers ?? {}).map(
        ([kind, value]) => ({ kind, value })
      ),
      source: IdentitySource.MANUAL,
    }))
    const prepared = prepareIdentifiersStep(identifiersInput)
    acquireIdentifierLocks(prepared)
    assertIdentifiersFreeStep(prepared)

    const customersData = transform(
      { input, prepared },
      ({ input, prepared }) => [
        {
          first_name: normalizeName(input.first_name, "first_name"),
          last_name: normalizeName(input.last_name, "last_name"),
          company_name: normalizeName(input.company_name, "company_name"),
          // Lower-cased as core checkout does, so that core finds this customer too.
          email: prepared.emails[0].email_normalized,
          phone: prepared.phones[0]?.phone,
          has_account: false,
        },
      ]
    )
    const customers = createCustomersWorkflow.runAsStep({
      input: { customersData },
    })
    const customerId = transform(
      { customers },
      ({ customers }) => customers[0].id
    )

    ensureCustomerLinksStep(
      transform({ customerId }, ({ customerId }) => [
        { customer_id: customerId, source: IdentitySource.MANUAL },
      ])
    )
    const rows = transform(
      { prepared, customerId },
      ({ prepared, customerId }) => toIdentifierRows(prepared, customerId)
    )
    createCustomerIdentifiersStep(rows)
    releaseIdentifierLocks(prepared)
    return new WorkflowResponse({ customer_id: customerId })
  }
)
