import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  dismissDuplicateStep,
  DismissDuplicateStepInput,
} from "../steps/dismiss-duplicate"

export const dismissDuplicateWorkflowId = "dismiss-duplicate"
/**
 * This workflow dismisses a pair of canonical customers from duplicate
 * review: an admin has found them to be two people.
 */
export const dismissDuplicateWorkflow = createWorkflow(
  dismissDuplicateWorkflowId,
  (input: WorkflowData<DismissDuplicateStepInput>) => {
    return new WorkflowResponse(dismissDuplicateStep(input))
  }
)
