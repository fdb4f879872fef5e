import { model } from "@medusajs/framework/utils"
import { IdentitySource, PhoneType } from "../../../types/constants"

/** A phone of a canonical customer, stored as typed and in E.164; `phone_e164` belongs to one customer only. */
const CustomerPhone = model
  .define(
    { name: "CustomerPhone", tableName: "customer_identity_phone" },
    {
      id: model.id({ prefix: "ciphone" }).primaryKey(),
      customer_id: model.text(),
      phone: model.text(),
      phone_e164: model.text().searchable(),
      type: model.enum(PhoneType).default(PhoneType.OTHER),
      is_primary: model.boolean().default(false),
      source: model.enum(IdentitySource).default(IdentitySource.MANUAL),
      verified_at: model.dateTime().nullable(),
      last_seen_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_phone_e164_unique",
      on: ["phone_e164"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_phone_customer_primary_unique",
      on: ["customer_id"],
      unique: true,
      where: "deleted_at IS NULL AND is_primary = true",
    },
    {
      name: "IDX_customer_identity_phone_customer_id",
      on: ["customer_id"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerPhone
