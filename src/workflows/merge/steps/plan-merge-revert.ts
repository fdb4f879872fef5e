import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, MergeStatus } from "../../../types/constants"
import { CustomerMergeDTO } from "../../../types/module"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { retrieveMerge } from "../utils/retrieve-merge"

export interface MergeRevertPlan {
  merge: CustomerMergeDTO
  /** Copied addresses still on the target. */
  address_ids: string[]
  /** Groups the merge added the target to that it is still in. */
  customer_group_ids: string[]
  /** The identifier locks of the emails and phones going back. */
  lock_keys: string[]
}

/** Lists by ids, skipping the call when there are none (an empty filter can mean "all"). */
const byIds = <T>(ids: string[], list: () => Promise<T[]>): Promise<T[]> =>
  ids.length ? list() : Promise.resolve([])

export const planMergeRevertStepId = "plan-merge-revert"
/**
 * This step checks, under the customers' locks, that a merge can be
 * reverted: it has not been already, and nothing it moved has moved since
 * (an email or phone removed or moved, a customer folded elsewhere, an order
 * transferred or in the middle of an order change, the admin user unlinked,
 * the target merged on). Otherwise it is NOT_ALLOWED with every change in
 * the message. Addresses deleted and groups left since are simply not undone.
 */
export const planMergeRevertStep = createStep(
  planMergeRevertStepId,
  async (id: string, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const merge = await retrieveMerge(service, id)
    if (merge.status === MergeStatus.REVERTED) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Merge ${id} was already reverted`
      )
    }
    const { journal } = merge
    const source = merge.source_customer_id
    const target = merge.target_customer_id
    const { fold } = journal
    const orderModule = container.resolve(Modules.ORDER)
    const customerModule = container.resolve(Modules.CUSTOMER)
    const [links, emails, phones, contacts, orders, changes, customers] =
      await Promise.all([
        service.listCustomerLinks({
          customer_id: [source, target],
        }),
        byIds(
          fold.emails.map((row) => row.id),
          () =>
            service.listCustomerEmails(
              { id: fold.emails.map((row) => row.id) },
              { withDeleted: true }
            )
        ),
        byIds(
          fold.phones.map((row) => row.id),
          () =>
            service.listCustomerPhones(
              { id: fold.phones.map((row) => row.id) },
              { withDeleted: true }
            )
        ),
        byIds(
          fold.order_contacts.map((row) => row.id),
          () =>
            service.listOrderContacts(
              { id: fold.order_contacts.map((row) => row.id) },
              { select: ["id", "order_id", "canonical_customer_id"] }
            )
        ),
        byIds(journal.order_ids, () =>
          orderModule.listOrders(
            { id: journal.order_ids },
            { select: ["id", "display_id", "customer_id"] }
          )
        ),
        byIds(journal.order_ids, () =>
          orderModule.listOrderChanges(
            { order_id: journal.order_ids, status: ["pending", "requested"] },
            { select: ["order_id"] }
          )
        ),
        customerModule.listCustomers(
          { id: [source, target] },
          { relations: ["addresses", "groups"] }
        ),
      ])
    const folded = await byIds(
      fold.links.map((row) => row.id),
      () =>
        service.listCustomerLinks(
          { id: fold.links.map((row) => row.id) },
          { select: ["id", "customer_id", "canonical_customer_id"] }
        )
    )

    const changed: string[] = []
    if (!customers.some((customer) => customer.id === source)) {
      changed.push(`customer ${source} was deleted`)
    }
    const sourceLink = links.find((l) => l.customer_id === source)
    const targetLink = links.find((l) => l.customer_id === target)
    if (!sourceLink || !targetLink) {
      changed.push(
        `customer ${sourceLink ? target : source} no longer has an identity`
      )
    } else if (targetLink.canonical_customer_id !== target) {
      changed.push(
        `the target was merged into ${targetLink.canonical_customer_id}`
      )
    }
    for (const row of fold.links) {
      const link = folded.find((l) => l.id === row.id)
      if (link?.canonical_customer_id !== target) {
        changed.push(
          `customer ${link?.customer_id ?? row.id} no longer belongs to the target`
        )
      }
    }
    for (const [label, rows, value] of [
      ["email", emails, "email"],
      ["phone", phones, "phone"],
    ] as const) {
      for (const row of rows as any[]) {
        if (row.deleted_at || row.customer_id !== target) {
          changed.push(
            `${label} ${row[value]} was ${row.deleted_at ? "removed" : "moved to another customer"}`
          )
        }
      }
    }
    for (const row of fold.order_contacts) {
      const contact = contacts.find((c) => c.id === row.id)
      if (contact && contact.canonical_customer_id !== target) {
        changed.push(`the contact of order ${contact.order_id} was moved`)
      }
    }
    for (const order of orders) {
      if (order.customer_id !== target) {
        changed.push(
          `order #${order.display_id} was transferred to another customer`
        )
      }
    }
    for (const { order_id } of changes) {
      const order = orders.find((o) => o.id === order_id)
      changed.push(
        `order #${order?.display_id ?? order_id} has an order change in progress`
      )
    }
    if (journal.user_id && targetLink?.user_id !== journal.user_id) {
      changed.push(`admin user ${journal.user_id} was unlinked from the target`)
    }
    if (changed.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Merge ${id} cannot be reverted because things moved since: ${changed.join("; ")}`
      )
    }
    const targetCustomer = customers.find((c) => c.id === target)
    const addressIds = new Set(
      (targetCustomer?.addresses ?? []).map((address) => address.id)
    )
    const groupIds = new Set(
      (targetCustomer?.groups ?? []).map((group) => group.id)
    )
    return new StepResponse<MergeRevertPlan>({
      merge,
      address_ids: journal.address_ids.filter((a) => addressIds.has(a)),
      customer_group_ids: journal.customer_group_ids.filter((g) =>
        groupIds.has(g)
      ),
      lock_keys: identifierLockKeys({
        email_normalized: emails.map((row) => row.email_normalized),
        phone_e164: phones.map((row) => row.phone_e164),
      }),
    })
  }
)
