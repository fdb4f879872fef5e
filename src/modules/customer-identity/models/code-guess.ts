import { model } from "@medusajs/framework/utils"
import { MatchIdentifier } from "../../../types/constants"

/**
 * A shopper's wrong guess at a one-time code, counted per identifier and
 * customer so that the guess limit holds across codes and however often a
 * claim is re-added. The identifier is kept only as a keyed hash, like a
 * code send's.
 */
const CodeGuess = model
  .define(
    { name: "CodeGuess", tableName: "customer_identity_code_guess" },
    {
      id: model.id({ prefix: "ciguess" }).primaryKey(),
      /** The shopper's own customer. */
      customer_id: model.text(),
      kind: model.enum(MatchIdentifier),
      identifier_hash: model.text(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_code_guess_identifier_hash_created_at",
      on: ["identifier_hash", "created_at"],
      where: "deleted_at IS NULL",
    },
  ])

export default CodeGuess
