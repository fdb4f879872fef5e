import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import {
  CustomerIdentityStatus,
  IdentitySource,
} from "../../../types/constants"
import { CustomerIdentityEvents } from "../../../types/events"
import { dropSuppressedIdentifiersStep } from "../steps/drop-suppressed-identifiers"
import { setCustomerUserStep } from "../steps/set-customer-user"
import { findOrCreateCustomerWorkflow } from "./find-or-create-customer"

export interface LinkUserToCustomerWorkflowInput {
  user_id: string
  /** Link this customer; without it, the customer found by the user's email, or a new one. */
  customer_id?: string | null
}

export const linkUserToCustomerWorkflowId = "link-user-to-customer"
/**
 * This workflow gives an admin user its one customer: the customer given, or
 * the one found by the user's email, or a new one in status `draft`. Running
 * it again changes nothing; a user linked to another customer, or a customer
 * linked to another user, is a DUPLICATE_ERROR. A user made before its email
 * was erased is linked only to a customer given; else the result is null.
 */
export const linkUserToCustomerWorkflow = createWorkflow(
  linkUserToCustomerWorkflowId,
  (input: WorkflowData<LinkUserToCustomerWorkflowInput>) => {
    const { data: users } = useQueryGraphStep({
      entity: "user",
      fields: ["id", "email", "first_name", "last_name", "created_at"],
      filters: { id: input.user_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "get-user" })

    // A user made before its email was erased does not bring the person back.
    const kept = dropSuppressedIdentifiersStep(
      transform({ users }, ({ users }) => ({
        email: users[0].email,
        recorded_at: users[0].created_at as Date,
      }))
    )

    const link = when(
      "user-not-erased",
      { input, kept },
      ({ input, kept }) => !!input.customer_id || !!kept.email
    ).then(() => {
      const resolveInput = transform(
        { users, input, kept },
        ({ users, input, kept }) => ({
          customer_id: input.customer_id,
          email: input.customer_id ? undefined : kept.email,
          first_name: users[0].first_name || undefined,
          last_name: users[0].last_name || undefined,
          source: IdentitySource.USER,
        })
      )
      const resolved = findOrCreateCustomerWorkflow.runAsStep({
        input: resolveInput,
      })

      const linkInput = transform(
        { resolved, input },
        ({ resolved, input }) => ({
          customer_id: resolved.canonical_customer_id,
          user_id: input.user_id,
          status: resolved.created ? CustomerIdentityStatus.DRAFT : undefined,
        })
      )
      const linked = setCustomerUserStep(linkInput)

      emitEventStep({
        eventName: CustomerIdentityEvents.USER_LINKED,
        data: transform({ linkInput }, ({ linkInput }) => ({
          id: linkInput.customer_id,
          user_id: linkInput.user_id,
        })),
      })
      return linked
    })

    return new WorkflowResponse(transform({ link }, ({ link }) => link ?? null))
  }
)
