import { model } from "@medusajs/framework/utils"
import { BackfillPhase, BackfillStatus } from "../../../types/constants"

/** One backfill of pre-plugin data: where it is, what it did, how to resume it. */
const BackfillRun = model
  .define(
    { name: "BackfillRun", tableName: "customer_identity_backfill" },
    {
      id: model.id({ prefix: "cibf" }).primaryKey(),
      status: model.enum(BackfillStatus).default(BackfillStatus.PENDING),
      phase: model.enum(BackfillPhase).default(BackfillPhase.CUSTOMERS),
      // The last id of the phase's last committed batch: a resume starts after it.
      cursor: model.text().nullable(),
      processed: model.number().default(0),
      created: model.number().default(0),
      updated: model.number().default(0),
      skipped: model.number().default(0),
      total: model.number().default(0),
      dry_run: model.boolean().default(false),
      cutoff_days: model.number().nullable(),
      batch_size: model.number(),
      error: model.text().nullable(),
      started_at: model.dateTime().nullable(),
      completed_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_backfill_status",
      on: ["status"],
      where: "deleted_at IS NULL",
    },
  ])

export default BackfillRun
