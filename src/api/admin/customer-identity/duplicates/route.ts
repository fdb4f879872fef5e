import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminDuplicateListResponse } from "../../../../types/http"
import { listDuplicates } from "../helpers"
import { AdminGetDuplicatesParamsType } from "../validators"

/**
 * Pairs of canonical customers that may be one person, strongest first:
 * shared phone, shared secondary email, emails equal after provider rules,
 * similar names with a shared phone or address. Dismissed pairs are left out.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetDuplicatesParamsType>,
  res: MedusaResponse<AdminDuplicateListResponse>
) => {
  res.json(
    await listDuplicates(req.scope, {
      min_score: req.validatedQuery.min_score,
      limit: req.queryConfig.pagination.take!,
      offset: req.queryConfig.pagination.skip,
    })
  )
}
