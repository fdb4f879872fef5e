import { model } from "@medusajs/framework/utils"
import { MatchedBy } from "../../../types/constants"

/** The contact of one order as it was typed, and the canonical customer it resolved to. */
const OrderContact = model
  .define(
    { name: "OrderContact", tableName: "customer_identity_order_contact" },
    {
      id: model.id({ prefix: "cioc" }).primaryKey(),
      order_id: model.text(),
      customer_id: model.text().nullable(),
      canonical_customer_id: model.text(),
      email: model.text().nullable(),
      phone: model.text().nullable(),
      matched_by: model.enum(MatchedBy),
      placed_at: model.dateTime(),
      canceled_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_order_contact_order_id_unique",
      on: ["order_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_order_contact_canonical_customer_id",
      on: ["canonical_customer_id"],
      where: "deleted_at IS NULL",
    },
  ])

export default OrderContact
