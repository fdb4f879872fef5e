import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchedBy,
  MatchIdentifier,
  PhoneMatchMode,
} from "../../../types/constants"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { escapeLike } from "../../../utils/escape-like"

export interface ResolveCustomerStepInput {
  customer_id?: string
  email?: ParsedEmail
  phone?: ParsedPhone
}

export interface ResolvedCustomer {
  /** The matched core customer; null when nothing matched. */
  customer_id: string | null
  canonical_customer_id: string | null
  matched_by: `${MatchedBy}` | null
}

const NO_MATCH: ResolvedCustomer = {
  customer_id: null,
  canonical_customer_id: null,
  matched_by: null,
}

export const resolveCustomerStepId = "resolve-customer"
/**
 * This step finds the customer an input stands for: the given customer, else
 * the first identifier of the `matchOrder` option that matches. An email is
 * looked up among all emails, then among core customers not yet indexed
 * (case-insensitively, accounts first); a phone by E.164, unless `phoneMatch`
 * is `"suggest"`.
 */
export const resolveCustomerStep = createStep(
  resolveCustomerStepId,
  async (input: ResolveCustomerStepInput, { container }) => {
    return new StepResponse(await resolveCustomer(container, input))
  }
)

async function resolveCustomer(
  container: MedusaContainer,
  input: ResolveCustomerStepInput
): Promise<ResolvedCustomer> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const matched = async (
    customerId: string,
    by: `${MatchedBy}`
  ): Promise<ResolvedCustomer> => {
    const [link] = await service.listCustomerLinks(
      { customer_id: customerId },
      { select: ["canonical_customer_id"] }
    )
    return {
      customer_id: customerId,
      canonical_customer_id: link?.canonical_customer_id ?? customerId,
      matched_by: by,
    }
  }

  if (input.customer_id) {
    // Throws NOT_FOUND for an unknown id.
    await container
      .resolve(Modules.CUSTOMER)
      .retrieveCustomer(input.customer_id)
    return await matched(input.customer_id, MatchedBy.CUSTOMER)
  }

  const { matchOrder, phoneMatch } = await service.getOptions()
  for (const identifier of matchOrder) {
    if (identifier === MatchIdentifier.EMAIL && input.email) {
      const [row] = await service.listCustomerEmails(
        { email_normalized: input.email.email_normalized },
        { select: ["customer_id", "is_primary"] }
      )
      if (row) {
        return await matched(
          row.customer_id,
          row.is_primary ? MatchedBy.EMAIL : MatchedBy.SECONDARY_EMAIL
        )
      }
      const customerId = await findUnindexedCustomerByEmail(
        container,
        input.email.email_normalized
      )
      if (customerId) {
        return await matched(customerId, MatchedBy.EMAIL)
      }
    }
    if (
      identifier === MatchIdentifier.PHONE &&
      input.phone &&
      phoneMatch === PhoneMatchMode.AUTO
    ) {
      const [row] = await service.listCustomerPhones(
        { phone_e164: input.phone.phone_e164 },
        { select: ["customer_id"] }
      )
      if (row) {
        return await matched(row.customer_id, MatchedBy.PHONE)
      }
    }
  }
  return NO_MATCH
}

// Core keeps emails as typed: a customer made before the plugin may differ in case only.
async function findUnindexedCustomerByEmail(
  container: MedusaContainer,
  emailNormalized: string
): Promise<string | undefined> {
  const [customer] = await container.resolve(Modules.CUSTOMER).listCustomers(
    { email: { $ilike: escapeLike(emailNormalized) } },
    {
      select: ["id"],
      order: { has_account: "DESC", created_at: "ASC" },
      take: 1,
    }
  )
  return customer?.id
}
