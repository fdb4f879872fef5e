import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import CustomerIdentityModule from "../modules/customer-identity"

// order.order_contact: how an order's customer was resolved.
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id" },
  {
    ...CustomerIdentityModule.linkable.orderContact.id,
    primaryKey: "order_id",
  },
  { readOnly: true }
)
