import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  CustomerIdentityStatus,
  MergeBlockerCode,
} from "../../../types/constants"
import { MergeBlocker, MergePlan } from "../../../types/module"
import { PERSONAL_ADDRESS_FIELDS } from "../../../utils/address-fields"

export interface PlanCustomerMergeStepInput {
  source_customer_id: string
  target_customer_id: string
}

/** The address fields two addresses must share to be one address. */
const ADDRESS_FIELDS = [...PERSONAL_ADDRESS_FIELDS, "country_code"] as const

const ACTIVE_ORDER_CHANGE = ["pending", "requested"]

export const planCustomerMergeStepId = "plan-customer-merge"
/**
 * This step works out what merging a source customer into a target would
 * move (emails, phones, folded customers, orders, admin user, addresses,
 * customer groups) and what stands in the way: the two are already one
 * identity, either is folded into another or archived, both have an admin
 * user, or an order to move has an order change in progress. Customers
 * without an identity are NOT_FOUND.
 */
export const planCustomerMergeStep = createStep(
  planCustomerMergeStepId,
  async (input: PlanCustomerMergeStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { source_customer_id: sourceId, target_customer_id: targetId } = input
    const [links, customers] = await Promise.all([
      service.listCustomerLinks({ customer_id: [sourceId, targetId] }),
      container
        .resolve(Modules.CUSTOMER)
        .listCustomers(
          { id: [sourceId, targetId] },
          { relations: ["addresses", "groups"] }
        ),
    ])
    const sides = [sourceId, targetId].map((id) => {
      const link = links.find((l) => l.customer_id === id)
      const customer = customers.find((c) => c.id === id)
      if (!link || !customer) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Customer ${id} has no identity`
        )
      }
      return { link, customer }
    })
    const [source, target] = sides

    const orderModule = container.resolve(Modules.ORDER)
    const [emails, phones, followers, orders] = await Promise.all([
      service.listCustomerEmails(
        { customer_id: sourceId },
        {
          select: ["id", "email", "email_normalized"],
          order: { created_at: "ASC" },
        }
      ),
      service.listCustomerPhones(
        { customer_id: sourceId },
        { select: ["id", "phone", "phone_e164"], order: { created_at: "ASC" } }
      ),
      service.listCustomerLinks(
        { canonical_customer_id: sourceId },
        { select: ["customer_id"] }
      ),
      orderModule.listOrders(
        { customer_id: sourceId },
        { select: ["id", "display_id"], order: { created_at: "ASC" } }
      ),
    ])
    const activeChanges = orders.length
      ? await orderModule.listOrderChanges(
          { order_id: orders.map((o) => o.id), status: ACTIVE_ORDER_CHANGE },
          { select: ["order_id"] }
        )
      : []

    const blockers: MergeBlocker[] = []
    if (
      source.link.canonical_customer_id === target.link.canonical_customer_id
    ) {
      blockers.push({
        code: MergeBlockerCode.SAME_IDENTITY,
        message: `Customers ${sourceId} and ${targetId} are already one identity`,
      })
    } else {
      for (const { link } of sides) {
        if (link.canonical_customer_id !== link.customer_id) {
          blockers.push({
            code: MergeBlockerCode.FOLDED,
            message: `Customer ${link.customer_id} is folded into ${link.canonical_customer_id}: merge that customer instead`,
          })
        }
      }
    }
    for (const { link } of sides) {
      if (link.status === CustomerIdentityStatus.ARCHIVED) {
        blockers.push({
          code: MergeBlockerCode.ARCHIVED,
          message: `Customer ${link.customer_id} is archived: restore it before merging`,
        })
      }
    }
    if (source.link.user_id && target.link.user_id) {
      blockers.push({
        code: MergeBlockerCode.BOTH_USERS,
        message: `Both customers are linked to an admin user (${source.link.user_id} and ${target.link.user_id}): unlink one first`,
      })
    }
    for (const { order_id } of activeChanges) {
      const order = orders.find((o) => o.id === order_id)!
      blockers.push({
        code: MergeBlockerCode.ORDER_CHANGE_ACTIVE,
        message: `Order #${order.display_id} has an order change in progress (an edit, return, claim or exchange): finish or cancel it first`,
      })
    }

    const sameAddress = (
      a: Record<string, unknown>,
      b: Record<string, unknown>
    ) =>
      ADDRESS_FIELDS.every((field) => (a[field] ?? null) === (b[field] ?? null))
    const addresses = (source.customer.addresses ?? [])
      .filter(
        (address) =>
          !(target.customer.addresses ?? []).some((own) =>
            sameAddress(own as any, address as any)
          )
      )
      .map((address) => ({
        ...Object.fromEntries(
          ["address_name", ...ADDRESS_FIELDS, "metadata"].map((field) => [
            field,
            (address as any)[field] ?? null,
          ])
        ),
        customer_id: targetId,
        // The target keeps its own defaults.
        is_default_shipping: false,
        is_default_billing: false,
      }))
    const targetGroups = new Set(
      (target.customer.groups ?? []).map((group) => group.id)
    )

    return new StepResponse<MergePlan>({
      source_customer_id: sourceId,
      target_customer_id: targetId,
      blockers,
      emails: emails.map(({ id, email, email_normalized }) => ({
        id,
        email,
        email_normalized,
      })),
      phones: phones.map(({ id, phone, phone_e164 }) => ({
        id,
        phone,
        phone_e164,
      })),
      folded_customer_ids: followers
        .map((l) => l.customer_id)
        .filter((id) => id !== sourceId),
      orders: orders.map(({ id, display_id }) => ({
        id,
        display_id: display_id ?? null,
      })),
      user_id: source.link.user_id ?? null,
      addresses,
      customer_groups: (source.customer.groups ?? [])
        .filter((group) => !targetGroups.has(group.id))
        .map((group) => ({ id: group.id, name: group.name ?? null })),
    })
  }
)
