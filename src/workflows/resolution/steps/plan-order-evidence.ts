import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  decidePhoneLink,
  explainOrderMatch,
  PersonName,
  PhoneLinkDecision,
  PlannedFold,
} from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE, MatchedBy } from "../../../types/constants"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { identityNames } from "../../common/utils/identity-names"

export interface PlanOrderEvidenceStepInput {
  order_id: string
  placed_at: Date
  /** The order's customer, as core set it. */
  customer_id: string | null
  /** Who find-or-create resolved the contact to. */
  resolved: { canonical_customer_id: string; matched_by: `${MatchedBy}` }
  email?: ParsedEmail
  /** The orderer's phone (`ordererContact`), never a recipient's. */
  phone?: ParsedPhone
  orderer: PersonName
}

export interface OrderEvidence {
  canonical_customer_id: string
  matched_by: `${MatchedBy}`
  /** A fold the orderer's phone makes. */
  fold: PlannedFold | null
}

export const planOrderEvidenceStepId = "plan-order-evidence"
/**
 * This step explains how an order's customer was recognised, from the
 * evidence (`explainOrderMatch`: `account`, `email`, `secondary_email`,
 * `created`), and applies the phone rule of the identity policy
 * (`decidePhoneLink`): a guest this checkout's email made, or an account,
 * whose orderer's phone belongs to another identity going by the orderer's
 * name, is that identity (`phone`). It reads the facts and writes nothing.
 */
export const planOrderEvidenceStep = createStep(
  planOrderEvidenceStepId,
  async (input: PlanOrderEvidenceStepInput, { container }) => {
    return new StepResponse(await planOrderEvidence(container, input))
  }
)

async function planOrderEvidence(
  container: MedusaContainer,
  input: PlanOrderEvidenceStepInput
): Promise<OrderEvidence> {
  const resolved = { ...input.resolved, fold: null }
  if (!input.customer_id) {
    return resolved
  }
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [owners, options, earlier, recorded] = await Promise.all([
    service.findIdentityOwners({
      customer_id: input.customer_id,
      email_normalized: input.email?.email_normalized,
      phone_e164: input.phone?.phone_e164,
    }),
    service.getOptions(),
    container
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({
        entity: "order",
        fields: ["id"],
        filters: {
          customer_id: input.customer_id,
          is_draft_order: false,
          created_at: { $lt: new Date(input.placed_at).toISOString() },
        },
        pagination: { take: 1 },
      })
      .then(({ data }) => data),
    service.listOrderContacts({ order_id: input.order_id }, { select: ["id"] }),
  ])
  const own = owners.customer!.canonical_customer_id ?? input.customer_id
  const phoneOwner = owners.phone?.canonical_customer_id
  const links = await service.listCustomerLinks(
    {
      customer_id: [
        input.customer_id,
        own,
        ...(phoneOwner ? [phoneOwner] : []),
      ],
    },
    { select: ["customer_id", "has_account"] }
  )
  const hasAccount = (id: string) =>
    !!links.find((link) => link.customer_id === id)?.has_account
  const customer = {
    customer_id: input.customer_id,
    canonical_customer_id: own,
    has_account: hasAccount(input.customer_id),
    fresh: !hasAccount(input.customer_id) && !earlier.length,
  }
  const decision: PhoneLinkDecision =
    // The phone rule is the checkout's: a contact recorded before keeps its identity.
    !recorded.length && phoneOwner && phoneOwner !== own
      ? decidePhoneLink(
          {
            own: {
              customer_id: own,
              has_account: hasAccount(own),
              fresh: customer.fresh,
            },
            owner: {
              customer_id: phoneOwner,
              has_account: hasAccount(phoneOwner),
              names:
                (await identityNames(container, [phoneOwner])).get(
                  phoneOwner
                ) ?? [],
            },
            orderer: input.orderer,
          },
          options.phoneMatch
        )
      : { link: "none" }
  if (decision.link === "fold") {
    return {
      canonical_customer_id: decision.canonical_customer_id,
      matched_by: customer.has_account ? MatchedBy.ACCOUNT : MatchedBy.PHONE,
      fold: decision.fold,
    }
  }
  const [canonical] =
    own === input.customer_id
      ? []
      : await container
          .resolve(Modules.CUSTOMER)
          .listCustomers({ id: own }, { select: ["created_at"] })
  return {
    canonical_customer_id: own,
    matched_by: explainOrderMatch({
      customer: {
        ...customer,
        canonical_before_order:
          !!canonical &&
          new Date(canonical.created_at) < new Date(input.placed_at),
      },
      email_owner: owners.email
        ? {
            canonical_customer_id: owners.email.canonical_customer_id ?? "",
            is_primary: owners.email.is_primary,
          }
        : null,
    }),
    fold: null,
  }
}
