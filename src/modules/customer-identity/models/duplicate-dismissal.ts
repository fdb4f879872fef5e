import { model } from "@medusajs/framework/utils"

/**
 * A pair of canonical customers an admin has reviewed and found to be two
 * people: duplicate review no longer suggests it. Stored ordered
 * (`customer_a_id < customer_b_id`) so that a pair is one row whichever way
 * it was dismissed.
 */
const DuplicateDismissal = model
  .define(
    {
      name: "DuplicateDismissal",
      tableName: "customer_identity_duplicate_dismissal",
    },
    {
      id: model.id({ prefix: "cidupdis" }).primaryKey(),
      customer_a_id: model.text(),
      customer_b_id: model.text(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_duplicate_dismissal_pair_unique",
      on: ["customer_a_id", "customer_b_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])

export default DuplicateDismissal
