import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { hasCurrentIdentity, indexCustomerWorkflow } from "../workflows"

/**
 * Indexes a new customer and folds guests into a newly registered account.
 * Guests made at checkout emit only the module event, registrations both:
 * the workflow is idempotent, so the second delivery changes nothing.
 */
export default async function customerCreatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  // Most often nothing to do: find-or-create and imports index what they create.
  if (await hasCurrentIdentity(container, data.id)) {
    return
  }
  await indexCustomerWorkflow(container).run({
    input: { customer_id: data.id },
  })
}

export const config: SubscriberConfig = {
  event: [CustomerWorkflowEvents.CREATED, "customer.customer.created"],
  context: { subscriberId: "customer-identity-customer-created" },
}
