import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { retryOnDuplicate } from "../utils/retry-on-duplicate"
import {
  recordKnownOrderContact,
  recordOrderContactWorkflow,
} from "../workflows"

/**
 * Records the order's contact and recomputes its customer's stats: in one
 * transaction for a customer the plugin knows with nothing to decide, else
 * through the workflow.
 */
export default async function orderPlacedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  if (await recordKnownOrderContact(container, data.id)) {
    return
  }
  await retryOnDuplicate(() =>
    recordOrderContactWorkflow(container).run({
      input: { order_id: data.id },
    })
  )
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.PLACED,
  context: { subscriberId: "customer-identity-order-placed" },
}
