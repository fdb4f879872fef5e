import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminCustomerMergeResponse } from "../../../../../../types/http"
import { revertCustomerMergeWorkflow } from "../../../../../../workflows"

/**
 * Puts back everything the merge moved: 400 listing what changed when
 * something it moved has moved since, or when it was already reverted.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerMergeResponse>
) => {
  const { result } = await revertCustomerMergeWorkflow(req.scope).run({
    input: { id: req.params.id, reverted_by: req.auth_context.actor_id },
  })
  res.json({ customer_merge: result })
}
