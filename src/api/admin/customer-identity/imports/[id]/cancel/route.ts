import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminCustomerImportResponse } from "../../../../../../types/http"
import { cancelCustomerImport } from "../../../../../../workflows"
import { retrieveCustomerImport } from "../../helpers"

/** Cancels an import that is not running and deletes its uploaded file. */
export const POST = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerImportResponse>
) => {
  await cancelCustomerImport(req.scope, req.params.id)
  res.json({
    customer_import: await retrieveCustomerImport(req.scope, req.params.id),
  })
}
