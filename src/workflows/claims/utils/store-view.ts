import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MergeStatus,
  UNPROVEN_EVIDENCE,
} from "../../../types/constants"
import {
  CustomerClaimDTO,
  CustomerEmailDTO,
  CustomerIdentifierDTO,
  MergeJournal,
  CustomerLinkDTO,
  CustomerPhoneDTO,
} from "../../../types/module"
import { normalizeEmail } from "../../../utils/normalize-email"
import { normalizePhone } from "../../../utils/normalize-phone"
import { IdentifierKind } from "../../common/utils/identifier-service"

/**
 * What a shopper may see of its canonical customer: after a fold it also
 * holds a guest's emails and phones, which the shopper has not proven. Its
 * own core email and phone, and verified rows, are its own (invariant 4).
 */
export interface StoreView {
  canonical_customer_id: string
  status: CustomerLinkDTO["status"]
  emails: CustomerEmailDTO[]
  phones: CustomerPhoneDTO[]
  /** The shopper's claims, including ones for identifiers it already sees. */
  claims: CustomerClaimDTO[]
  /**
   * Values of kinds that say `shopperVisible`, but those an unproven fold
   * brought (another person's, until a proof).
   */
  identifiers: (CustomerIdentifierDTO & { label: string })[]
}

export async function loadStoreView(
  container: MedusaContainer,
  customerId: string
): Promise<StoreView> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = await service.retrieveCustomerLinkByCustomerId(customerId)
  const { defaultCountry, identifierKinds } = await service.getOptions()
  const canonical = { customer_id: link.canonical_customer_id }
  const visibleKinds = identifierKinds.filter((kind) => kind.shopperVisible)
  const [
    {
      data: [customer],
    },
    emails,
    phones,
    claims,
    identifiers,
  ] = await Promise.all([
    query.graph({
      entity: "customer",
      fields: ["email", "phone"],
      filters: { id: customerId },
    }),
    service.listCustomerEmails(canonical) as Promise<CustomerEmailDTO[]>,
    service.listCustomerPhones(canonical) as Promise<CustomerPhoneDTO[]>,
    service.listCustomerClaims(
      { customer_id: customerId },
      { order: { created_at: "ASC" } }
    ) as Promise<CustomerClaimDTO[]>,
    visibleKinds.length
      ? loadVisibleIdentifiers(
          service,
          link.canonical_customer_id,
          visibleKinds.map((kind) => kind.kind)
        )
      : [],
  ])
  const labelOf = new Map(visibleKinds.map((k) => [k.kind, k.label]))
  const ownEmail = customer?.email ? normalizeEmail(customer.email) : null
  const ownPhone = customer?.phone
    ? normalizePhone(customer.phone, defaultCountry)
    : null
  const visibleEmails = emails.filter(
    (e) => e.verified_at || e.email_normalized === ownEmail
  )
  const visiblePhones = phones.filter(
    (p) => p.verified_at || p.phone_e164 === ownPhone
  )
  return {
    canonical_customer_id: link.canonical_customer_id,
    status: link.status,
    emails: visibleEmails,
    phones: visiblePhones,
    claims,
    identifiers: identifiers.map((row) => ({
      ...row,
      label: labelOf.get(row.kind)!,
    })),
  }
}

async function loadVisibleIdentifiers(
  service: CustomerIdentityModuleService,
  canonicalId: string,
  kinds: string[]
): Promise<CustomerIdentifierDTO[]> {
  const [rows, unproven] = await Promise.all([
    service.listCustomerIdentifiers({
      customer_id: canonicalId,
      kind: kinds,
    }) as Promise<CustomerIdentifierDTO[]>,
    service.listCustomerMerges(
      {
        target_customer_id: canonicalId,
        status: MergeStatus.MERGED,
        evidence: [...UNPROVEN_EVIDENCE],
        proven_at: null,
      },
      { select: ["journal"] }
    ),
  ])
  const folded = new Set(
    unproven.flatMap((merge) =>
      ((merge.journal as unknown as MergeJournal).fold.identifiers ?? []).map(
        (row) => row.id
      )
    )
  )
  return rows.filter((row) => !folded.has(row.id))
}

/** A shopper's email or phone by id: a visible row or a pending claim. */
export type StoreIdentifier =
  | { kind: IdentifierKind; claim: CustomerClaimDTO; row?: undefined }
  | {
      kind: IdentifierKind
      row: CustomerEmailDTO | CustomerPhoneDTO
      claim?: undefined
    }

/**
 * Finds one of the shopper's emails or phones by id. Anything the shopper
 * cannot see is NOT_FOUND, whether it exists or not, so ids cannot be probed.
 */
export function findStoreIdentifier(
  view: StoreView,
  kind: IdentifierKind,
  id: string
): StoreIdentifier {
  const rows: (CustomerEmailDTO | CustomerPhoneDTO)[] =
    kind === "email" ? view.emails : view.phones
  const row = rows.find((r) => r.id === id)
  if (row) {
    return { kind, row }
  }
  const claim = pendingClaims(view).find((c) => c.id === id && c.kind === kind)
  if (claim) {
    return { kind, claim }
  }
  throw new MedusaError(
    MedusaError.Types.NOT_FOUND,
    `${kind === "email" ? "Email" : "Phone"} ${id} was not found`
  )
}

/** The normalised value of a store identifier. */
export function storeIdentifierValue(identifier: StoreIdentifier): string {
  if (identifier.claim) {
    return identifier.claim.value_normalized
  }
  return "email_normalized" in identifier.row
    ? identifier.row.email_normalized
    : identifier.row.phone_e164
}

/** Claims for identifiers the shopper does not see yet, which it lists as unverified. */
export function pendingClaims(view: StoreView): CustomerClaimDTO[] {
  const shown = new Set([
    ...view.emails.map((e) => e.email_normalized),
    ...view.phones.map((p) => p.phone_e164),
  ])
  return view.claims.filter((claim) => !shown.has(claim.value_normalized))
}
