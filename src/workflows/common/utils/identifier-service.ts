import { MedusaError } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CustomerEmailDTO, CustomerPhoneDTO } from "../../../types/module"

export type IdentifierKind = "email" | "phone"

export interface CustomerIdentifierRef {
  /** The customer as the caller knows it; a folded customer's identifiers live on its canonical customer. */
  customer_id: string
  kind: IdentifierKind
  id: string
}

/** Per kind, the module service calls the identifier steps need. */
export function identifierService(
  service: CustomerIdentityModuleService,
  kind: IdentifierKind
) {
  return kind === "email"
    ? {
        label: "Email",
        list: (filters: Record<string, unknown>) =>
          service.listCustomerEmails(filters) as Promise<CustomerEmailDTO[]>,
        softDelete: (id: string) => service.softDeleteCustomerEmails(id),
      }
    : {
        label: "Phone",
        list: (filters: Record<string, unknown>) =>
          service.listCustomerPhones(filters) as Promise<CustomerPhoneDTO[]>,
        softDelete: (id: string) => service.softDeleteCustomerPhones(id),
      }
}

/**
 * The identifier, if it belongs to the customer (or the customer it was
 * folded into). Another customer's row is NOT_FOUND, like a missing one, so
 * that ids cannot be probed.
 */
export async function retrieveOwnIdentifier(
  service: CustomerIdentityModuleService,
  ref: CustomerIdentifierRef
): Promise<CustomerEmailDTO | CustomerPhoneDTO> {
  const ops = identifierService(service, ref.kind)
  const link = await service.retrieveCustomerLinkByCustomerId(ref.customer_id)
  const [row] = await ops.list({
    id: ref.id,
    customer_id: link.canonical_customer_id,
  })
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `${ops.label} ${ref.id} was not found`
    )
  }
  return row
}
