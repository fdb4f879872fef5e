import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { IdentitySource } from "../../../../../types/constants"
import { StoreCustomerIdentityResponse } from "../../../../../types/http"
import { findOrCreateCustomerWorkflow } from "../../../../../workflows"
import { retrieveStoreCustomerIdentity } from "./helpers"

/** The logged-in customer's identity, created on the spot when it has none yet. */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<StoreCustomerIdentityResponse>
) => {
  const customerId = req.auth_context.actor_id
  await findOrCreateCustomerWorkflow(req.scope).run({
    input: { customer_id: customerId, source: IdentitySource.STORE },
  })
  res.json({
    customer_identity: await retrieveStoreCustomerIdentity(
      req.scope,
      customerId
    ),
  })
}
