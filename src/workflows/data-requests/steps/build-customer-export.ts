import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchIdentifier,
} from "../../../types/constants"
import { CustomerDataExport } from "../../../types/data-export"
import { escapeLike } from "../../../utils/escape-like"
import { PERSONAL_ADDRESS_FIELDS } from "../../../utils/address-fields"

/** The export's format name and version: a consumer checks both. */
export const CUSTOMER_EXPORT_FORMAT = "medusa-customer-identity/export"
export const CUSTOMER_EXPORT_VERSION = 1 as const

const ADDRESS_FIELDS = [...PERSONAL_ADDRESS_FIELDS, "country_code"]

export const buildCustomerExportStepId = "build-customer-export"
/**
 * This step gathers everything held about the person a customer belongs to,
 * across its identity: the core customers folded into it, the plugin's
 * emails, phones, claims, order contacts and merges, the orders and the
 * carts with the person's customers or emails, the linked admin user, and
 * the notifications the plugin sent them (without their codes). A customer
 * without an identity is NOT_FOUND; a folded one exports its canonical one.
 */
export const buildCustomerExportStep = createStep(
  buildCustomerExportStepId,
  async (customerId: string, { container }) => {
    return new StepResponse(await buildCustomerExport(container, customerId))
  }
)

async function buildCustomerExport(
  container: MedusaContainer,
  customerId: string
): Promise<CustomerDataExport> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [own] = await service.listCustomerLinks(
    { customer_id: customerId },
    { select: ["canonical_customer_id"] }
  )
  if (!own) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Customer ${customerId} has no identity`
    )
  }
  const canonicalId = own.canonical_customer_id
  const links = await service.listCustomerLinks({
    canonical_customer_id: canonicalId,
  })
  const canonical = links.find((l) => l.customer_id === canonicalId)!
  const customerIds = links.map((l) => l.customer_id)
  const userId = links.find((l) => l.user_id)?.user_id ?? null

  const [
    emails,
    phones,
    identifiers,
    claims,
    contacts,
    merges,
    { data: customers },
  ] = await Promise.all([
    service.listCustomerEmails({ customer_id: canonicalId }),
    service.listCustomerPhones({ customer_id: canonicalId }),
    service.listCustomerIdentifiers({ customer_id: canonicalId }),
    service.listCustomerClaims({ customer_id: customerIds }),
    service.listOrderContacts(
      { canonical_customer_id: canonicalId },
      { order: { placed_at: "ASC" } }
    ),
    service.listCustomerMerges({
      $or: [
        { source_customer_id: customerIds },
        { target_customer_id: customerIds },
      ],
    }),
    query.graph({
      entity: "customer",
      fields: [
        "id",
        "email",
        "first_name",
        "last_name",
        "phone",
        "company_name",
        "has_account",
        "metadata",
        "created_at",
        "groups.id",
        "groups.name",
        ...["id", "address_name", "is_default_shipping", "is_default_billing"]
          .concat(ADDRESS_FIELDS)
          .map((field) => `addresses.${field}`),
      ],
      filters: { id: customerIds },
    }),
  ])

  const emailValues = [
    ...new Set([
      ...emails.map((e) => e.email_normalized),
      ...customers.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])),
    ]),
  ]
  const claimed = (kind: MatchIdentifier) =>
    claims.filter((c) => c.kind === kind).map((c) => c.value_normalized)
  const orderModule = container.resolve(Modules.ORDER)
  const ownOrders = await orderModule.listOrders(
    { customer_id: customerIds },
    { select: ["id"] }
  )
  const orderIds = [
    ...new Set([
      ...contacts.map((c) => c.order_id),
      ...ownOrders.map((o) => o.id),
    ]),
  ]
  const { verification, welcomeNotification } = await service.getOptions()
  const [{ data: orders }, { data: carts }, user, notifications] =
    await Promise.all([
      orderIds.length
        ? query.graph({
            entity: "order",
            fields: [
              "id",
              "display_id",
              "status",
              "created_at",
              "canceled_at",
              "email",
              "currency_code",
              "total",
              "customer_id",
              "items.title",
              "items.quantity",
              ...ADDRESS_FIELDS.map((f) => `shipping_address.${f}`),
              ...ADDRESS_FIELDS.map((f) => `billing_address.${f}`),
            ],
            filters: { id: orderIds },
          })
        : { data: [] },
      query.graph({
        entity: "cart",
        fields: [
          "id",
          "email",
          "customer_id",
          "currency_code",
          "created_at",
          "completed_at",
          "items.title",
          "items.quantity",
          ...ADDRESS_FIELDS.map((f) => `shipping_address.${f}`),
          ...ADDRESS_FIELDS.map((f) => `billing_address.${f}`),
        ],
        filters: {
          $or: [
            { customer_id: customerIds },
            ...emailValues.map((email) => ({
              email: { $ilike: escapeLike(email) },
            })),
          ],
        },
      }),
      userId
        ? container.resolve(Modules.USER).retrieveUser(userId, {
            select: ["id", "email", "first_name", "last_name"],
          })
        : null,
      container.resolve(Modules.NOTIFICATION).listNotifications(
        {
          // As the erasure finds them: codes also went to claimed values,
          // and a welcome message to the email as typed.
          $or: [
            {
              to: [
                ...phones.map((p) => p.phone_e164),
                ...claimed(MatchIdentifier.PHONE),
              ],
            },
            ...[
              ...new Set([...emailValues, ...claimed(MatchIdentifier.EMAIL)]),
            ].map((email) => ({ to: { $ilike: escapeLike(email) } })),
          ],
          template: [
            verification.template,
            ...(welcomeNotification ? [welcomeNotification.template] : []),
          ],
        },
        { select: ["id", "to", "channel", "template", "status", "created_at"] }
      ),
    ])

  return {
    format: CUSTOMER_EXPORT_FORMAT,
    version: CUSTOMER_EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    customer_id: canonicalId,
    identity: {
      status: canonical.status,
      source: canonical.source,
      has_account: canonical.has_account,
      order_count: canonical.order_count,
      first_order_at: canonical.first_order_at,
      last_order_at: canonical.last_order_at,
      created_at: canonical.created_at,
      erased_at: canonical.erased_at,
    },
    customers,
    emails: emails.map((e) => ({
      email: e.email,
      type: e.type,
      is_primary: e.is_primary,
      source: e.source,
      verified_at: e.verified_at,
      created_at: e.created_at,
    })),
    phones: phones.map((p) => ({
      phone: p.phone,
      phone_e164: p.phone_e164,
      type: p.type,
      is_primary: p.is_primary,
      source: p.source,
      verified_at: p.verified_at,
      created_at: p.created_at,
    })),
    identifiers: identifiers.map((i) => ({
      kind: i.kind,
      value: i.value,
      is_primary: i.is_primary,
      source: i.source,
      created_at: i.created_at,
    })),
    claims: claims.map((c) => ({
      kind: c.kind,
      value: c.value,
      type: c.type,
      last_sent_at: c.last_sent_at,
      created_at: c.created_at,
    })),
    order_contacts: contacts.map((c) => ({
      order_id: c.order_id,
      customer_id: c.customer_id,
      email: c.email,
      phone: c.phone,
      recipient_phone: c.recipient_phone,
      first_name: c.first_name,
      last_name: c.last_name,
      matched_by: c.matched_by,
      placed_at: c.placed_at,
      canceled_at: c.canceled_at,
    })),
    orders,
    carts,
    merges: merges.map((m) => ({
      id: m.id,
      source_customer_id: m.source_customer_id,
      target_customer_id: m.target_customer_id,
      evidence: m.evidence,
      status: m.status,
      proven_at: m.proven_at,
      created_at: m.created_at,
      reverted_at: m.reverted_at,
    })),
    user,
    notifications: notifications.map((n) => ({ ...n })),
  }
}
