import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import {
  hasCurrentIdentity,
  hasCurrentIdentityBatched,
  indexCustomerWorkflow,
} from "../workflows"

/** Adds a customer's changed email or phone to its identity, as its primary ones. */
export default async function customerUpdatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  // Nothing to do when neither email nor phone changed (an import batch's history in metadata).
  if (
    (await hasCurrentIdentityBatched(container, data.id)) ??
    (await hasCurrentIdentity(container, data.id))
  ) {
    return
  }
  await indexCustomerWorkflow(container).run({
    input: { customer_id: data.id, sync_primary: true },
  })
}

export const config: SubscriberConfig = {
  event: CustomerWorkflowEvents.UPDATED,
  context: { subscriberId: "customer-identity-customer-updated" },
}
