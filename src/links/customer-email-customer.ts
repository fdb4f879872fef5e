import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CustomerIdentityModule from "../modules/customer-identity"

// customer_email.customer: the canonical customer owning the email.
export default defineLink(
  {
    linkable: CustomerIdentityModule.linkable.customerEmail,
    field: "customer_id",
  },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
