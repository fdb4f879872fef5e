import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../../../types/constants"
import { AdminCustomerMergeResponse } from "../../../../../types/http"
import { CustomerMergeDTO } from "../../../../../types/module"

/** A merge with its journal. */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerMergeResponse>
) => {
  const service: CustomerIdentityModuleService = req.scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const [merge] = await service.listCustomerMerges({ id: req.params.id })
  if (!merge) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Merge ${req.params.id} was not found`
    )
  }
  res.json({ customer_merge: merge as unknown as CustomerMergeDTO })
}
