import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  emitEventStep,
  sendNotificationsStep,
} from "@medusajs/medusa/core-flows"
import { CustomerIdentityEvents } from "../../../types/events"
import { loadWelcomeNotificationStep } from "../steps/load-welcome-notification"
import {
  CustomerIdentityStatusAction,
  updateIdentityStatusStep,
} from "../steps/update-identity-status"

export interface UpdateCustomerIdentityStatusWorkflowInput {
  customer_id: string
  action: CustomerIdentityStatusAction
}

export const updateCustomerIdentityStatusWorkflowId =
  "update-customer-identity-status"
/**
 * This workflow activates, archives or reactivates a customer's identity
 * (draft → active → archived → active) and emits
 * `customer_identity.status_changed`. Activating sends the
 * `welcomeNotification` of the plugin options, when one is set, to the
 * customer's primary email.
 */
export const updateCustomerIdentityStatusWorkflow = createWorkflow(
  updateCustomerIdentityStatusWorkflowId,
  (input: WorkflowData<UpdateCustomerIdentityStatusWorkflowInput>) => {
    const link = updateIdentityStatusStep(input)

    const welcomeInput = transform({ link, input }, ({ link, input }) => ({
      customer_id: link.canonical_customer_id,
      action: input.action,
    }))
    const welcome = loadWelcomeNotificationStep(welcomeInput)
    when("welcome-on-activation", { welcome }, ({ welcome }) => !!welcome).then(
      () => {
        sendNotificationsStep(
          transform({ welcome }, ({ welcome }) => [welcome!])
        )
      }
    )

    emitEventStep({
      eventName: CustomerIdentityEvents.STATUS_CHANGED,
      data: transform({ link }, ({ link }) => ({
        id: link.customer_id,
        status: link.status,
      })),
    })

    return new WorkflowResponse(link)
  }
)
