import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import CustomerIdentityModuleService from "../../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../../types/constants"
import { CustomerMergeDTO } from "../../../../types/module"
import {
  AdminCustomerMergeListResponse,
  AdminCustomerMergeResponse,
} from "../../../../types/http"
import { mergeCustomersWorkflow } from "../../../../workflows"
import { customersById } from "../helpers"
import {
  AdminGetMergesParamsType,
  AdminMergeCustomersType,
} from "../validators"

/**
 * Merges, newest first, each with its two customers; with `customer_id`,
 * those where it is the source or the target.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetMergesParamsType>,
  res: MedusaResponse<AdminCustomerMergeListResponse>
) => {
  const service: CustomerIdentityModuleService = req.scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const { customer_id, status } = req.validatedQuery
  const { skip, take } = req.queryConfig.pagination
  const [merges, count] = await service.listAndCountCustomerMerges(
    {
      ...(customer_id
        ? {
            $or: [
              { source_customer_id: customer_id },
              { target_customer_id: customer_id },
            ],
          }
        : {}),
      ...(status ? { status } : {}),
    },
    { skip, take, order: { created_at: "DESC" } }
  )
  const customers = await customersById(
    req.scope,
    merges.flatMap((m) => [m.source_customer_id, m.target_customer_id])
  )
  res.json({
    customer_merges: (merges as unknown as CustomerMergeDTO[]).map((m) => ({
      ...m,
      source_customer: customers.get(m.source_customer_id) ?? null,
      target_customer: customers.get(m.target_customer_id) ?? null,
    })),
    count,
    offset: skip,
    limit: take!,
  })
}

/**
 * Merges the source customer into the target: 400 with every blocker when
 * the preview has any, 404 for a customer without an identity.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminMergeCustomersType>,
  res: MedusaResponse<AdminCustomerMergeResponse>
) => {
  const { result } = await mergeCustomersWorkflow(req.scope).run({
    input: { ...req.validatedBody, merged_by: req.auth_context.actor_id },
  })
  res.json({ customer_merge: result })
}
