import { model } from "@medusajs/framework/utils"
import {
  CustomerIdentityStatus,
  IdentitySource,
} from "../../../types/constants"

/** One row per core customer: its canonical customer, admin user, status and order stats. */
const CustomerLink = model
  .define(
    { name: "CustomerLink", tableName: "customer_identity_link" },
    {
      id: model.id({ prefix: "cilink" }).primaryKey(),
      customer_id: model.text(),
      // Itself, or the customer it has been folded into.
      canonical_customer_id: model.text(),
      user_id: model.text().nullable(),
      // Core's has_account, fixed per core customer: lets lists filter accounts and guests in one query.
      has_account: model.boolean().default(false),
      status: model
        .enum(CustomerIdentityStatus)
        .default(CustomerIdentityStatus.ACTIVE),
      source: model.enum(IdentitySource),
      order_count: model.number().default(0),
      first_order_at: model.dateTime().nullable(),
      last_order_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
      // Set by an erasure: the identity is archived and its identifiers suppressed.
      erased_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_link_customer_id_unique",
      on: ["customer_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_link_user_id_unique",
      on: ["user_id"],
      unique: true,
      where: "deleted_at IS NULL AND user_id IS NOT NULL",
    },
    {
      name: "IDX_customer_identity_link_canonical_customer_id",
      on: ["canonical_customer_id"],
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_link_status_created_at",
      on: ["status", "created_at"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerLink
