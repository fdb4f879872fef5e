import { model } from "@medusajs/framework/utils"

/**
 * An email, phone or identifier of another kind of an erased customer, kept only as a keyed hash
 * (HMAC-SHA256 of the normalised value) so that replays of old data
 * (subscribers, backfill) never bring the person back. The clear value is
 * never stored.
 */
const IdentifierSuppression = model
  .define(
    {
      name: "IdentifierSuppression",
      tableName: "customer_identity_suppression",
    },
    {
      id: model.id({ prefix: "cisupp" }).primaryKey(),
      // The erased canonical customer, kept for the audit trail.
      customer_id: model.text(),
      // email, phone or a kind of the identifierKinds option.
      kind: model.text(),
      identifier_hash: model.text(),
      erased_at: model.dateTime(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_suppression_identifier_hash",
      on: ["identifier_hash"],
      where: "deleted_at IS NULL",
    },
  ])

export default IdentifierSuppression
