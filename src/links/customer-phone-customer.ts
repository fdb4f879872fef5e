import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CustomerIdentityModule from "../modules/customer-identity"

// customer_phone.customer: the canonical customer owning the phone.
export default defineLink(
  {
    linkable: CustomerIdentityModule.linkable.customerPhone,
    field: "customer_id",
  },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
