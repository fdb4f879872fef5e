import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createCustomerAddressesStep,
  emitEventStep,
  linkCustomerGroupsToCustomerStep,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import { MergeJournal } from "../../../types/module"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { acquireLocksStep } from "../../common/steps/acquire-locks"
import { foldCustomersStep } from "../../common/steps/fold-customers"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { transferOrdersStep } from "../../common/steps/transfer-orders"
import {
  customerLocksInput,
  lockCustomersStepId,
  unlockCustomersStepId,
} from "../../common/utils/customer-locks"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { assertMergeAllowedStep } from "../steps/assert-merge-allowed"
import { createCustomerMergeStep } from "../steps/create-customer-merge"
import { moveCustomerUserStep } from "../steps/move-customer-user"
import {
  planCustomerMergeStep,
  PlanCustomerMergeStepInput,
} from "../steps/plan-customer-merge"

export interface MergeCustomersWorkflowInput extends PlanCustomerMergeStepInput {
  /** The admin user merging, kept on the merge. */
  merged_by?: string | null
}

export const mergeCustomersWorkflowId = "merge-customers"
/**
 * This workflow merges a canonical customer into another one that stands for
 * the same person, under a lock on both: the source's identity is folded into
 * the target's (emails, phones, folded customers, order contacts), its orders
 * are transferred with Medusa's order changes, its admin user link, addresses
 * and customer group memberships go to the target, and every moved row is
 * written to the merge's journal so that `revertCustomerMergeWorkflow` can
 * put it back. Core customers are kept. Emits
 * `customer_identity.customers_merged`.
 */
export const mergeCustomersWorkflow = createWorkflow(
  mergeCustomersWorkflowId,
  (input: WorkflowData<MergeCustomersWorkflowInput>) => {
    const customerLocks = transform({ input }, ({ input }) =>
      customerLocksInput({
        customer_ids: [input.source_customer_id, input.target_customer_id],
        owner_id: randomUUID(),
      })
    )
    acquireLocksStep(customerLocks).config({ name: lockCustomersStepId })
    const plan = planCustomerMergeStep(
      transform({ input }, ({ input }) => ({
        source_customer_id: input.source_customer_id,
        target_customer_id: input.target_customer_id,
      }))
    )
    assertMergeAllowedStep(plan)
    // Identifiers of the source: a concurrent find-or-create waits for the move.
    const identifierLocks = transform({ plan }, ({ plan }) => ({
      lock_keys: identifierLockKeys({
        email_normalized: plan.emails.map((row) => row.email_normalized),
        phone_e164: plan.phones.map((row) => row.phone_e164),
      }),
      lock_owner: randomUUID(),
    }))
    acquireIdentifierLocks(identifierLocks)

    const fold = foldCustomersStep(
      transform({ plan }, ({ plan }) => ({
        target_customer_id: plan.target_customer_id,
        source_customer_ids: [plan.source_customer_id],
      }))
    )
    const orderIds = transferOrdersStep(
      transform({ plan }, ({ plan }) => ({
        order_ids: plan.orders.map((order) => order.id),
        customer_id: plan.target_customer_id,
        description: `Merged from customer ${plan.source_customer_id}`,
      }))
    )
    when("merge-moves-user", { plan }, ({ plan }) => !!plan.user_id).then(
      () => {
        moveCustomerUserStep(
          transform({ plan }, ({ plan }) => ({
            user_id: plan.user_id!,
            from_customer_id: plan.source_customer_id,
            to_customer_id: plan.target_customer_id,
          }))
        )
      }
    )
    const addresses = when(
      "merge-copies-addresses",
      { plan },
      ({ plan }) => plan.addresses.length > 0
    ).then(() =>
      createCustomerAddressesStep(
        transform({ plan }, ({ plan }) => plan.addresses as any)
      )
    )
    when(
      "merge-adds-groups",
      { plan },
      ({ plan }) => plan.customer_groups.length > 0
    ).then(() => {
      linkCustomerGroupsToCustomerStep(
        transform({ plan }, ({ plan }) => ({
          id: plan.target_customer_id,
          add: plan.customer_groups.map((group) => group.id),
        }))
      )
    })
    recomputeOrderStatsStep(
      transform({ plan }, ({ plan }) => [
        plan.target_customer_id,
        plan.source_customer_id,
      ])
    )
    const merge = createCustomerMergeStep(
      transform(
        { input, plan, fold, orderIds, addresses },
        ({ input, plan, fold, orderIds, addresses }) => ({
          source_customer_id: plan.source_customer_id,
          target_customer_id: plan.target_customer_id,
          merged_by: input.merged_by ?? null,
          journal: {
            fold,
            order_ids: orderIds,
            user_id: plan.user_id,
            address_ids: (addresses ?? []).map((address) => address.id),
            customer_group_ids: plan.customer_groups.map((group) => group.id),
          } satisfies MergeJournal,
        })
      )
    )
    releaseIdentifierLocks(identifierLocks)
    releaseLockStep({
      key: customerLocks.keys,
      ownerId: customerLocks.owner_id,
      executeOnSubWorkflow: true,
    }).config({ name: unlockCustomersStepId })
    emitEventStep({
      eventName: CustomerIdentityEvents.CUSTOMERS_MERGED,
      data: transform({ merge }, ({ merge }) => ({
        id: merge.id,
        source_customer_id: merge.source_customer_id,
        target_customer_id: merge.target_customer_id,
      })),
    })
    return new WorkflowResponse(merge)
  }
)
