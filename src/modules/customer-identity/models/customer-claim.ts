import { model } from "@medusajs/framework/utils"
import { MatchIdentifier } from "../../../types/constants"

/**
 * An email or phone a shopper added in the store and has not proven yet.
 * Kept apart from the identifier tables so that an unproven value never
 * links to anyone (the identifier may belong to another customer) and so
 * that adding one answers the same whoever owns it.
 */
const CustomerClaim = model
  .define(
    { name: "CustomerClaim", tableName: "customer_identity_claim" },
    {
      id: model.id({ prefix: "ciclaim" }).primaryKey(),
      /** The shopper's own customer, not its canonical one. */
      customer_id: model.text(),
      kind: model.enum(MatchIdentifier),
      value: model.text(),
      /** `email_normalized` or `phone_e164`. */
      value_normalized: model.text(),
      type: model.text(),
      /** `salt:hash` of the code sent last; null when none is usable. */
      code_hash: model.text().nullable(),
      code_expires_at: model.dateTime().nullable(),
      /** Wrong guesses at the current code. */
      code_attempts: model.number().default(0),
      last_sent_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_claim_customer_value_unique",
      on: ["customer_id", "kind", "value_normalized"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerClaim
