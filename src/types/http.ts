import { CustomerEmailDTO, CustomerLinkDTO, CustomerPhoneDTO } from "./module"

export interface CustomerIdentityCustomer {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  has_account: boolean
}

/** A customer's identity as the admin API returns it. */
export interface AdminCustomerIdentity extends CustomerLinkDTO {
  customer: CustomerIdentityCustomer | null
  emails: CustomerEmailDTO[]
  phones: CustomerPhoneDTO[]
}

export interface AdminCustomerIdentityResponse {
  customer_identity: AdminCustomerIdentity
}
