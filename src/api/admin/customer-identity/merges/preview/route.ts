import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminMergePreviewResponse } from "../../../../../types/http"
import { previewCustomerMergeWorkflow } from "../../../../../workflows"
import { customersById } from "../../helpers"
import { AdminMergeCustomersType } from "../../validators"

/** What merging the source customer into the target would move, and its blockers; changes nothing. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminMergeCustomersType>,
  res: MedusaResponse<AdminMergePreviewResponse>
) => {
  const { result: plan } = await previewCustomerMergeWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  const customers = await customersById(req.scope, [
    plan.source_customer_id,
    plan.target_customer_id,
  ])
  res.json({
    merge_preview: {
      ...plan,
      source_customer: customers.get(plan.source_customer_id)!,
      target_customer: customers.get(plan.target_customer_id)!,
    },
  })
}
