import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { indexCustomerWorkflow } from "../workflows"

/**
 * Indexes a new customer and folds guests into a newly registered account.
 * Guests made at checkout emit only the module event, registrations both:
 * the workflow is idempotent, so the second delivery changes nothing.
 */
export default async function customerCreatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  await indexCustomerWorkflow(container).run({
    input: { customer_id: data.id },
  })
}

export const config: SubscriberConfig = {
  event: [CustomerWorkflowEvents.CREATED, "customer.customer.created"],
  context: { subscriberId: "customer-identity-customer-created" },
}
