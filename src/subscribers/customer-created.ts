import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import {
  hasCurrentIdentityBatched,
  indexCustomerWorkflow,
  indexNewCustomer,
} from "../workflows"

/**
 * Indexes a new customer and folds guests into a newly registered account:
 * not at all when find-or-create or an import wrote its identity already
 * (read with the other customers created at once: an import's batch), in
 * one write when nobody holds its email or phone, else through the
 * workflow. Guests made at checkout emit only the module event,
 * registrations both: the workflow is idempotent, so the second delivery
 * changes nothing.
 */
export default async function customerCreatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  if (
    (await hasCurrentIdentityBatched(container, data.id)) ||
    (await indexNewCustomer(container, data.id))
  ) {
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
