import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  AdminCustomerIdentityResponse,
  AdminDeleteResponse,
} from "../../../../../types/http"
import { updateCustomerIdentityStatusWorkflow } from "../../../../../workflows"
import { refetchCustomerIdentity } from "../../helpers"

export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerIdentityResponse>
) => {
  res.json({
    customer_identity: await refetchCustomerIdentity(
      req.scope,
      req.params.customer_id,
      req.queryConfig.fields
    ),
  })
}

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
