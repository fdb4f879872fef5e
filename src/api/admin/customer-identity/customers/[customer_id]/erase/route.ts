import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminCustomerIdentityResponse } from "../../../../../../types/http"
import { eraseCustomerIdentityWorkflow } from "../../../../../../workflows"
import { respondWithIdentity } from "../../../route-handlers"
import { AdminEraseCustomerType } from "../../../validators"

/**
 * Erases the person (GDPR): 404 for a customer without an identity, 400 for
 * one folded into another or already erased. Answers the erased identity.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminEraseCustomerType>,
  res: MedusaResponse<AdminCustomerIdentityResponse>
) => {
  await eraseCustomerIdentityWorkflow(req.scope).run({
    input: {
      customer_id: req.params.customer_id,
      erase_login: req.validatedBody.erase_login,
      redact_orders: req.validatedBody.redact_orders,
    },
  })
  await respondWithIdentity(req, res)
}
