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
      /** The orderer's phone: billing, else the customer's own, else shipping under the orderer's name. */
      phone: model.text().nullable(),
      /** A phone found only on the shipping address under another name: the recipient's, never evidence. */
      recipient_phone: model.text().nullable(),
      /** The orderer's name (the billing address's), to compare identities by. */
      first_name: model.text().nullable(),
      last_name: model.text().nullable(),
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
