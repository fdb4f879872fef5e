import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StoreCustomerIdentity } from "../../../../../types/http"
import {
  loadStoreView,
  pendingClaims,
} from "../../../../../workflows/claims/utils/store-view"

/**
 * The shopper's identity as the store may show it: its own core email and
 * phone, identifiers it verified, pending claims (unverified, whoever owns
 * the value), and the orders it placed itself (invariant 4).
 */
export async function retrieveStoreCustomerIdentity(
  scope: MedusaContainer,
  customerId: string
): Promise<StoreCustomerIdentity> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const [view, { data: contacts }] = await Promise.all([
    loadStoreView(scope, customerId),
    query.graph({
      entity: "order_contact",
      fields: ["placed_at"],
      filters: { customer_id: customerId, canceled_at: null },
    }),
  ])
  const placed = contacts
    .map((contact) => new Date(contact.placed_at).getTime())
    .sort((a, b) => a - b)
  const pending = pendingClaims(view)
  // Primary first, then oldest first: a stable order for storefront lists.
  const ordered = <T extends { is_primary: boolean; created_at: Date }>(
    rows: T[]
  ) =>
    [...rows].sort(
      (a, b) =>
        Number(b.is_primary) - Number(a.is_primary) ||
        new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
    )
  const unverified = (kind: "email" | "phone") =>
    pending
      .filter((claim) => claim.kind === kind)
      .map((claim) => ({
        id: claim.id,
        type: claim.type,
        is_primary: false,
        verified_at: null,
        ...(kind === "email"
          ? { email: claim.value }
          : { phone: claim.value, phone_e164: claim.value_normalized }),
      }))

  return {
    customer_id: customerId,
    status: view.status,
    emails: [
      ...ordered(view.emails).map(
        ({ id, email, type, is_primary, verified_at }) => ({
          id,
          email,
          type,
          is_primary,
          verified_at,
        })
      ),
      ...unverified("email"),
    ],
    phones: [
      ...ordered(view.phones).map(
        ({ id, phone, phone_e164, type, is_primary, verified_at }) => ({
          id,
          phone,
          phone_e164,
          type,
          is_primary,
          verified_at,
        })
      ),
      ...unverified("phone"),
    ],
    identifiers: ordered(view.identifiers).map(
      ({ id, kind, label, value, is_primary }) => ({
        id,
        kind,
        label,
        value,
        is_primary,
      })
    ),
    order_count: placed.length,
    first_order_at: placed.length ? new Date(placed[0]) : null,
    last_order_at: placed.length ? new Date(placed[placed.length - 1]) : null,
  } as StoreCustomerIdentity
}
