import { defineLink } from "@medusajs/framework/utils"
import UserModule from "@medusajs/medusa/user"
import CustomerIdentityModule from "../modules/customer-identity"

// user.customer_link: walk from an admin user to its customer.
export default defineLink(
  { linkable: UserModule.linkable.user, field: "id" },
  {
    ...CustomerIdentityModule.linkable.customerLink.id,
    primaryKey: "user_id",
  },
  { readOnly: true }
)
