import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import CustomerIdentityModuleService from "../../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  UNPROVEN_EVIDENCE,
} from "../../../../types/constants"
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
 * Merges and automatic folds, newest first, each with its two customers;
 * with `customer_id`, those where it is the source or the target; `evidence`
 * and `unproven` pick folds by what made them.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetMergesParamsType>,
  res: MedusaResponse<AdminCustomerMergeListResponse>
) => {
  const service: CustomerIdentityModuleService = req.scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const { customer_id, status, evidence, unproven } = req.validatedQuery
  const { skip, take } = req.queryConfig.pagination
  const unprovenKinds: string[] = [...UNPROVEN_EVIDENCE]
  const filters: Record<string, unknown>[] = [
    customer_id
      ? {
          $or: [
            { source_customer_id: customer_id },
            { target_customer_id: customer_id },
          ],
        }
      : {},
    status ? { status } : {},
    evidence ? { evidence } : {},
    unproven === true
      ? { evidence: unprovenKinds, proven_at: null }
      : unproven === false
        ? {
            $or: [
              { evidence: { $nin: unprovenKinds } },
              { proven_at: { $ne: null } },
            ],
          }
        : {},
  ]
  const [merges, count] = await service.listAndCountCustomerMerges(
    { $and: filters },
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
