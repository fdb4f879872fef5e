import { model } from "@medusajs/framework/utils"
import { FoldEvidence, MergeStatus } from "../../../types/constants"

/**
 * An admin's merge, or an automatic fold, of one canonical customer into
 * another, with the journal of every row it moved: a revert puts exactly
 * those rows back.
 */
const CustomerMerge = model
  .define(
    { name: "CustomerMerge", tableName: "customer_identity_merge" },
    {
      id: model.id({ prefix: "cimerge" }).primaryKey(),
      source_customer_id: model.text(),
      target_customer_id: model.text(),
      status: model.enum(MergeStatus).default(MergeStatus.MERGED),
      // MergeJournal: what moved, as it was before.
      journal: model.json(),
      evidence: model.enum(FoldEvidence).default(FoldEvidence.ADMIN),
      // When a proof confirmed a fold made on unproven evidence (or the proof that made it).
      proven_at: model.dateTime().nullable(),
      merged_by: model.text().nullable(),
      reverted_by: model.text().nullable(),
      reverted_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_customer_identity_merge_source_customer_id",
      on: ["source_customer_id"],
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_customer_identity_merge_target_customer_id",
      on: ["target_customer_id"],
      where: "deleted_at IS NULL",
    },
  ])

export default CustomerMerge
