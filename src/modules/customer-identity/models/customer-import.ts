import { model } from "@medusajs/framework/utils"
import { ImportFormat, ImportStatus } from "../../../types/constants"

/**
 * One import of a customer file: its dry run, its progress, and the last
 * committed line, from which a run that stopped resumes.
 */
const CustomerImport = model
  .define(
    { name: "CustomerImport", tableName: "customer_identity_import" },
    {
      id: model.id({ prefix: "ciimp" }).primaryKey(),
      status: model.enum(ImportStatus).default(ImportStatus.PLANNING),
      format: model.enum(ImportFormat),
      // The file module's id of the upload; null once the file is deleted.
      file_key: model.text().nullable(),
      filename: model.text(),
      // Field → column header, for the generic format.
      mapping: model.json().nullable(),
      // The identifier kind the source platform's ids are kept as.
      source_kind: model.text().nullable(),
      // What the dry run found, and what the run did: `ImportCounts`.
      plan: model.json().nullable(),
      result: model.json().nullable(),
      // The last line of the last committed batch: a resume starts after it.
      line: model.number().default(0),
      error: model.text().nullable(),
      started_at: model.dateTime().nullable(),
      completed_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_import_status",
      on: ["status"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerImport
