import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { normalizedContact } from "../../common/utils/suppression"

export interface PlanCustomerErasureStepInput {
  customer_id: string
}

/** A normalised email, phone or value of an identifier kind (`kind` says which). */
export interface ErasedIdentifier {
  kind: string
  value: string
}

export interface CustomerErasurePlan {
  canonical_customer_id: string
  /** The canonical customer and every customer folded into it. */
  customer_ids: string[]
  /** The admin user linked to the identity, unlinked by the erasure. */
  user_id: string | null
  /**
   * Every normalised email, phone and value of an identifier kind the
   * identity, its customers and its order contacts hold, but those another
   * identity owns.
   */
  identifiers: ErasedIdentifier[]
  lock_keys: string[]
}

export const planCustomerErasureStepId = "plan-customer-erasure"
/**
 * This step works out what erasing a canonical customer touches: the
 * customers folded into it, its admin user, and every email and phone its
 * identity rows, claims, core customers and order contacts hold. A customer
 * without an identity is NOT_FOUND; a folded or already erased one is
 * NOT_ALLOWED.
 */
export const planCustomerErasureStep = createStep(
  planCustomerErasureStepId,
  async (input: PlanCustomerErasureStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const [link] = await service.listCustomerLinks({
      customer_id: input.customer_id,
    })
    if (!link) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Customer ${input.customer_id} has no identity`
      )
    }
    if (link.canonical_customer_id !== link.customer_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Customer ${link.customer_id} is folded into ${link.canonical_customer_id}: erase that customer`
      )
    }
    if (link.erased_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Customer ${link.customer_id} was already erased at ${new Date(link.erased_at).toISOString()}`
      )
    }
    const canonicalId = link.customer_id
    const links = await service.listCustomerLinks(
      { canonical_customer_id: canonicalId },
      { select: ["customer_id", "user_id"] }
    )
    const customerIds = [
      canonicalId,
      ...links.map((l) => l.customer_id).filter((id) => id !== canonicalId),
    ]
    // Soft-deleted rows too: they still hold the values.
    const withDeleted = { withDeleted: true }
    const [emails, phones, kinds, claims, contacts, customers] =
      await Promise.all([
        service.listCustomerEmails(
          { customer_id: customerIds },
          { select: ["email_normalized"], ...withDeleted }
        ),
        service.listCustomerPhones(
          { customer_id: customerIds },
          { select: ["phone_e164"], ...withDeleted }
        ),
        service.listCustomerIdentifiers(
          { customer_id: customerIds },
          { select: ["kind", "value_normalized"], ...withDeleted }
        ),
        service.listCustomerClaims(
          { customer_id: customerIds },
          { select: ["kind", "value_normalized"], ...withDeleted }
        ),
        service.listOrderContacts(
          { canonical_customer_id: customerIds },
          { select: ["email", "phone"], ...withDeleted }
        ),
        container
          .resolve(Modules.CUSTOMER)
          .listCustomers({ id: customerIds }, { select: ["email", "phone"] }),
      ])
    const { defaultCountry } = await service.getOptions()
    const typed = [...contacts, ...customers].map((row) =>
      normalizedContact(row, defaultCountry)
    )
    const values = {
      email: [
        ...emails.map((row) => row.email_normalized),
        ...claims
          .filter((row) => row.kind === "email")
          .map((row) => row.value_normalized),
        ...typed.map((row) => row.email),
      ],
      phone: [
        ...phones.map((row) => row.phone_e164),
        ...claims
          .filter((row) => row.kind === "phone")
          .map((row) => row.value_normalized),
        ...typed.map((row) => row.phone),
      ],
    }
    const unique = (list: (string | null)[]) =>
      [...new Set(list)].filter((v): v is string => !!v)
    // A value another identity owns is its data too (a guest an unproven fold let go): not suppressed.
    const erased = new Set(customerIds)
    const kindValues = unique(kinds.map((row) => row.value_normalized))
    const [ownedEmails, ownedPhones, ownedKinds] = await Promise.all([
      unique(values.email).length
        ? service.listCustomerEmails(
            { email_normalized: unique(values.email) },
            { select: ["customer_id", "email_normalized"] }
          )
        : [],
      unique(values.phone).length
        ? service.listCustomerPhones(
            { phone_e164: unique(values.phone) },
            { select: ["customer_id", "phone_e164"] }
          )
        : [],
      // Values of kinds that suggest others hold too.
      kindValues.length
        ? service.listCustomerIdentifiers(
            {
              value_normalized: kindValues,
              customer_id: { $nin: customerIds },
            },
            { select: ["kind", "value_normalized"] }
          )
        : [],
    ])
    const ownedElsewhere = new Set([
      ...ownedEmails
        .filter((row) => !erased.has(row.customer_id))
        .map((row) => `email:${row.email_normalized}`),
      ...ownedPhones
        .filter((row) => !erased.has(row.customer_id))
        .map((row) => `phone:${row.phone_e164}`),
      ...ownedKinds.map((row) => `${row.kind}:${row.value_normalized}`),
    ])
    const identifiers = [
      ...(["email", "phone"] as const).flatMap((kind) =>
        unique(values[kind]).map((value) => ({ kind, value }))
      ),
      ...unique(kinds.map((row) => `${row.kind}:${row.value_normalized}`)).map(
        (key) => ({
          kind: key.slice(0, key.indexOf(":")),
          value: key.slice(key.indexOf(":") + 1),
        })
      ),
    ].filter(({ kind, value }) => !ownedElsewhere.has(`${kind}:${value}`))

    return new StepResponse<CustomerErasurePlan>({
      canonical_customer_id: canonicalId,
      customer_ids: customerIds,
      user_id: links.find((l) => l.user_id)?.user_id ?? null,
      identifiers,
      lock_keys: identifierLockKeys({
        email_normalized: unique(values.email),
        phone_e164: unique(values.phone),
        identifiers: kinds,
      }),
    })
  }
)
