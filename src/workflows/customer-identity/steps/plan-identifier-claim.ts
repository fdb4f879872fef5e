import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CustomerClaimDTO } from "../../../types/module"
import { normalizeEmail } from "../../../utils/normalize-email"
import { normalizePhone } from "../../../utils/normalize-phone"
import { identifierService } from "./customer-identifier"

export interface IdentifierClaimPlan {
  customer_id: string
  canonical_customer_id: string
  /** The guest identity that owned the identifier, folded into the shopper's. */
  fold: { target_customer_id: string; source_customer_ids: string[] } | null
  /** The identifier row to mark verified, or null when one is to be created. */
  identifier_id: string | null
  /** Guest orders placed with the identifier, to transfer to the shopper. */
  order_ids: string[]
  from_customer_ids: string[]
}

export const planIdentifierClaimStepId = "plan-identifier-claim"
/**
 * This step decides what a proven claim changes. The identifier's owner may
 * be nobody (a new verified identifier), the shopper's own canonical customer
 * (its row becomes verified), a guest identity (folded into the shopper's), or
 * another registered account (refused: two accounts are never folded
 * automatically, and the shopper has proven the address, so saying so leaks
 * nothing). Guest orders placed with the identifier move to the shopper.
 */
export const planIdentifierClaimStep = createStep(
  planIdentifierClaimStepId,
  async (claim: CustomerClaimDTO, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { defaultCountry } = await service.getOptions()
    const link = await service.retrieveCustomerLinkByCustomerId(
      claim.customer_id
    )
    const shopper = link.canonical_customer_id
    const [owner] = await identifierService(service, claim.kind).list(
      claim.kind === "email"
        ? { email_normalized: claim.value_normalized }
        : { phone_e164: claim.value_normalized }
    )
    const ownerCanonical = owner?.customer_id ?? null

    const identities = [...new Set([shopper, ownerCanonical].filter(Boolean))]
    const { data: contacts } = await query.graph({
      entity: "order_contact",
      fields: ["order_id", "customer_id", "email", "phone"],
      filters: { canonical_customer_id: identities, canceled_at: null },
    })
    const customerIds = [
      ...new Set(
        [ownerCanonical, ...contacts.map((c) => c.customer_id)].filter(
          (id): id is string => !!id && id !== claim.customer_id
        )
      ),
    ]
    const { data: customers } = customerIds.length
      ? await query.graph({
          entity: "customer",
          fields: ["id", "has_account"],
          filters: { id: customerIds },
        })
      : { data: [] as { id: string; has_account: boolean }[] }
    const guests = new Set(
      customers.filter((c) => !c.has_account).map((c) => c.id)
    )

    if (ownerCanonical && ownerCanonical !== shopper) {
      if (!guests.has(ownerCanonical)) {
        throw new MedusaError(
          MedusaError.Types.DUPLICATE_ERROR,
          `${claim.value} belongs to another account; sign in with it instead`
        )
      }
    }
    const usedIdentifier = (contact: {
      email: string | null
      phone: string | null
    }) =>
      claim.kind === "email"
        ? !!contact.email &&
          normalizeEmail(contact.email) === claim.value_normalized
        : !!contact.phone &&
          normalizePhone(contact.phone, defaultCountry) ===
            claim.value_normalized
    const claimed = contacts.filter(
      (c) => c.customer_id && guests.has(c.customer_id) && usedIdentifier(c)
    )

    return new StepResponse<IdentifierClaimPlan>({
      customer_id: claim.customer_id,
      canonical_customer_id: shopper,
      fold:
        ownerCanonical && ownerCanonical !== shopper
          ? {
              target_customer_id: shopper,
              source_customer_ids: [ownerCanonical],
            }
          : null,
      identifier_id: owner?.id ?? null,
      order_ids: claimed.map((c) => c.order_id),
      from_customer_ids: [...new Set(claimed.map((c) => c.customer_id!))],
    })
  }
)
