import { IdentitySource } from "../../../types/constants"
import { CreateNewIdentityDTO } from "../../../types/module"
import { FindOrCreateCustomerWorkflowInput } from "../../../types/workflows"
import { PreparedIdentityInput } from "../steps/prepare-identity-input"

/** A person nobody holds, as find-or-create (or an import batch) creates them. */
export type NewGuest = Pick<
  PreparedIdentityInput,
  | "email"
  | "phone"
  | "identifiers"
  | "first_name"
  | "last_name"
  | "company_name"
> & { created_customer?: FindOrCreateCustomerWorkflowInput["created_customer"] }

/** The core customer of a new guest, for `createCustomersWorkflow`. */
export function newGuestCustomerData(guest: NewGuest) {
  return {
    // Lower-cased as core checkout does, so that core finds this guest too.
    email: guest.email?.email_normalized,
    phone: guest.phone?.phone,
    first_name: guest.first_name,
    last_name: guest.last_name,
    company_name: guest.company_name,
    has_account: false,
    metadata: guest.created_customer?.metadata,
    addresses: guest.created_customer?.addresses,
  }
}

/** The identity of a new guest's customer, for `createNewIdentityStep`. */
export function newGuestIdentity(
  customerId: string,
  guest: NewGuest,
  source: `${IdentitySource}`
): CreateNewIdentityDTO {
  return {
    customer_id: customerId,
    has_account: false,
    source,
    email: guest.email,
    phone: guest.phone,
    identifiers: guest.identifiers,
  }
}
