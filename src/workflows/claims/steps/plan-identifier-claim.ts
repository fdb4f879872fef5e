import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideClaim, PlannedFold } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { ProvenIdentifier } from "../../../types/module"
import { normalizeEmail } from "../../../utils/normalize-email"
import { normalizePhone } from "../../../utils/normalize-phone"
import { identifierService } from "../../common/utils/identifier-service"

export interface IdentifierClaimPlan {
  customer_id: string
  canonical_customer_id: string
  /** The guest identity that owned the identifier, folded into the shopper's. */
  fold: PlannedFold | null
  /** The identifier row to mark verified, or null when one is to be created. */
  identifier_id: string | null
  /** Guest orders placed with the identifier, to transfer to the shopper. */
  order_ids: string[]
  from_customer_ids: string[]
}

export const planIdentifierClaimStepId = "plan-identifier-claim"
/**
 * This step reads what a proven claim touches (the identifier's owner, the
 * order contacts of both identities, which of their customers are guests)
 * and lets the identity policy's `decideClaim` say what changes. A claim on
 * an identifier another registered account owns is refused with a
 * DUPLICATE_ERROR: the shopper has proven the address, so saying so leaks
 * nothing.
 */
export const planIdentifierClaimStep = createStep(
  planIdentifierClaimStepId,
  async (claim: ProvenIdentifier, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { defaultCountry, claimWindowDays } = await service.getOptions()
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
      fields: ["order_id", "customer_id", "email", "phone", "placed_at"],
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
    const decision = decideClaim({
      customer_id: claim.customer_id,
      canonical_customer_id: shopper,
      owner: ownerCanonical
        ? {
            customer_id: ownerCanonical,
            has_account: !guests.has(ownerCanonical),
          }
        : null,
      contacts: contacts.map((contact) => ({
        order_id: contact.order_id,
        customer_id: contact.customer_id,
        customer_has_account:
          !contact.customer_id || !guests.has(contact.customer_id),
        used_identifier: usedIdentifier(contact),
        placed_at: contact.placed_at,
      })),
      reach_since:
        claim.kind === "phone"
          ? new Date(Date.now() - claimWindowDays * 24 * 60 * 60 * 1000)
          : undefined,
    })
    if (decision.refused) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `${claim.value} belongs to another account; sign in with it instead`
      )
    }

    return new StepResponse<IdentifierClaimPlan>({
      customer_id: claim.customer_id,
      canonical_customer_id: shopper,
      fold: decision.fold,
      identifier_id: owner?.id ?? null,
      order_ids: decision.order_ids,
      from_customer_ids: decision.from_customer_ids,
    })
  }
)
