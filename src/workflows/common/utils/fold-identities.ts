import { transform, WorkflowData } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CustomerIdentityEvents } from "../../../types/events"
import {
  foldCustomersStep,
  FoldCustomersStepInput,
} from "../steps/fold-customers"

/**
 * Folds canonical customers into a target, inside a workflow's constructor,
 * and announces it (`customer_identity.customer_folded`): an email fold, a
 * phone fold, or a guest a proof takes in.
 */
export function foldIdentities(fold: WorkflowData<FoldCustomersStepInput>) {
  foldCustomersStep(fold)
  emitEventStep({
    eventName: CustomerIdentityEvents.CUSTOMER_FOLDED,
    data: transform({ fold }, ({ fold }) => ({
      id: fold.target_customer_id,
      folded_customer_ids: fold.source_customer_ids,
    })),
  }).config({ name: "emit-customer-folded" })
}
