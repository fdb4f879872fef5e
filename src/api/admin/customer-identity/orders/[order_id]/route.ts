import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { AdminOrderContactResponse } from "../../../../../types/http"
import { CUSTOMER_FIELDS } from "../../helpers"

/** How an order's customer was identified: the contact as typed and the canonical customer. */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminOrderContactResponse>
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [contact],
  } = await query.graph({
    entity: "order_contact",
    fields: ["*"],
    filters: { order_id: req.params.order_id },
  })
  if (!contact) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Order ${req.params.order_id} has no recorded contact`
    )
  }
  const {
    data: [canonical],
  } = await query.graph({
    entity: "customer",
    fields: CUSTOMER_FIELDS,
    filters: { id: contact.canonical_customer_id },
  })
  res.json({
    order_contact: { ...contact, canonical_customer: canonical ?? null },
  } as AdminOrderContactResponse)
}
