import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminCustomerImportResponse } from "../../../../../types/http"
import { retrieveCustomerImport } from "../helpers"

export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerImportResponse>
) => {
  res.json({
    customer_import: await retrieveCustomerImport(req.scope, req.params.id),
  })
}
