import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

/** The orders of erased customers: their own and those linked to the identity. */
export async function identityOrderIds(
  container: MedusaContainer,
  customerIds: string[]
): Promise<string[]> {
  const [contacts, own] = await Promise.all([
    container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .listOrderContacts(
        { canonical_customer_id: customerIds },
        { select: ["order_id"] }
      ),
    container
      .resolve(Modules.ORDER)
      .listOrders({ customer_id: customerIds }, { select: ["id"] }),
  ])
  return [
    ...new Set([
      ...contacts.map((contact) => contact.order_id),
      ...own.map((order) => order.id),
    ]),
  ]
}
