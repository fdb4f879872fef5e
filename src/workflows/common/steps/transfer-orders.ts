import { ChangeActionType, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  readUpdatedAt,
  restoreUpdatedAt,
  RowUpdatedAt,
} from "../../../core-tables/updated-at"

export interface TransferOrdersStepInput {
  order_ids: string[]
  customer_id: string
  description: string
}

interface TransferredOrders {
  orders: { id: string; customer_id?: string }[]
  change_ids: string[]
  /** The orders' `updated_at`, to put back exactly. */
  updated_at: RowUpdatedAt[]
}

export const transferOrdersStepId = "transfer-orders"
/**
 * This step moves orders to a customer the way Medusa's order transfer does:
 * a confirmed `transfer` order change with a `TRANSFER_CUSTOMER` action, so
 * the order's history shows who it belonged to. Unlike the store's transfer
 * request, no token round-trip is needed: the shopper has already proven
 * the email or phone the orders were placed with. Its compensation undoes
 * the changes and gives the orders back as they were, `updated_at` included.
 */
export const transferOrdersStep = createStep(
  transferOrdersStepId,
  async (input: TransferOrdersStepInput, { container }) => {
    if (!input.order_ids.length) {
      return new StepResponse<string[], TransferredOrders>([])
    }
    const orderModule = container.resolve(Modules.ORDER)
    const orders = await orderModule.listOrders(
      { id: input.order_ids },
      { select: ["id", "customer_id"] }
    )
    const moving = orders.filter((o) => o.customer_id !== input.customer_id)
    const updatedAt = await readUpdatedAt(
      container,
      "order",
      moving.map((o) => o.id)
    )
    const changes = await orderModule.createOrderChange(
      moving.map((order) => ({
        order_id: order.id,
        change_type: "transfer" as const,
        description: input.description,
        actions: [
          {
            action: ChangeActionType.TRANSFER_CUSTOMER,
            reference: "customer",
            reference_id: input.customer_id,
            // The customer, not the email: order changes outlive an erasure.
            details: { original_customer_id: order.customer_id },
          },
        ],
      }))
    )
    await orderModule.confirmOrderChange(changes.map(({ id }) => ({ id })))
    return new StepResponse<string[], TransferredOrders>(
      moving.map((o) => o.id),
      {
        orders: moving.map((o) => ({ id: o.id, customer_id: o.customer_id })),
        change_ids: changes.map(({ id }) => id),
        updated_at: updatedAt,
      }
    )
  },
  async (moved, { container }) => {
    if (!moved?.orders.length) {
      return
    }
    const orderModule = container.resolve(Modules.ORDER)
    for (const order of moved.orders) {
      await orderModule.undoLastChange(order.id)
    }
    // Undone changes go back to pending, which would block the next change.
    await orderModule.deleteOrderChanges(moved.change_ids)
    await orderModule.updateOrders(moved.orders)
    await restoreUpdatedAt(container, "order", moved.updated_at)
  }
)
