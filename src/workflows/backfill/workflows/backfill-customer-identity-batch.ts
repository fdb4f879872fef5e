import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { LoadBackfillBatchInput } from "../../../core-tables/backfill-batch"
import { BackfillPhase } from "../../../types/constants"
import { applyBackfillPlanStep } from "../steps/apply-backfill-plan"
import { backfillConflictFreeRowsStep } from "../steps/backfill-conflict-free-rows"
import {
  BackfillCounts,
  planBackfillBatchStep,
} from "../steps/plan-backfill-batch"

export interface BackfillCustomerIdentityBatchWorkflowInput extends LoadBackfillBatchInput {
  /** Plan and count only: nothing is written. */
  dry_run?: boolean
}

export interface BackfillCustomerIdentityBatchWorkflowOutput extends BackfillCounts {
  processed: number
  next_cursor: string | null
  /** Rows for the live workflows, one by one (they need a new core customer). */
  leftover_ids: string[]
}

export const backfillCustomerIdentityBatchWorkflowId =
  "backfill-customer-identity-batch"
/**
 * This workflow backfills one batch of pre-plugin data: the next customers,
 * admin users or orders after the cursor get the identity rows the live
 * workflows would have given them, written set-based in one transaction.
 * Customers and orders that conflict with nothing, the common case, are
 * written in one statement first; the identity policy plans the rest.
 * Running it again for the same batch changes nothing.
 */
export const backfillCustomerIdentityBatchWorkflow = createWorkflow(
  backfillCustomerIdentityBatchWorkflowId,
  (input: WorkflowData<BackfillCustomerIdentityBatchWorkflowInput>) => {
    const load = transform({ input }, ({ input }) => ({
      phase: input.phase,
      cursor: input.cursor,
      batch_size: input.batch_size,
      created_after: input.created_after,
    }))
    const written = when(
      "backfill-conflict-free-rows",
      { input },
      ({ input }) => !input.dry_run && input.phase !== BackfillPhase.USERS
    ).then(() => backfillConflictFreeRowsStep(load))

    const planInput = transform({ load, written }, ({ load, written }) => ({
      ...load,
      ids: written?.rest_ids ?? null,
    }))
    const planned = planBackfillBatchStep(planInput)

    when("backfill-writes", { input }, ({ input }) => !input.dry_run).then(
      () => {
        const plan = transform({ planned }, ({ planned }) => planned.plan)
        applyBackfillPlanStep(plan)
      }
    )

    const result = transform(
      { planned, written },
      ({ planned, written }): BackfillCustomerIdentityBatchWorkflowOutput => ({
        processed: written?.processed ?? planned.processed,
        next_cursor: written ? written.next_cursor : planned.next_cursor,
        leftover_ids: planned.leftover_ids,
        ...planned.counts,
        created: planned.counts.created + (written?.created ?? 0),
      })
    )
    return new WorkflowResponse(result)
  }
)
