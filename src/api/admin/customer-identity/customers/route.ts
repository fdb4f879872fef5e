import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  AdminCustomerIdentityListResponse,
  AdminCustomerIdentityResponse,
} from "../../../../types/http"
import { createCustomerIdentityWorkflow } from "../../../../workflows"
import { refetchCustomerIdentity, searchCustomerIdentities } from "../helpers"
import {
  AdminCreateCustomerIdentityType,
  AdminGetCustomerIdentitiesParamsType,
} from "../validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<
    unknown,
    AdminGetCustomerIdentitiesParamsType
  >,
  res: MedusaResponse<AdminCustomerIdentityListResponse>
) => {
  const { q, status, has_account, order } = req.validatedQuery
  res.json(
    await searchCustomerIdentities(req.scope, {
      q,
      status: status ? [status].flat() : undefined,
      has_account,
      order,
      limit: req.queryConfig.pagination.take!,
      offset: req.queryConfig.pagination.skip,
    })
  )
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateCustomerIdentityType>,
  res: MedusaResponse<AdminCustomerIdentityResponse>
) => {
  const { result } = await createCustomerIdentityWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  res.json({
    customer_identity: await refetchCustomerIdentity(
      req.scope,
      result.customer_id,
      req.queryConfig.fields
    ),
  })
}
