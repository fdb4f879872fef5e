import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import CustomerIdentityModuleService from "../../../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../../../types/constants"
import { AdminBackfillResponse } from "../../../../../types/http"
import { BackfillRunDTO } from "../../../../../types/module"

/** A backfill's progress: status, phase, counts and error. */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackfillResponse>
) => {
  const service: CustomerIdentityModuleService = req.scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const backfill = await service.retrieveBackfillRun(req.params.id)
  res.json({ backfill: backfill as unknown as BackfillRunDTO })
}
