import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../../../types/constants"
import { AdminUserCustomerIdentityResponse } from "../../../../../types/http"
import { refetchCustomerIdentity } from "../../helpers"

/** The customer linked to an admin user; `customer_identity` is null when there is none. */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminUserCustomerIdentityResponse>
) => {
  const { user_id } = req.params
  // NOT_FOUND for an unknown user.
  await req.scope.resolve(Modules.USER).retrieveUser(user_id)
  const service: CustomerIdentityModuleService = req.scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [link] = await service.listCustomerLinks(
    { user_id },
    { select: ["customer_id"] }
  )
  res.json({
    user_id,
    customer_identity: link
      ? await refetchCustomerIdentity(
          req.scope,
          link.customer_id,
          req.queryConfig.fields
        )
      : null,
  })
}
