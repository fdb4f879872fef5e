import { model } from "@medusajs/framework/utils"

/**
 * What an import's dry run decided for a value of its file (an email, phone
 * or source id, by `kind:value`): the customer an earlier row found or would
 * create for it. Later batches read it instead of a map held in memory, so a
 * dry run's memory stays flat in the file's size; the dry run deletes its
 * values when it ends. The table is unlogged (Migration20261204165300):
 * scratch data needs no write-ahead log.
 */
const ImportPlanValue = model
  .define(
    {
      name: "ImportPlanValue",
      tableName: "customer_identity_import_plan_value",
    },
    {
      id: model.id({ prefix: "ciipv" }).primaryKey(),
      import_id: model.text(),
      value: model.text(),
      // The canonical customer, or `line:<n>` for the row that would create it.
      customer_id: model.text(),
      is_primary: model.boolean(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_import_plan_value_import_id_value",
      on: ["import_id", "value"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])

export default ImportPlanValue
