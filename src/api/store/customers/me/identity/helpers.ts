import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../../../types/constants"
import { StoreCustomerIdentity } from "../../../../../types/http"
import { normalizeEmail } from "../../../../../utils/normalize-email"
import { normalizePhone } from "../../../../../utils/normalize-phone"

/**
 * The shopper's identity as the store may show it. After a fold the
 * canonical customer also holds a guest's emails, phones and orders; the
 * shopper sees only its own core email and phone, identifiers it verified,
 * and the orders it placed itself (invariant 4: nothing unproven is revealed).
 */
export async function retrieveStoreCustomerIdentity(
  scope: MedusaContainer,
  customerId: string
): Promise<StoreCustomerIdentity> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const service: CustomerIdentityModuleService = scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const link = await service.retrieveCustomerLinkByCustomerId(customerId)
  const { defaultCountry } = await service.getOptions()
  const {
    data: [customer],
  } = await query.graph({
    entity: "customer",
    fields: ["email", "phone"],
    filters: { id: customerId },
  })
  const ownEmail = customer?.email ? normalizeEmail(customer.email) : null
  const ownPhone = customer?.phone
    ? normalizePhone(customer.phone, defaultCountry)
    : null

  const canonical = { customer_id: link.canonical_customer_id }
  const [{ data: emails }, { data: phones }, { data: contacts }] =
    await Promise.all([
      query.graph({
        entity: "customer_email",
        fields: ["*"],
        filters: canonical,
      }),
      query.graph({
        entity: "customer_phone",
        fields: ["*"],
        filters: canonical,
      }),
      query.graph({
        entity: "order_contact",
        fields: ["placed_at"],
        filters: { customer_id: customerId, canceled_at: null },
      }),
    ])
  const placed = contacts
    .map((contact) => new Date(contact.placed_at).getTime())
    .sort((a, b) => a - b)

  return {
    customer_id: customerId,
    status: link.status,
    emails: emails
      .filter((e) => e.verified_at || e.email_normalized === ownEmail)
      .map(({ id, email, type, is_primary, verified_at }) => ({
        id,
        email,
        type,
        is_primary,
        verified_at,
      })),
    phones: phones
      .filter((p) => p.verified_at || p.phone_e164 === ownPhone)
      .map(({ id, phone, phone_e164, type, is_primary, verified_at }) => ({
        id,
        phone,
        phone_e164,
        type,
        is_primary,
        verified_at,
      })),
    order_count: placed.length,
    first_order_at: placed.length ? new Date(placed[0]) : null,
    last_order_at: placed.length ? new Date(placed[placed.length - 1]) : null,
  } as StoreCustomerIdentity
}
