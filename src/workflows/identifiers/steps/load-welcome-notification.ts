import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export interface LoadWelcomeNotificationStepInput {
  customer_id: string
  action: string
}

export const loadWelcomeNotificationStepId = "load-welcome-notification"
/**
 * This step builds the welcome notification of an activation from the
 * `welcomeNotification` option and the customer's primary email; null when
 * there is nothing to send.
 */
export const loadWelcomeNotificationStep = createStep(
  loadWelcomeNotificationStepId,
  async (input: LoadWelcomeNotificationStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { welcomeNotification } = await service.getOptions()
    const [email] =
      welcomeNotification && input.action === "activate"
        ? await service.listCustomerEmails({
            customer_id: input.customer_id,
            is_primary: true,
          })
        : []
    if (!welcomeNotification || !email) {
      return new StepResponse(null)
    }
    return new StepResponse({
      to: email.email,
      channel: welcomeNotification.channel,
      template: welcomeNotification.template,
      data: { customer_id: input.customer_id },
    })
  }
)
