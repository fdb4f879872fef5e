import { defineLink } from "@medusajs/framework/utils"
import UserModule from "@medusajs/medusa/user"
import CustomerIdentityModule from "../modules/customer-identity"

// customer_link.user: the admin user linked to the customer.
export default defineLink(
  {
    linkable: CustomerIdentityModule.linkable.customerLink,
    field: "user_id",
  },
  UserModule.linkable.user,
  { readOnly: true }
)
