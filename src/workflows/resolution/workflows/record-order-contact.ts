import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  emitEventStep,
  releaseLockStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { keptOrderer, ordererContact } from "../../../policy"
import { CustomerIdentityEvents } from "../../../types/events"
import {
  ORDER_LOCK_TIMEOUT,
  ORDER_LOCK_TTL,
  identifierLockKeys,
  orderLockKey,
} from "../../../utils/lock-keys"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { acquireLocksStep } from "../../common/steps/acquire-locks"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { foldIdentities } from "../../common/utils/fold-identities"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { readOrSkip } from "../../common/utils/read-or-skip"
import { dropSuppressedIdentifiersStep } from "../steps/drop-suppressed-identifiers"
import { planOrderEvidenceStep } from "../steps/plan-order-evidence"
import { upsertOrderContactStep } from "../steps/upsert-order-contact"
import { findOrCreateCustomerWorkflow } from "./find-or-create-customer"

const ORDER_FIELDS = [
  "id",
  "email",
  "customer_id",
  "created_at",
  "canceled_at",
  "customer.phone",
  ...["billing_address", "shipping_address"].flatMap((address) =>
    ["phone", "country_code", "first_name", "last_name"].map(
      (field) => `${address}.${field}`
    )
  ),
]

export interface RecordOrderContactWorkflowInput {
  order_id: string
}

export const recordOrderContactWorkflowId = "record-order-contact"
/**
 * This workflow records how an order's customer was identified: the email
 * as on the order, the orderer's phone and name (`ordererContact`: billing,
 * else the customer's own, else shipping under the orderer's name; a
 * recipient's phone is kept apart and is evidence of nothing), the canonical
 * customer they resolve to, and the evidence (`matched_by`). A guest this
 * checkout made, or an account, whose orderer's phone belongs to another
 * identity going by the same name is folded with it (`decidePhoneLink`). It
 * then recomputes the canonical customers' order stats from their recorded
 * contacts, so running it again for the same order, or after a
 * cancellation, gives the same result as running it once. Runs for one
 * order (a redelivered order.placed, an order.canceled) take turns on a
 * lock on the order.
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
      fields: ORDER_FIELDS,
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "get-order" })

    const contact = transform({ orders }, ({ orders }) => {
      const [order] = orders
      return {
        order_id: order.id,
        customer_id: order.customer_id ?? null,
        email: order.email ?? null,
        ...ordererContact({
          billing: order.billing_address ?? null,
          shipping: order.shipping_address ?? null,
          customer_phone: order.customer?.phone,
        }),
        recipient_country_code: order.shipping_address?.country_code ?? null,
        placed_at: order.created_at as Date,
        canceled_at: (order.canceled_at as Date | null) ?? null,
      }
    })

    // An order placed before its email or phone was erased does not bring it back (a gift's recipient neither).
    const kept = dropSuppressedIdentifiersStep(
      transform({ contact }, ({ contact }) => ({
        email: contact.email,
        phone: contact.phone,
        country_code: contact.country_code,
        recipient_phone: contact.recipient_phone,
        recipient_country_code: contact.recipient_country_code,
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

    // What the evidence decides (a fold by phone) is decided and written
    // under the identifiers' locks, as an email fold is.
    const identifiers = transform({ kept, contact }, ({ kept, contact }) => {
      const email = kept.email
        ? readOrSkip(() => parseEmail(kept.email!), true)
        : undefined
      const phone = kept.phone
        ? readOrSkip(
            () => parsePhone(kept.phone!, contact.country_code ?? undefined),
            true
          )
        : undefined
      return {
        email,
        phone,
        lock_keys: identifierLockKeys({
          email_normalized: email?.email_normalized,
          phone_e164: phone?.phone_e164,
        }),
        lock_owner: randomUUID(),
      }
    })
    acquireIdentifierLocks(identifiers)
    const evidence = planOrderEvidenceStep(
      transform(
        { contact, resolved, identifiers },
        ({ contact, resolved, identifiers }) => ({
          order_id: contact.order_id,
          placed_at: contact.placed_at,
          customer_id: contact.customer_id,
          resolved: {
            canonical_customer_id: resolved.canonical_customer_id,
            matched_by: resolved.matched_by,
          },
          email: identifiers.email,
          phone: identifiers.phone,
          orderer: {
            first_name: contact.first_name,
            last_name: contact.last_name,
          },
        })
      )
    )
    when("phone-fold", { evidence }, ({ evidence }) => !!evidence.fold).then(
      () => {
        const fold = transform({ evidence }, ({ evidence }) => evidence.fold!)
        foldIdentities(fold)
      }
    )

    const upsertInput = transform(
      { contact, kept, evidence },
      ({ contact, kept, evidence }) => ({
        order_id: contact.order_id,
        customer_id: contact.customer_id,
        canonical_customer_id: evidence.canonical_customer_id,
        ...keptOrderer(contact, {
          email: kept.email ?? null,
          phone: kept.phone ?? null,
          recipient_phone: kept.recipient_phone ?? null,
        }),
        matched_by: evidence.matched_by,
        placed_at: contact.placed_at,
        canceled_at: contact.canceled_at,
      })
    )
    const recorded = upsertOrderContactStep(upsertInput)
    recomputeOrderStatsStep(
      transform({ recorded, evidence }, ({ recorded, evidence }) => [
        ...recorded.canonical_customer_ids,
        ...(evidence.fold?.source_customer_ids ?? []),
      ])
    )
    releaseIdentifierLocks(identifiers).config({
      name: "release-identifier-locks",
    })
    releaseLockStep({
      key: lock.keys,
      ownerId: lock.owner_id,
      executeOnSubWorkflow: true,
    })

    const eventData = transform(
      { contact, evidence },
      ({ contact, evidence }) => ({
        id: evidence.canonical_customer_id,
        order_id: contact.order_id,
      })
    )
    emitEventStep({
      eventName: CustomerIdentityEvents.ORDER_LINKED,
      data: eventData,
    })

    return new WorkflowResponse(
      transform({ resolved, evidence }, ({ resolved, evidence }) => ({
        ...resolved,
        canonical_customer_id: evidence.canonical_customer_id,
        matched_by: evidence.matched_by,
      }))
    )
  }
)
