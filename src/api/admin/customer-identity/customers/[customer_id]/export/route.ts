import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { CustomerDataExport } from "../../../../../../types/data-export"
import { exportCustomerDataWorkflow } from "../../../../../../workflows"

/**
 * Everything held about the person (GDPR access request), as one JSON
 * document to download: 404 for a customer without an identity.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<CustomerDataExport>
) => {
  const { result } = await exportCustomerDataWorkflow(req.scope).run({
    input: {
      customer_id: req.params.customer_id,
      requested_by: req.auth_context.actor_id,
    },
  })
  res.setHeader(
    "Content-Disposition",
    `attachment; filename="customer-${result.customer_id}.json"`
  )
  res.json(result)
}
