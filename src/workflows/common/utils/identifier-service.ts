import { MedusaError } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CustomerEmailDTO,
  CustomerIdentifierDTO,
  CustomerPhoneDTO,
  SnapshotEntity,
} from "../../../types/module"

/** An email, a phone, or a value of a kind of the `identifierKinds` option. */
export type IdentifierKind = "email" | "phone" | "identifier"

/** An email or phone (`K`: or also a value of an identifier kind) of a customer. */
export interface CustomerIdentifierRef<
  K extends IdentifierKind = "email" | "phone",
> {
  /** The customer as the caller knows it; a folded customer's identifiers live on its canonical customer. */
  customer_id: string
  kind: K
  id: string
}

/** Per kind, the module service calls the identifier steps need. */
export function identifierService(
  service: CustomerIdentityModuleService,
  kind: IdentifierKind
) {
  const ops = {
    email: {
      label: "Email",
      entity: "CustomerEmail",
      list: (filters: Record<string, unknown>) =>
        service.listCustomerEmails(filters) as Promise<CustomerEmailDTO[]>,
      softDelete: (id: string) => service.softDeleteCustomerEmails(id),
    },
    phone: {
      label: "Phone",
      entity: "CustomerPhone",
      list: (filters: Record<string, unknown>) =>
        service.listCustomerPhones(filters) as Promise<CustomerPhoneDTO[]>,
      softDelete: (id: string) => service.softDeleteCustomerPhones(id),
    },
    identifier: {
      label: "Identifier",
      entity: "CustomerIdentifier",
      list: (filters: Record<string, unknown>) =>
        service.listCustomerIdentifiers(filters) as Promise<
          CustomerIdentifierDTO[]
        >,
      softDelete: (id: string) => service.softDeleteCustomerIdentifiers(id),
    },
  } satisfies Record<
    IdentifierKind,
    { label: string; entity: SnapshotEntity; [op: string]: unknown }
  >
  return ops[kind]
}

/**
 * The identifier, if it belongs to the customer (or the customer it was
 * folded into). Another customer's row is NOT_FOUND, like a missing one, so
 * that ids cannot be probed.
 */
export async function retrieveOwnIdentifier(
  service: CustomerIdentityModuleService,
  ref: CustomerIdentifierRef<IdentifierKind>
): Promise<CustomerEmailDTO | CustomerPhoneDTO | CustomerIdentifierDTO> {
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
