import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  ImportStatus,
} from "../../../../../../types/constants"
import { AdminCustomerImportResponse } from "../../../../../../types/http"
import { inBackground, runCustomerImport } from "../../../../../../workflows"
import { retrieveCustomerImport } from "../../helpers"

const RUNNABLE: string[] = [ImportStatus.PLANNED, ImportStatus.FAILED]

/** Runs a planned import, or resumes a failed one after its last committed batch, in the background. */
export const POST = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerImportResponse>
) => {
  const { id } = req.params
  const before = await retrieveCustomerImport(req.scope, id)
  if (!RUNNABLE.includes(before.status) || (!before.plan && !before.result)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Import ${id} is ${before.status}: only a planned or failed import can be confirmed`
    )
  }
  // Running from this answer on; the run itself takes the import's lock.
  await req.scope
    .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
    .updateCustomerImports({ id, status: ImportStatus.RUNNING })
  inBackground(req.scope, id, runCustomerImport)
  res
    .status(202)
    .json({ customer_import: await retrieveCustomerImport(req.scope, id) })
}
