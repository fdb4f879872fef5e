import { model } from "@medusajs/framework/utils"
import { IdentitySource } from "../../../types/constants"

/**
 * A value of an identifier kind of the `identifierKinds` option (a passport,
 * a VAT number, another platform's customer id) on a canonical customer. A
 * value belongs to one customer unless it is `shared` (its kind only
 * suggests): then every customer given it keeps a row.
 */
const CustomerIdentifier = model
  .define(
    { name: "CustomerIdentifier", tableName: "customer_identity_identifier" },
    {
      id: model.id({ prefix: "ciident" }).primaryKey(),
      customer_id: model.text(),
      kind: model.text(),
      value: model.text(),
      value_normalized: model.text().searchable(),
      shared: model.boolean().default(false),
      is_primary: model.boolean().default(false),
      source: model.enum(IdentitySource).default(IdentitySource.MANUAL),
      verified_at: model.dateTime().nullable(),
      last_seen_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_identifier_value_unique",
      on: ["kind", "value_normalized"],
      unique: true,
      where: "deleted_at IS NULL AND shared = false",
    },
    {
      name: "IDX_customer_identity_identifier_shared_unique",
      on: ["kind", "value_normalized", "customer_id"],
      unique: true,
      where: "deleted_at IS NULL AND shared = true",
    },
    {
      name: "IDX_customer_identity_identifier_customer_primary_unique",
      on: ["customer_id", "kind"],
      unique: true,
      where: "deleted_at IS NULL AND is_primary = true",
    },
    {
      name: "IDX_customer_identity_identifier_customer_id",
      on: ["customer_id"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerIdentifier
