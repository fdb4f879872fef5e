import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { namesDiffer } from "../../../policy"
import {
  CUSTOMER_IDENTITY_MODULE,
  DuplicateReasonKind,
} from "../../../types/constants"
import { DuplicateReason } from "../../../types/module"
import {
  AdminCustomerIdentity,
  AdminCustomerIdentityListResponse,
  AdminDuplicateListResponse,
  CustomerIdentityCustomer,
} from "../../../types/http"
import { escapeLike } from "../../../utils/escape-like"
import { normalizePhone } from "../../../utils/normalize-phone"
import { listAndCountDuplicateCandidates } from "../../../core-tables/duplicate-candidates"
import { identityNames } from "../../../workflows/common/utils/identity-names"

export const CUSTOMER_FIELDS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "company_name",
  "has_account",
]
const LATEST_ORDER_CONTACTS = 10
const SEARCH_MATCHES = 500

const primaryFirst = <T extends { is_primary: boolean; created_at: Date }>(
  rows: T[]
) =>
  [...rows].sort(
    (a, b) =>
      Number(b.is_primary) - Number(a.is_primary) ||
      new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
  )

/**
 * A customer's identity with everything the admin shows: its customer and
 * admin user, the emails and phones (primary first) and folded customers of
 * its canonical customer, and the latest order contacts.
 */
export async function refetchCustomerIdentity(
  scope: MedusaContainer,
  customerId: string,
  fields: string[]
): Promise<AdminCustomerIdentity> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [link],
  } = await query.graph({
    entity: "customer_link",
    fields: [
      ...fields,
      ...CUSTOMER_FIELDS.map((f) => `customer.${f}`),
      "user.id",
      "user.email",
      "user.first_name",
      "user.last_name",
    ],
    filters: { customer_id: customerId },
  })
  if (!link) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Customer ${customerId} has no identity`
    )
  }

  // Emails, phones and orders live on the canonical customer.
  const canonical = { customer_id: link.canonical_customer_id }
  const [emails, identifiers, phones, folded, contacts, options] =
    await Promise.all([
      query.graph({
        entity: "customer_email",
        fields: ["*"],
        filters: canonical,
      }),
      query.graph({
        entity: "customer_identifier",
        fields: ["*"],
        filters: canonical,
      }),
      query.graph({
        entity: "customer_phone",
        fields: ["*"],
        filters: canonical,
      }),
      query.graph({
        entity: "customer_link",
        fields: CUSTOMER_FIELDS.map((f) => `customer.${f}`),
        filters: { canonical_customer_id: link.canonical_customer_id },
      }),
      query.graph({
        entity: "order_contact",
        fields: ["*"],
        filters: { canonical_customer_id: link.canonical_customer_id },
        pagination: {
          take: LATEST_ORDER_CONTACTS,
          order: { placed_at: "DESC" },
        },
      }),
      scope
        .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
        .getOptions(),
    ])
  const labelOf = new Map(
    options.identifierKinds.map((kind) => [kind.kind, kind.label])
  )

  return {
    ...link,
    user: link.user ?? null,
    emails: primaryFirst(emails.data),
    phones: primaryFirst(phones.data),
    // A kind no longer declared keeps its rows, labelled by its key.
    identifiers: primaryFirst(identifiers.data).map((row) => ({
      ...row,
      label: labelOf.get(row.kind) ?? row.kind,
    })),
    identifier_kinds: options.identifierKinds.map(({ kind, label }) => ({
      kind,
      label,
    })),
    folded_customers: folded.data
      .map((row) => row.customer as CustomerIdentityCustomer)
      .filter(
        (customer) => customer && customer.id !== link.canonical_customer_id
      ),
    order_contacts: contacts.data,
  } as AdminCustomerIdentity
}

export interface SearchCustomerIdentitiesParams {
  q?: string
  status?: string[]
  has_account?: boolean
  limit: number
  offset: number
  order?: string
}

/**
 * Lists canonical customers, newest first by default. `q` finds a customer by
 * any of its emails (any part, any case), any of its phones (in any
 * formatting, or a run of its digits), or its core name, email or company.
 */
export async function searchCustomerIdentities(
  scope: MedusaContainer,
  params: SearchCustomerIdentitiesParams
): Promise<AdminCustomerIdentityListResponse> {
  const service: CustomerIdentityModuleService = scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const customerIds = params.q
    ? await matchCustomerIds(scope, params.q)
    : undefined
  const [links, count] = await service.listAndCountCanonicalCustomerLinks(
    {
      customer_id: customerIds,
      status: params.status,
      has_account: params.has_account,
    },
    { limit: params.limit, offset: params.offset, order: params.order }
  )

  const ids = links.map((link) => link.customer_id)
  const [customers, emails, phones] = ids.length
    ? await Promise.all([
        scope
          .resolve(Modules.CUSTOMER)
          .listCustomers({ id: ids }, { select: CUSTOMER_FIELDS }),
        service.listCustomerEmails({ customer_id: ids, is_primary: true }),
        service.listCustomerPhones({ customer_id: ids, is_primary: true }),
      ])
    : [[], [], []]
  const byCustomer = <T extends { customer_id?: string; id?: string }>(
    rows: T[],
    key: "customer_id" | "id"
  ) => new Map(rows.map((row) => [row[key] as string, row]))
  const customerOf = byCustomer(customers, "id")
  const emailOf = byCustomer(emails, "customer_id")
  const phoneOf = byCustomer(phones, "customer_id")

  return {
    customer_identities: links.map((link) => ({
      ...link,
      customer: (customerOf.get(link.customer_id) ??
        null) as CustomerIdentityCustomer | null,
      primary_email: emailOf.get(link.customer_id) ?? null,
      primary_phone: phoneOf.get(link.customer_id) ?? null,
    })),
    count,
    offset: params.offset,
    limit: params.limit,
  } as AdminCustomerIdentityListResponse
}

async function matchCustomerIds(
  scope: MedusaContainer,
  q: string
): Promise<string[]> {
  const service: CustomerIdentityModuleService = scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const { defaultCountry } = await service.getOptions()
  const e164 = normalizePhone(q, defaultCountry)
  const digits = q.replace(/\D/g, "")
  const take = { take: SEARCH_MATCHES }

  const [emails, phones, customers] = await Promise.all([
    service.listCustomerEmails(
      {
        email_normalized: { $ilike: `%${escapeLike(q.trim().toLowerCase())}%` },
      },
      { select: ["customer_id"], ...take }
    ),
    e164 || digits.length >= 4
      ? service.listCustomerPhones(
          e164
            ? { phone_e164: e164 }
            : { phone_e164: { $like: `%${digits}%` } },
          { select: ["customer_id"], ...take }
        )
      : [],
    scope
      .resolve(Modules.CUSTOMER)
      .listCustomers({ q }, { select: ["id"], ...take }),
  ])
  const links = customers.length
    ? await service.listCustomerLinks(
        { customer_id: customers.map((c) => c.id) },
        { select: ["canonical_customer_id"] }
      )
    : []
  return [
    ...new Set([
      ...emails.map((row) => row.customer_id),
      ...phones.map((row) => row.customer_id),
      ...links.map((row) => row.canonical_customer_id),
    ]),
  ]
}

/**
 * A page of duplicate candidates, strongest first, each customer with its
 * core name and email for the reviewer.
 */
/** Core customers as the admin API shows them, by id. */
export async function customersById(
  scope: MedusaContainer,
  ids: string[]
): Promise<Map<string, CustomerIdentityCustomer>> {
  const customers = ids.length
    ? await scope
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: ids }, { select: CUSTOMER_FIELDS })
    : []
  return new Map(customers.map((c) => [c.id, c as CustomerIdentityCustomer]))
}

export async function listDuplicates(
  scope: MedusaContainer,
  params: { min_score?: number; limit: number; offset: number }
): Promise<AdminDuplicateListResponse> {
  const [candidates, count] = await listAndCountDuplicateCandidates(
    scope,
    { min_score: params.min_score ?? 0 },
    { limit: params.limit, offset: params.offset }
  )
  const ids = [
    ...new Set(
      candidates.flatMap((pair) => [pair.customer_a_id, pair.customer_b_id])
    ),
  ]
  const [customerOf, namesOf] = await Promise.all([
    customersById(scope, ids),
    identityNames(
      scope,
      ids.filter((id) =>
        candidates.some(
          (pair) =>
            (pair.customer_a_id === id || pair.customer_b_id === id) &&
            pair.reasons.some(
              (r) => r.kind === DuplicateReasonKind.SHARED_PHONE
            )
        )
      )
    ),
  ])
  // A phone shared under two people's names is told apart, as the phone rule tells it.
  const phoneReason = (a: string, b: string, reason: DuplicateReason) =>
    reason.kind === DuplicateReasonKind.SHARED_PHONE &&
    namesDiffer(namesOf.get(a) ?? [], namesOf.get(b) ?? [])
      ? { ...reason, kind: DuplicateReasonKind.SAME_PHONE_DIFFERENT_NAME }
      : reason
  return {
    duplicates: candidates.map(
      ({ customer_a_id, customer_b_id, score, reasons }) => ({
        id: `${customer_a_id}:${customer_b_id}`,
        customer_a: customerOf.get(customer_a_id)!,
        customer_b: customerOf.get(customer_b_id)!,
        score,
        reasons: reasons.map((reason) =>
          phoneReason(customer_a_id, customer_b_id, reason)
        ),
      })
    ),
    count,
    offset: params.offset,
    limit: params.limit,
  }
}
