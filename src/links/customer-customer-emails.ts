import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CustomerIdentityModule from "../modules/customer-identity"

// customer.customer_emails: every email of a canonical customer.
export default defineLink(
  { linkable: CustomerModule.linkable.customer, field: "id" },
  {
    ...CustomerIdentityModule.linkable.customerEmail.id,
    primaryKey: "customer_id",
    isList: true,
  },
  { readOnly: true }
)
