import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminDeleteResponse } from "../../../../../types/http"
import { updateCustomerIdentityStatusWorkflow } from "../../../../../workflows"
import { respondWithIdentity } from "../../route-handlers"

export const GET = respondWithIdentity

/** Archives the customer: a soft delete that `reactivate` undoes. */
export const DELETE = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminDeleteResponse<"customer_identity">>
) => {
  await updateCustomerIdentityStatusWorkflow(req.scope).run({
    input: { customer_id: req.params.customer_id, action: "archive" },
  })
  res.json({
    id: req.params.customer_id,
    object: "customer_identity",
    deleted: true,
  })
}
