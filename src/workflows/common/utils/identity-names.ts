import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { PersonName } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

/**
 * Every name each canonical customer goes by, for the phone rule and the
 * duplicate review: its core customer's and the orderer names on its order
 * contacts.
 */
export async function identityNames(
  container: MedusaContainer,
  canonicalCustomerIds: string[]
): Promise<Map<string, PersonName[]>> {
  const names = new Map(
    canonicalCustomerIds.map((id): [string, PersonName[]] => [id, []])
  )
  if (!canonicalCustomerIds.length) {
    return names
  }
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [customers, contacts] = await Promise.all([
    container
      .resolve(Modules.CUSTOMER)
      .listCustomers(
        { id: canonicalCustomerIds },
        { select: ["id", "first_name", "last_name"] }
      ),
    service.listOrderContacts(
      { canonical_customer_id: canonicalCustomerIds },
      { select: ["canonical_customer_id", "first_name", "last_name"] }
    ),
  ])
  for (const { id, first_name, last_name } of customers) {
    names.get(id)?.push({ first_name, last_name })
  }
  for (const { canonical_customer_id, first_name, last_name } of contacts) {
    names.get(canonical_customer_id)?.push({ first_name, last_name })
  }
  return names
}
