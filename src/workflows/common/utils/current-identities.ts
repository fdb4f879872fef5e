import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { IdentityOwner, IdentityOwners } from "../../../types/module"
import { normalizedContact } from "./suppression"

/**
 * The customers among `ids` that indexing would change nothing for, as
 * `isCurrentIdentity` decides one (their link, and their email and phone
 * as core holds them their own primary ones), in two reads for all of them
 * (three when some have neither email nor phone). A customer whose email or
 * phone cannot be read is left out: the caller indexes it.
 */
export async function findCurrentIdentities(
  container: MedusaContainer,
  ids: string[]
): Promise<Set<string>> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [customers, { defaultCountry }] = await Promise.all([
    container
      .resolve(Modules.CUSTOMER)
      .listCustomers({ id: ids }, { select: ["id", "email", "phone"] }),
    service.getOptions(),
  ])
  const contacts = customers.flatMap((customer) => {
    const { email, phone } = normalizedContact(customer, defaultCountry)
    return (!customer.email || email) && (!customer.phone || phone)
      ? [{ id: customer.id, email, phone }]
      : []
  })
  const contactless = contacts.flatMap(({ id, email, phone }) =>
    email || phone ? [] : [id]
  )
  const [found, links] = await Promise.all([
    service.findIdentityOwnersOfMany({
      email_normalized: contacts.flatMap(({ email }) => email ?? []),
      phone_e164: contacts.flatMap(({ phone }) => phone ?? []),
      identifiers: [],
    }),
    contactless.length
      ? service.listCustomerLinks({ customer_id: contactless })
      : [],
  ])
  const owners = new Map(
    found.map(({ kind, value, ...owner }) => [`${kind}:${value}`, owner])
  )
  const linked = new Map(
    links.map((link) => [link.customer_id, { ...link, is_primary: true }])
  )
  return new Set(
    contacts
      .filter(({ id, email, phone }) => {
        const emailOwner = email ? owners.get(`email:${email}`) : undefined
        const phoneOwner = phone ? owners.get(`phone:${phone}`) : undefined
        // Its email's or phone's row carries its link, when it holds one.
        const customer =
          linked.get(id) ??
          [emailOwner, phoneOwner].find((owner) => owner?.customer_id === id)
        return isCurrentIdentity(
          id,
          { customer, email: emailOwner, phone: phoneOwner },
          { email, phone }
        )
      })
      .map(({ id }) => id)
  )
}

type Pending = {
  container: MedusaContainer
  ids: Set<string>
  current?: Promise<Set<string> | undefined>
}
let pending: Pending | undefined

/**
 * Whether indexing a customer would change nothing, asked with the other
 * customers asked about in the same tick (`findCurrentIdentities`): an
 * import batch's customers emit their `customer.created` (two each) or
 * `customer.updated` events at once, and are read together rather than a
 * few reads each. Undefined for a customer asked about alone (a checkout's
 * guest, any event on the Redis bus): the caller's own check of one
 * customer reads no more than this would.
 */
export function hasCurrentIdentityBatched(
  container: MedusaContainer,
  customerId: string
): Promise<boolean | undefined> {
  if (pending?.container !== container) {
    const batch: Pending = { container, ids: new Set() }
    batch.current = new Promise((resolve) => setImmediate(resolve)).then(() => {
      if (pending === batch) {
        pending = undefined
      }
      return batch.ids.size > 1
        ? findCurrentIdentities(container, [...batch.ids])
        : undefined
    })
    pending = batch
  }
  pending.ids.add(customerId)
  return pending.current!.then((current) => current?.has(customerId))
}

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
  return (await findCurrentIdentities(container, [customerId])).has(customerId)
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
