import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { IdentityOwner, IdentityOwners } from "../../../types/module"
import { normalizedContact } from "../../common/utils/suppression"

/**
 * Whether indexing a core customer would change nothing: it has its link,
 * and its email and phone as core holds them are its own primary ones.
 * Find-or-create and imports write a new guest's identity with the customer,
 * so its `customer.created` (twice: core's workflow event and the module's)
 * and an update that changed neither email nor phone (an import's history
 * in metadata) find it so; the subscribers then skip `indexCustomerWorkflow`
 * (a graph read, two suppression checks, locks), which an import of many
 * customers would otherwise run twice per customer. A value that cannot be
 * read leaves the decision to the workflow.
 */
export async function hasCurrentIdentity(
  container: MedusaContainer,
  customerId: string
): Promise<boolean> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: customerId }, { select: ["id", "email", "phone"] })
  if (!customer) {
    return false
  }
  const { defaultCountry } = await service.getOptions()
  const { email, phone } = normalizedContact(customer, defaultCountry)
  if ((customer.email && !email) || (customer.phone && !phone)) {
    return false
  }
  const owners = await service.findIdentityOwners({
    customer_id: customerId,
    email_normalized: email ?? undefined,
    phone_e164: phone ?? undefined,
  })
  return isCurrentIdentity(customerId, owners, { email, phone })
}

/** Whether a customer has its link and holds its email and phone as its primary ones. */
export function isCurrentIdentity(
  customerId: string,
  owners: Pick<IdentityOwners, "customer" | "email" | "phone">,
  contact: { email?: string | null; phone?: string | null }
): boolean {
  const own = (owner?: IdentityOwner) =>
    owner?.customer_id === customerId && owner.is_primary
  return (
    !!owners.customer?.canonical_customer_id &&
    (!contact.email || own(owners.email)) &&
    (!contact.phone || own(owners.phone))
  )
}
