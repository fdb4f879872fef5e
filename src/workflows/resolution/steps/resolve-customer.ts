import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { IdentityHolder, ResolveFacts, resolveIdentity } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE, MatchedBy } from "../../../types/constants"
import { IdentityOwner } from "../../../types/module"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { ParsedIdentifier } from "../../../utils/normalize-identifier"
import { findCustomersByEmail } from "../../../core-tables/customers-by-email"

export interface ResolveCustomerStepInput {
  customer_id?: string
  email?: ParsedEmail
  phone?: ParsedPhone
  identifiers?: ParsedIdentifier[]
}

export interface ResolvedCustomer {
  /** The matched core customer; null when nothing matched. */
  customer_id: string | null
  canonical_customer_id: string | null
  matched_by: `${MatchedBy}` | null
  matched_kind?: string
  /**
   * The matched customer has its link and every identifier given has an
   * owner: a find-or-create has nothing to write.
   */
  complete: boolean
}

const NO_MATCH: ResolvedCustomer = {
  customer_id: null,
  canonical_customer_id: null,
  matched_by: null,
  complete: false,
}

export const resolveCustomerStepId = "resolve-customer"
/**
 * This step finds the customer an input stands for, by the identity policy's
 * `resolveIdentity`: the given customer, else the first identifier of the
 * `matchOrder` option that matches. It reads the owners of the email and
 * phone, and only when the policy asks for it the core customers not yet
 * indexed (case-insensitively, accounts first, until a backfill of all
 * customers has completed).
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
  const [owners, rules, , exact] = await Promise.all([
    service.findIdentityOwners({
      customer_id: input.customer_id,
      email_normalized: input.email?.email_normalized,
      phone_e164: input.phone?.phone_e164,
      identifiers: input.identifiers,
    }),
    service.getOptions(),
    // Throws NOT_FOUND for an unknown id.
    input.customer_id &&
      container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id),
    // What a miss asks next once a backfill has completed, read beside the
    // owners: a miss waits for one round trip instead of two.
    !input.customer_id &&
      input.email &&
      findCustomersByEmail(container, [input.email], true),
  ])
  const facts: ResolveFacts<Holder> = {
    customer: input.customer_id ? holder(owners.customer!) : undefined,
    email: input.email && {
      owner: owners.email ? holder(owners.email) : null,
    },
    phone: input.phone && {
      owner: owners.phone ? holder(owners.phone) : null,
    },
    identifiers: Object.fromEntries(
      (input.identifiers ?? []).map(({ kind }) => {
        const owner = owners.identifiers[kind]
        return [kind, { owner: owner ? holder(owner) : null }]
      })
    ),
  }
  let decision = resolveIdentity(facts, rules)
  if ("lookup" in decision) {
    const customerId = (
      (owners.backfilled && exact) ||
      (await findCustomersByEmail(container, [input.email!], owners.backfilled))
    ).get(input.email!.email_normalized)
    const { customer } = customerId
      ? await service.findIdentityOwners({ customer_id: customerId })
      : {}
    facts.email!.unindexed = customer ? holder(customer) : null
    decision = resolveIdentity(facts, rules)
  }
  if (!("match" in decision) || !decision.match) {
    return NO_MATCH
  }
  const { customer_id, canonical_customer_id, matched_by, linked } =
    decision.match
  return {
    customer_id,
    canonical_customer_id,
    matched_by,
    matched_kind: decision.match.matched_kind,
    // A shared value (owned by nobody here) may still be the customer's to add.
    complete:
      linked &&
      (!input.email || !!owners.email) &&
      (!input.phone || !!owners.phone) &&
      (input.identifiers ?? []).every(({ kind }) => owners.identifiers[kind]),
  }
}

/** An owner as the policy sees it; `linked`: it has its link row. */
type Holder = IdentityHolder & { linked: boolean; is_primary: boolean }

function holder(owner: IdentityOwner): Holder {
  return {
    customer_id: owner.customer_id,
    canonical_customer_id: owner.canonical_customer_id ?? owner.customer_id,
    linked: !!owner.canonical_customer_id,
    is_primary: owner.is_primary,
  }
}

/**
 * Core customers with these emails that the plugin has no email rows for, by
 * normalised email (see `findCustomersByEmail`): the first per email,
 * accounts first. Core keeps emails as typed, so a customer made before the
 * plugin may differ in case only; matching those is a case-insensitive scan
 * of core's customer table, growing with the store. Once a backfill of all
 * customers has completed, every customer has its email rows (the
 * subscribers index new ones), so only the forms core's unique index on
 * `email` serves are looked for: as typed and lower-cased (core checkout's
 * form), which catches a customer whose subscriber has not run yet. An
 * expression index on `lower(email)` would serve every case, but it would be
 * a plugin migration on a core module's table, which module isolation rules
 * out.
 */
export async function findUnindexedCustomersByEmail(
  container: MedusaContainer,
  service: CustomerIdentityModuleService,
  emails: ParsedEmail[]
): Promise<Map<string, string>> {
  return await findCustomersByEmail(
    container,
    emails,
    await service.hasBackfilledAllCustomers()
  )
}
