import { model } from "@medusajs/framework/utils"
import { EmailType, IdentitySource } from "../../../types/constants"

/** An email of a canonical customer; `email_normalized` belongs to one customer only. */
const CustomerEmail = model
  .define(
    { name: "CustomerEmail", tableName: "customer_identity_email" },
    {
      id: model.id({ prefix: "ciemail" }).primaryKey(),
      customer_id: model.text(),
      email: model.text().searchable(),
      email_normalized: model.text(),
      type: model.enum(EmailType).default(EmailType.OTHER),
      is_primary: model.boolean().default(false),
      source: model.enum(IdentitySource).default(IdentitySource.MANUAL),
      verified_at: model.dateTime().nullable(),
      last_seen_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_email_normalized_unique",
      on: ["email_normalized"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_email_customer_primary_unique",
      on: ["customer_id"],
      unique: true,
      where: "deleted_at IS NULL AND is_primary = true",
    },
    {
      name: "IDX_customer_identity_email_customer_id",
      on: ["customer_id"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerEmail
