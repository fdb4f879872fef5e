import {
  transform,
  when,
  WorkflowData,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import { ProvenIdentifier } from "../../../types/module"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { transferOrdersStep } from "../../common/steps/transfer-orders"
import { foldIdentities } from "../../common/utils/fold-identities"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { claimIdentifierRowsStep } from "../steps/claim-identifier-rows"
import { deleteCustomerClaimStep } from "../steps/delete-customer-claim"
import { planIdentifierClaimStep } from "../steps/plan-identifier-claim"
import { proveFoldsStep } from "../steps/prove-folds"

/**
 * The steps a proof runs, inside a workflow's constructor, under the
 * identifier's lock: the identity policy's `decideClaim` plans it; a guest
 * identity that held the identifier is folded into the shopper's; the
 * identifier becomes a verified identifier of the shopper, which proves the
 * unproven folds that brought it to the shopper; the guest orders
 * placed with it are transferred (`customer_identity.orders_claimed`); the
 * claim it proved (when a code proved one) is removed.
 */
export function applyIdentifierProof(
  claim: WorkflowData<ProvenIdentifier>,
  claimId: WorkflowData<string | null>
) {
  const locks = transform({ claim }, ({ claim }) => ({
    lock_keys: identifierLockKeys(
      claim.kind === "email"
        ? { email_normalized: claim.value_normalized }
        : { phone_e164: claim.value_normalized }
    ),
    lock_owner: randomUUID(),
  }))
  acquireIdentifierLocks(locks)
  const plan = planIdentifierClaimStep(claim)

  when("claim-folds-a-guest", { plan }, ({ plan }) => !!plan.fold).then(() => {
    const fold = transform({ plan }, ({ plan }) => plan.fold!)
    foldIdentities(fold)
  })
  claimIdentifierRowsStep(
    transform({ plan, claim }, ({ plan, claim }) => ({
      claim,
      canonical_customer_id: plan.canonical_customer_id,
      identifier_id: plan.identifier_id,
      order_ids: plan.order_ids,
      customer_id: plan.customer_id,
    }))
  )
  proveFoldsStep(
    transform({ plan }, ({ plan }) => ({
      customer_id: plan.canonical_customer_id,
      identifier_id: plan.identifier_id,
    }))
  )
  transferOrdersStep(
    transform({ plan, claim }, ({ plan, claim }) => ({
      order_ids: plan.order_ids,
      customer_id: plan.customer_id,
      // Never the value itself: order changes outlive an erasure.
      description: `Claimed by the customer who verified the ${claim.kind} it was placed with`,
    }))
  )
  recomputeOrderStatsStep(
    transform({ plan }, ({ plan }) => [
      plan.canonical_customer_id,
      ...(plan.fold?.source_customer_ids ?? []),
    ])
  )
  when("proof-by-claim", { claimId }, ({ claimId }) => !!claimId).then(() => {
    deleteCustomerClaimStep(claimId as WorkflowData<string>)
  })
  releaseIdentifierLocks(locks)

  when(
    "claim-moved-orders",
    { plan },
    ({ plan }) => plan.order_ids.length > 0
  ).then(() => {
    emitEventStep({
      eventName: CustomerIdentityEvents.ORDERS_CLAIMED,
      data: transform({ plan }, ({ plan }) => ({
        id: plan.customer_id,
        order_ids: plan.order_ids,
        from_customer_ids: plan.from_customer_ids,
      })),
    }).config({ name: "emit-orders-claimed" })
  })
  return plan
}
