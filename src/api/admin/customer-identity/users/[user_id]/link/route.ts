import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  AdminDeleteResponse,
  AdminUserCustomerIdentityResponse,
} from "../../../../../../types/http"
import {
  linkUserToCustomerWorkflow,
  unlinkUserFromCustomerWorkflow,
} from "../../../../../../workflows"
import { refetchCustomerIdentity } from "../../../helpers"
import { AdminLinkUserType } from "../../../validators"

/** Links the user to the customer given, or to the one with its email (created if none). */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminLinkUserType>,
  res: MedusaResponse<AdminUserCustomerIdentityResponse>
) => {
  const { result } = await linkUserToCustomerWorkflow(req.scope).run({
    input: {
      user_id: req.params.user_id,
      customer_id: req.validatedBody.customer_id,
    },
  })
  if (!result) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The email of user ${req.params.user_id} was erased: give the customer_id to link`
    )
  }
  res.json({
    user_id: req.params.user_id,
    customer_identity: await refetchCustomerIdentity(
      req.scope,
      result.customer_id,
      req.queryConfig.fields
    ),
  })
}

export const DELETE = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminDeleteResponse<"customer_identity_user_link">>
) => {
  await unlinkUserFromCustomerWorkflow(req.scope).run({
    input: { user_id: req.params.user_id },
  })
  res.json({
    id: req.params.user_id,
    object: "customer_identity_user_link",
    deleted: true,
  })
}
