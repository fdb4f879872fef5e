import { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  IdentitySource,
} from "../../../types/constants"
import {
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
  identifierLockKeys,
} from "../../../utils/lock-keys"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { readOrSkip } from "../../common/utils/read-or-skip"
import { dropSuppressedIdentifiers } from "../../common/utils/suppression"
import { isCurrentIdentity } from "../../common/utils/current-identities"

/**
 * Indexes a customer whose email and phone nobody holds, the common case of
 * `customer.created` (the guest a checkout's new email makes), in one read
 * of the customer and one write instead of `indexCustomerWorkflow`'s steps:
 * under the identifier locks the workflow takes, it checks that the customer
 * has no link, nobody owns its email or phone and neither was erased since
 * it was created, then writes its link, email and phone as
 * `createNewIdentity` does. The workflow would write the same and fold
 * nothing. A customer whose identity is written already as core has it
 * (`isCurrentIdentity`) needs nothing either. Returns false, having written
 * nothing, for any other customer: the caller runs the workflow.
 */
export async function indexNewCustomer(
  container: MedusaContainer,
  customerId: string
): Promise<boolean> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [customer],
  } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "phone", "has_account", "created_at"],
    filters: { id: customerId },
  })
  if (!customer?.email) {
    return false
  }
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const { defaultCountry } = await service.getOptions()
  const email = readOrSkip(() => parseEmail(customer.email!), true)
  const phone = customer.phone
    ? readOrSkip(() => parsePhone(customer.phone!, defaultCountry), true)
    : undefined
  if (!email || (customer.phone && !phone)) {
    return false
  }

  const locking: ILockingModule = container.resolve(Modules.LOCKING)
  return await locking.execute(
    identifierLockKeys({
      email_normalized: email.email_normalized,
      phone_e164: phone?.phone_e164,
    }),
    async () => {
      const owners = await service.findIdentityOwners({
        customer_id: customer.id,
        email_normalized: email.email_normalized,
        phone_e164: phone?.phone_e164,
      })
      if (owners.customer?.canonical_customer_id) {
        // Written already (find-or-create and imports write what they create):
        // nothing to do when it is as core has it.
        return isCurrentIdentity(customer.id, owners, {
          email: email.email_normalized,
          phone: phone?.phone_e164,
        })
      }
      if (owners.email || owners.phone) {
        return false
      }
      const [kept] = await dropSuppressedIdentifiers(container, [
        {
          email: customer.email,
          phone: customer.phone,
          recorded_at: customer.created_at as Date,
        },
      ])
      if (!kept.email || (customer.phone && !kept.phone)) {
        return false
      }
      await service.createNewIdentity({
        customer_id: customer.id,
        has_account: customer.has_account,
        source: customer.has_account
          ? IdentitySource.REGISTRATION
          : IdentitySource.CHECKOUT,
        email,
        phone,
        identifiers: [],
      })
      return true
    },
    { timeout: IDENTIFIER_LOCK_TIMEOUT, expire: IDENTIFIER_LOCK_TTL }
  )
}
