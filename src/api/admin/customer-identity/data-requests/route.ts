import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminDataRequestResponse } from "../../../../types/http"
import { processDataRequestWorkflow } from "../../../../workflows"
import { AdminDataRequestType } from "../validators"

/**
 * A data subject's request by the email or phone they know: `export`
 * answers the document, `erase` (with `confirm: true`) erases the identity.
 * 404 when no customer holds the email or phone.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminDataRequestType>,
  res: MedusaResponse<AdminDataRequestResponse>
) => {
  const { kind, email, phone, country_code, erase_login, redact_orders } =
    req.validatedBody
  const { result } = await processDataRequestWorkflow(req.scope).run({
    input: {
      kind,
      email,
      phone,
      country_code,
      erase_login,
      redact_orders,
      requested_by: req.auth_context.actor_id,
    },
  })
  res.json({
    data_request: {
      kind,
      customer_id: result.customer_id,
      export: result.export,
      erased: result.erasure
        ? {
            customer_ids: result.erasure.customer_ids,
            unfolded_customer_ids: result.erasure.unfolded_customer_ids,
            erased_at: result.erasure.erased_at,
          }
        : null,
    },
  })
}
