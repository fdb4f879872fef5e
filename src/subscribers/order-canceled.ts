import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { retryOnDuplicate } from "../utils/retry-on-duplicate"
import { recordOrderContactWorkflow } from "../workflows"

/**
 * A canceled order stops counting. Recording reads the order as it is now,
 * so this also works when the cancellation arrives before `order.placed`.
 */
export default async function orderCanceledHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  await retryOnDuplicate(() =>
    recordOrderContactWorkflow(container).run({
      input: { order_id: data.id },
    })
  )
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.CANCELED,
  context: { subscriberId: "customer-identity-order-canceled" },
}
