import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { foldCustomersStep } from "../../common/steps/fold-customers"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { transferOrdersStep } from "../../common/steps/transfer-orders"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import { checkClaimCodeStep } from "../steps/check-claim-code"
import { claimIdentifierRowsStep } from "../steps/claim-identifier-rows"
import { deleteCustomerClaimStep } from "../steps/delete-customer-claim"
import { ensureStoreClaimStep } from "../steps/ensure-store-claim"
import { planIdentifierClaimStep } from "../steps/plan-identifier-claim"

export type ConfirmIdentifierVerificationWorkflowInput =
  CustomerIdentifierRef & { code: string }

export const confirmIdentifierVerificationWorkflowId =
  "confirm-identifier-verification"
/**
 * This workflow proves a shopper's claim with its code: the identifier
 * becomes a verified identifier of the shopper, a guest identity that held
 * it is folded into the shopper's, and the guest orders placed with it are
 * transferred to the shopper (`customer_identity.orders_claimed`).
 */
export const confirmIdentifierVerificationWorkflow = createWorkflow(
  confirmIdentifierVerificationWorkflowId,
  (input: WorkflowData<ConfirmIdentifierVerificationWorkflowInput>) => {
    const claim = ensureStoreClaimStep(
      transform({ input }, ({ input }) => ({
        customer_id: input.customer_id,
        kind: input.kind,
        id: input.id,
      }))
    )
    checkClaimCodeStep(
      transform({ input, claim }, ({ input, claim }) => ({
        claim_id: claim.id,
        code: input.code,
      }))
    )
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

    when("claim-folds-a-guest", { plan }, ({ plan }) => !!plan.fold).then(
      () => {
        const fold = transform({ plan }, ({ plan }) => plan.fold!)
        foldCustomersStep(fold)
        emitEventStep({
          eventName: CustomerIdentityEvents.CUSTOMER_FOLDED,
          data: transform({ fold }, ({ fold }) => ({
            id: fold.target_customer_id,
            folded_customer_ids: fold.source_customer_ids,
          })),
        }).config({ name: "emit-customer-folded" })
      }
    )
    claimIdentifierRowsStep(
      transform({ plan, claim }, ({ plan, claim }) => ({
        claim,
        canonical_customer_id: plan.canonical_customer_id,
        identifier_id: plan.identifier_id,
        order_ids: plan.order_ids,
        customer_id: plan.customer_id,
      }))
    )
    transferOrdersStep(
      transform({ plan, claim }, ({ plan, claim }) => ({
        order_ids: plan.order_ids,
        customer_id: plan.customer_id,
        description: `Claimed by the customer who verified ${claim.value}`,
      }))
    )
    recomputeOrderStatsStep(
      transform({ plan }, ({ plan }) => [
        plan.canonical_customer_id,
        ...(plan.fold?.source_customer_ids ?? []),
      ])
    )
    deleteCustomerClaimStep(transform({ claim }, ({ claim }) => claim.id))
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
    return new WorkflowResponse(plan)
  }
)
