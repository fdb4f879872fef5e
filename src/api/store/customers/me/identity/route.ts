import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { StoreCustomerIdentityResponse } from "../../../../../types/http"
import { retrieveStoreCustomerIdentity } from "./helpers"

/** The logged-in customer's identity (created on the spot by the middleware when it has none yet). */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<StoreCustomerIdentityResponse>
) => {
  res.json({
    customer_identity: await retrieveStoreCustomerIdentity(
      req.scope,
      req.auth_context.actor_id
    ),
  })
}
