import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { AdminCustomerIdentityResponse } from "../../../../../types/http"

export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerIdentityResponse>
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { customer_id } = req.params

  const {
    data: [link],
  } = await query.graph({
    entity: "customer_link",
    fields: req.queryConfig.fields,
    filters: { customer_id },
  })
  if (!link) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Customer ${customer_id} has no identity`
    )
  }

  // Emails and phones live on the canonical customer, which a folded customer points at.
  const filters = { customer_id: link.canonical_customer_id }
  const [{ data: emails }, { data: phones }] = await Promise.all([
    query.graph({ entity: "customer_email", fields: ["*"], filters }),
    query.graph({ entity: "customer_phone", fields: ["*"], filters }),
  ])

  res.json({
    customer_identity: {
      ...link,
      emails,
      phones,
    },
  } as AdminCustomerIdentityResponse)
}
