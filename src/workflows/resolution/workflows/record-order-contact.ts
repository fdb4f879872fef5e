import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  emitEventStep,
  releaseLockStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import {
  ORDER_LOCK_TIMEOUT,
  ORDER_LOCK_TTL,
  orderLockKey,
} from "../../../utils/lock-keys"
import { acquireLocksStep } from "../../common/steps/acquire-locks"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { dropSuppressedIdentifiersStep } from "../steps/drop-suppressed-identifiers"
import { upsertOrderContactStep } from "../steps/upsert-order-contact"
import { findOrCreateCustomerWorkflow } from "./find-or-create-customer"

export interface RecordOrderContactWorkflowInput {
  order_id: string
}

export const recordOrderContactWorkflowId = "record-order-contact"
/**
 * This workflow records how an order's customer was identified: the email
 * and phone exactly as on the order, the canonical customer they resolve to
 * (the order's customer first, else its email, else its billing or shipping
 * phone read in that address's country), and how it matched. It then
 * recomputes the canonical customer's order stats from its recorded contacts,
 * so running it again for the same order, or after a cancellation, gives the
 * same result as running it once. Runs for one order (a redelivered
 * order.placed, an order.canceled) take turns on a lock on the order.
 */
export const recordOrderContactWorkflow = createWorkflow(
  recordOrderContactWorkflowId,
  (input: WorkflowData<RecordOrderContactWorkflowInput>) => {
    const lock = transform({ input }, ({ input }) => ({
      keys: [orderLockKey(input.order_id)],
      owner_id: randomUUID(),
      ttl: ORDER_LOCK_TTL,
      timeout: ORDER_LOCK_TIMEOUT,
    }))
    acquireLocksStep(lock).config({ name: "acquire-order-lock" })

    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: [
        "id",
        "email",
        "customer_id",
        "created_at",
        "canceled_at",
        "billing_address.phone",
        "billing_address.country_code",
        "shipping_address.phone",
        "shipping_address.country_code",
      ],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "get-order" })

    const contact = transform({ orders }, ({ orders }) => {
      const [order] = orders
      const address = order.billing_address?.phone
        ? order.billing_address
        : order.shipping_address
      return {
        order_id: order.id,
        customer_id: order.customer_id ?? null,
        email: order.email ?? null,
        phone: address?.phone || null,
        country_code: address?.country_code ?? null,
        placed_at: order.created_at as Date,
        canceled_at: (order.canceled_at as Date | null) ?? null,
      }
    })

    // An order placed before its email or phone was erased does not bring it back.
    const kept = dropSuppressedIdentifiersStep(
      transform({ contact }, ({ contact }) => ({
        email: contact.email,
        phone: contact.phone,
        country_code: contact.country_code,
        recorded_at: contact.placed_at,
      }))
    )

    const resolveInput = transform({ contact, kept }, ({ contact, kept }) => ({
      customer_id: contact.customer_id,
      email: kept.email,
      phone: kept.phone,
      country_code: contact.country_code,
      source: "order" as const,
      ignore_invalid_identifiers: true,
    }))
    const resolved = findOrCreateCustomerWorkflow.runAsStep({
      input: resolveInput,
    })

    const upsertInput = transform(
      { contact, kept, resolved },
      ({ contact, kept, resolved }) => ({
        order_id: contact.order_id,
        customer_id: contact.customer_id,
        canonical_customer_id: resolved.canonical_customer_id,
        email: kept.email,
        phone: kept.phone,
        matched_by: resolved.matched_by,
        placed_at: contact.placed_at,
        canceled_at: contact.canceled_at,
      })
    )
    const recorded = upsertOrderContactStep(upsertInput)
    recomputeOrderStatsStep(recorded.canonical_customer_ids)
    releaseLockStep({
      key: lock.keys,
      ownerId: lock.owner_id,
      executeOnSubWorkflow: true,
    })

    const eventData = transform(
      { contact, resolved },
      ({ contact, resolved }) => ({
        id: resolved.canonical_customer_id,
        order_id: contact.order_id,
      })
    )
    emitEventStep({
      eventName: CustomerIdentityEvents.ORDER_LINKED,
      data: eventData,
    })

    return new WorkflowResponse(resolved)
  }
)
