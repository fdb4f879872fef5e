import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  planCustomerMergeStep,
  PlanCustomerMergeStepInput,
} from "../steps/plan-customer-merge"

export const previewCustomerMergeWorkflowId = "preview-customer-merge"
/**
 * This workflow shows what merging a source customer into a target would
 * move and what stands in the way, without changing anything.
 */
export const previewCustomerMergeWorkflow = createWorkflow(
  previewCustomerMergeWorkflowId,
  (input: WorkflowData<PlanCustomerMergeStepInput>) => {
    return new WorkflowResponse(planCustomerMergeStep(input))
  }
)
