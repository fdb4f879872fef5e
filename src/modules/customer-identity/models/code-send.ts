import { model } from "@medusajs/framework/utils"
import { MatchIdentifier } from "../../../types/constants"

/**
 * A shopper's request for a one-time code, counted per identifier so that
 * send limits hold whoever asks and however often a claim is re-added. The
 * identifier is kept only as a keyed hash, like the suppression list's.
 */
const CodeSend = model
  .define(
    { name: "CodeSend", tableName: "customer_identity_code_send" },
    {
      id: model.id({ prefix: "cisend" }).primaryKey(),
      /** The shopper's own customer. */
      customer_id: model.text(),
      kind: model.enum(MatchIdentifier),
      identifier_hash: model.text(),
      /** False when the request was answered as sent and nothing was sent. */
      sent: model.boolean(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_code_send_identifier_hash_created_at",
      on: ["identifier_hash", "created_at"],
      where: "deleted_at IS NULL",
    },
  ])

export default CodeSend
