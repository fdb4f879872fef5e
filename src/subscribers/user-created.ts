import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { UserWorkflowEvents } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../types/constants"
import { retryOnDuplicate } from "../utils/retry-on-duplicate"
import { linkUserToCustomerWorkflow } from "../workflows"

/** Gives every new admin user its customer, unless `autoCreateForUsers` is off. */
export default async function userCreatedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  if (!(await service.getOptions()).autoCreateForUsers) {
    return
  }
  await retryOnDuplicate(() =>
    linkUserToCustomerWorkflow(container).run({
      input: { user_id: data.id },
    })
  )
}

export const config: SubscriberConfig = {
  event: UserWorkflowEvents.CREATED,
  context: { subscriberId: "customer-identity-user-created" },
}
