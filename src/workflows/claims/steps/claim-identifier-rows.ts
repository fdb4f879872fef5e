import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  IdentitySource,
} from "../../../types/constants"
import { ProvenIdentifier } from "../../../types/module"
import { identifierService } from "../../common/utils/identifier-service"

type Verified = { id: string; verified_at: Date | null }

export interface ClaimIdentifierRowsStepInput {
  claim: ProvenIdentifier
  canonical_customer_id: string
  identifier_id: string | null
  order_ids: string[]
  customer_id: string
}

export const claimIdentifierRowsStepId = "claim-identifier-rows"
/**
 * This step writes a proven claim into the identity: the identifier row is
 * marked verified (created on the shopper's canonical customer when nobody
 * had it), and the transferred orders' contacts name the shopper as their
 * customer. Its compensation removes or un-verifies the row and gives the
 * contacts back.
 */
export const claimIdentifierRowsStep = createStep(
  claimIdentifierRowsStepId,
  async (input: ClaimIdentifierRowsStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { claim } = input
    const now = new Date()
    let createdId: string | null = null
    let verified: Verified | null = null
    if (input.identifier_id) {
      const [row] = await identifierService(service, claim.kind).list({
        id: input.identifier_id,
      })
      verified = { id: row.id, verified_at: row.verified_at }
      await update(service, claim.kind, { id: row.id, verified_at: now })
    } else {
      const base = {
        customer_id: input.canonical_customer_id,
        type: claim.type as never,
        source: IdentitySource.STORE,
        verified_at: now,
      }
      const [created] =
        claim.kind === "email"
          ? await service.createCustomerEmails([
              { ...base, email: claim.value },
            ])
          : await service.createCustomerPhones([
              { ...base, phone: claim.value_normalized },
            ])
      createdId = created.id
    }
    const contacts = input.order_ids.length
      ? await service.listOrderContacts(
          { order_id: input.order_ids },
          { select: ["id", "customer_id"] }
        )
      : []
    if (contacts.length) {
      await service.updateOrderContacts(
        contacts.map((c) => ({ id: c.id, customer_id: input.customer_id }))
      )
    }
    return new StepResponse(void 0, {
      kind: claim.kind,
      created_id: createdId,
      verified,
      contacts: contacts.map((c) => ({ id: c.id, customer_id: c.customer_id })),
    })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    if (undo.created_id) {
      await (undo.kind === "email"
        ? service.deleteCustomerEmails(undo.created_id)
        : service.deleteCustomerPhones(undo.created_id))
    }
    if (undo.verified) {
      await update(service, undo.kind, undo.verified)
    }
    if (undo.contacts.length) {
      await service.updateOrderContacts(undo.contacts)
    }
  }
)

function update(
  service: CustomerIdentityModuleService,
  kind: "email" | "phone",
  data: Verified
) {
  return kind === "email"
    ? service.updateCustomerEmails(data)
    : service.updateCustomerPhones(data)
}
