import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

/** What an order address keeps when orders are redacted: the country and region, for tax reports. */
const REDACTED_ADDRESS = {
  first_name: null,
  last_name: null,
  company: null,
  address_1: null,
  address_2: null,
  city: null,
  postal_code: null,
  phone: null,
  metadata: null,
}

interface RedactedOrders {
  orders: { id: string; email: string | null }[]
  addresses: Record<string, unknown>[]
}

export const redactOrdersStepId = "redact-orders"
/**
 * This step blanks, when an erasure asks for it (`redact_orders`), the email
 * and the addresses' names, streets and phones of the erased customers'
 * orders (their own and those linked to the identity). Off by default: tax
 * law keeps invoices. Its compensation puts them back.
 */
export const redactOrdersStep = createStep(
  redactOrdersStepId,
  async (customerIds: string[], { container }) => {
    const orderModule = container.resolve(Modules.ORDER)
    const contacts = await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .listOrderContacts(
        { canonical_customer_id: customerIds },
        { select: ["order_id"] }
      )
    const orders = await orderModule.listOrders(
      {
        $or: [
          { customer_id: customerIds },
          { id: contacts.map((contact) => contact.order_id) },
        ],
      },
      {
        select: ["id", "email"],
        relations: ["shipping_address", "billing_address"],
      }
    )
    const addresses = orders.flatMap((order) =>
      [order.shipping_address, order.billing_address].filter(
        (address): address is NonNullable<typeof address> => !!address
      )
    )
    const previous: RedactedOrders = {
      orders: orders.map((order) => ({
        id: order.id,
        email: order.email ?? null,
      })),
      addresses: addresses.map((address) => ({
        id: address.id,
        ...Object.fromEntries(
          Object.keys(REDACTED_ADDRESS).map((field) => [
            field,
            address[field as keyof typeof address] ?? null,
          ])
        ),
      })),
    }
    if (orders.length) {
      await orderModule.updateOrders(
        orders.map((order) => ({ id: order.id, email: null as never }))
      )
    }
    if (addresses.length) {
      await orderModule.updateOrderAddresses(
        addresses.map((address) => ({
          id: address.id,
          ...(REDACTED_ADDRESS as unknown as Record<string, never>),
        }))
      )
    }
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const orderModule = container.resolve(Modules.ORDER)
    if (previous.orders.length) {
      await orderModule.updateOrders(previous.orders as never)
    }
    if (previous.addresses.length) {
      await orderModule.updateOrderAddresses(previous.addresses as never)
    }
  }
)
