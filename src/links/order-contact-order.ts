import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import CustomerIdentityModule from "../modules/customer-identity"

// order_contact.order: the order the snapshot was taken of.
export default defineLink(
  {
    linkable: CustomerIdentityModule.linkable.orderContact,
    field: "order_id",
  },
  OrderModule.linkable.order,
  { readOnly: true }
)
