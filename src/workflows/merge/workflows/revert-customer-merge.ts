import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import { acquireLocksStep } from "../../common/steps/acquire-locks"
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
import { deleteMergedAddressesStep } from "../steps/delete-merged-addresses"
import { markCustomerMergeRevertedStep } from "../steps/mark-customer-merge-reverted"
import { moveCustomerUserStep } from "../steps/move-customer-user"
import { planMergeRevertStep } from "../steps/plan-merge-revert"
import { removeMergedCustomerGroupsStep } from "../steps/remove-merged-customer-groups"
import { restoreFoldStep } from "../../common/steps/restore-fold"
import { retrieveCustomerMergeStep } from "../steps/retrieve-customer-merge"

export interface RevertCustomerMergeWorkflowInput {
  id: string
  /** The admin user reverting, kept on the merge. */
  reverted_by?: string | null
}

export const revertCustomerMergeWorkflowId = "revert-customer-merge"
/**
 * This workflow undoes a merge from its journal, provided nothing it moved
 * has moved since: the source's emails, phones, folded customers and order
 * contacts go back to it, its orders are transferred back with order
 * changes, and its admin user link, the copied addresses and the added
 * group memberships are undone. Emits `customer_identity.merge_reverted`.
 */
export const revertCustomerMergeWorkflow = createWorkflow(
  revertCustomerMergeWorkflowId,
  (input: WorkflowData<RevertCustomerMergeWorkflowInput>) => {
    const found = retrieveCustomerMergeStep(input.id)
    const customerLocks = transform({ found }, ({ found }) =>
      customerLocksInput({
        customer_ids: [found.source_customer_id, found.target_customer_id],
        owner_id: randomUUID(),
      })
    )
    acquireLocksStep(customerLocks).config({ name: lockCustomersStepId })
    const plan = planMergeRevertStep(input.id)
    const identifierLocks = transform({ plan }, ({ plan }) => ({
      lock_keys: plan.lock_keys,
      lock_owner: randomUUID(),
    }))
    acquireIdentifierLocks(identifierLocks)

    restoreFoldStep(transform({ plan }, ({ plan }) => plan.merge.journal.fold))
    transferOrdersStep(
      transform({ plan }, ({ plan }) => ({
        order_ids: plan.merge.journal.order_ids,
        customer_id: plan.merge.source_customer_id,
        description: `Merge ${plan.merge.id} reverted`,
      }))
    )
    when(
      "revert-moves-user",
      { plan },
      ({ plan }) => !!plan.merge.journal.user_id
    ).then(() => {
      moveCustomerUserStep(
        transform({ plan }, ({ plan }) => ({
          user_id: plan.merge.journal.user_id!,
          from_customer_id: plan.merge.target_customer_id,
          to_customer_id: plan.merge.source_customer_id,
        }))
      )
    })
    when(
      "revert-deletes-addresses",
      { plan },
      ({ plan }) => plan.address_ids.length > 0
    ).then(() => {
      deleteMergedAddressesStep(
        transform({ plan }, ({ plan }) => plan.address_ids)
      )
    })
    when(
      "revert-leaves-groups",
      { plan },
      ({ plan }) => plan.customer_group_ids.length > 0
    ).then(() => {
      removeMergedCustomerGroupsStep(
        transform({ plan }, ({ plan }) => ({
          customer_id: plan.merge.target_customer_id,
          customer_group_ids: plan.customer_group_ids,
        }))
      )
    })
    recomputeOrderStatsStep(
      transform({ plan }, ({ plan }) => [
        plan.merge.target_customer_id,
        plan.merge.source_customer_id,
      ])
    )
    const reverted = markCustomerMergeRevertedStep(
      transform({ input }, ({ input }) => ({
        ids: [input.id],
        reverted_by: input.reverted_by ?? null,
      }))
    )
    const merge = transform({ reverted }, ({ reverted }) => reverted[0])
    releaseIdentifierLocks(identifierLocks)
    releaseLockStep({
      key: customerLocks.keys,
      ownerId: customerLocks.owner_id,
      executeOnSubWorkflow: true,
    }).config({ name: unlockCustomersStepId })
    emitEventStep({
      eventName: CustomerIdentityEvents.MERGE_REVERTED,
      data: transform({ merge }, ({ merge }) => ({
        id: merge.id,
        source_customer_id: merge.source_customer_id,
        target_customer_id: merge.target_customer_id,
      })),
    })
    return new WorkflowResponse(merge)
  }
)
