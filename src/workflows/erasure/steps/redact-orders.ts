import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  blankRecords,
  RecordWithAddresses,
  RecordWriter,
  restoreRecords,
} from "../utils/blank-records"
import { identityOrderIds } from "../utils/identity-order-ids"

const orderWriter = (container: MedusaContainer): RecordWriter => {
  const orderModule = container.resolve(Modules.ORDER)
  return {
    records: (data) => orderModule.updateOrders(data as never),
    addresses: (data) => orderModule.updateOrderAddresses(data as never),
  }
}

export const redactOrdersStepId = "redact-orders"
/**
 * This step blanks, when an erasure asks for it (`redact_orders`), the email
 * and the addresses but the country of the erased customers' orders (their
 * own and those linked to the identity). Off by default: tax law keeps
 * invoices. Its compensation puts them back.
 */
export const redactOrdersStep = createStep(
  redactOrdersStepId,
  async (customerIds: string[], { container }) => {
    const orders = await container.resolve(Modules.ORDER).listOrders(
      { id: await identityOrderIds(container, customerIds) },
      {
        select: ["id", "email"],
        relations: ["shipping_address", "billing_address"],
      }
    )
    const previous = await blankRecords(
      orders as unknown as RecordWithAddresses[],
      orderWriter(container)
    )
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await restoreRecords(previous, orderWriter(container))
    }
  }
)
