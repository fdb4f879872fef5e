import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { indexCustomerWorkflow } from "../workflows"

/** Adds a customer's changed email or phone to its identity, as its primary ones. */
export default async function customerUpdatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  await indexCustomerWorkflow(container).run({
    input: { customer_id: data.id, sync_primary: true },
  })
}

export const config: SubscriberConfig = {
  event: CustomerWorkflowEvents.UPDATED,
  context: { subscriberId: "customer-identity-customer-updated" },
}
