import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createCustomersWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { MatchedBy } from "../../../types/constants"
import { CustomerIdentityEvents } from "../../../types/events"
import {
  FindOrCreateCustomerWorkflowInput,
  FindOrCreateCustomerWorkflowOutput,
} from "../../../types/workflows"
import { ensureCustomerLinksStep } from "../../common/steps/ensure-customer-links"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { attachCustomerIdentifiersStep } from "../steps/attach-customer-identifiers"
import { createNewIdentityStep } from "../steps/create-new-identity"
import { prepareIdentityInputStep } from "../steps/prepare-identity-input"
import { resolveCustomerStep } from "../steps/resolve-customer"
import { newGuestCustomerData, newGuestIdentity } from "../utils/new-guest"

export const findOrCreateCustomerWorkflowId = "find-or-create-customer-identity"
/**
 * This workflow resolves an email, a phone, values of identifier kinds or a
 * customer id to the one customer that stands for the person, creating a
 * guest customer when nothing matches. Identifiers are matched in the order
 * of the `matchOrder` option;
 * the email wins over the phone when they point at different customers. An
 * identifier nobody owns is attached to the customer found.
 *
 * Calls for the same identifiers are serialised with a lock per normalised
 * identifier, so concurrent calls for one person make one customer. A match
 * whose link and identifiers are all in place writes nothing: the writing
 * steps are skipped; it still reads under the lock, so never a call half
 * done, and still emits the `resolved` event. A customer it creates gets its
 * link and identifiers in one statement.
 *
 * @example
 * const { result } = await findOrCreateCustomerWorkflow(container).run({
 *   input: { email: "John@Example.com", phone: "(555) 123-4567", source: "checkout" },
 * })
 * // result: { customer_id, canonical_customer_id, created, matched_by }
 */
export const findOrCreateCustomerWorkflow = createWorkflow(
  findOrCreateCustomerWorkflowId,
  (
    input: WorkflowData<FindOrCreateCustomerWorkflowInput>
  ): WorkflowResponse<FindOrCreateCustomerWorkflowOutput> => {
    const prepared = prepareIdentityInputStep(input)

    acquireIdentifierLocks(prepared)

    const resolved = resolveCustomerStep(prepared)

    const createdCustomers = when(
      "no-customer-matched",
      { resolved },
      ({ resolved }) => !resolved.customer_id
    ).then(() => {
      const customersData = transform(
        { prepared, input },
        ({ prepared, input }) => [
          newGuestCustomerData({
            ...prepared,
            created_customer: input.created_customer,
          }),
        ]
      )
      const created = createCustomersWorkflow.runAsStep({
        input: { customersData },
      })
      const identity = transform(
        { created, prepared },
        ({ created, prepared }) =>
          newGuestIdentity(created[0].id, prepared, prepared.source)
      )
      createNewIdentityStep(identity)
      return created
    })

    const result = transform(
      { resolved, createdCustomers },
      ({ resolved, createdCustomers }): FindOrCreateCustomerWorkflowOutput => {
        if (resolved.customer_id) {
          return {
            customer_id: resolved.customer_id,
            canonical_customer_id: resolved.canonical_customer_id!,
            created: false,
            matched_by: resolved.matched_by!,
            ...(resolved.matched_kind && {
              matched_kind: resolved.matched_kind,
            }),
          }
        }
        const customerId = createdCustomers![0].id
        return {
          customer_id: customerId,
          canonical_customer_id: customerId,
          created: true,
          matched_by: MatchedBy.CREATED,
        }
      }
    )

    // A hit whose link and identifiers are all there has nothing to write.
    when(
      "identity-incomplete",
      { resolved },
      ({ resolved }) => !!resolved.customer_id && !resolved.complete
    ).then(() => {
      const links = transform({ result, prepared }, ({ result, prepared }) => [
        { customer_id: result.customer_id, source: prepared.source },
      ])
      ensureCustomerLinksStep(links)

      const identifiers = transform(
        { result, prepared },
        ({ result, prepared }) => ({
          customer_id: result.canonical_customer_id,
          email: prepared.email,
          phone: prepared.phone,
          identifiers: prepared.identifiers,
          source: prepared.source,
        })
      )
      attachCustomerIdentifiersStep(identifiers)
    })

    releaseIdentifierLocks(prepared)

    const eventData = transform({ result }, ({ result }) => ({
      id: result.canonical_customer_id,
    }))
    emitEventStep({
      eventName: CustomerIdentityEvents.CUSTOMER_RESOLVED,
      data: eventData,
    })

    return new WorkflowResponse(result)
  }
)
