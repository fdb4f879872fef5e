import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminCustomerImportResponse } from "../../../../types/http"
import {
  inBackground,
  planCustomerImport,
  startCustomerImport,
} from "../../../../workflows"
import { AdminStartImportType } from "../validators"
import { retrieveCustomerImport } from "./helpers"

/**
 * Starts an import of a file uploaded through `POST /admin/uploads`: checks
 * its columns, then runs the dry run in the background. Follow it with
 * `GET .../imports/:id` (status `planned`, its `plan`), then confirm it.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminStartImportType>,
  res: MedusaResponse<AdminCustomerImportResponse>
) => {
  const { file_key, originalname, format, mapping, source_kind } =
    req.validatedBody
  const { id } = await startCustomerImport(req.scope, {
    file_key,
    filename: originalname,
    format,
    mapping,
    source_kind,
  })
  inBackground(req.scope, id, planCustomerImport)
  res
    .status(202)
    .json({ customer_import: await retrieveCustomerImport(req.scope, id) })
}
