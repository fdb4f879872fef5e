import { Context } from "@medusajs/framework/types"
import {
  FoldEvidence,
  MergeStatus,
  UNPROVEN_EVIDENCE,
} from "../../../types/constants"
import {
  FoldJournal,
  JournaledIdentifier,
  MergeJournal,
  RowSnapshot,
} from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { IDENTIFIER_TABLES, restoreIdentifiers } from "./identifiers"
import { readStates, sql } from "./run"

/** Tables whose rows point at a canonical customer. */
const CANONICAL_TABLES = [
  ["customer_identity_link", "links"],
  ["customer_identity_order_contact", "order_contacts"],
] as const

/**
 * Folds canonical customers into a target: every link pointing at a source
 * points at the target, the sources' emails and phones move to it (the
 * target keeps its primary; without one, a moved primary becomes it), and
 * their order contacts count for it. Core customers are not touched.
 * With `evidence` (an automatic fold, not an admin's merge) the fold is
 * recorded as one merge per source, with that source's part of the
 * journal, so that it can be listed and reverted like a merge.
 * Returns the journal `restoreFold` takes to undo it.
 */
export async function foldCustomers(
  context: Context,
  targetCustomerId: string,
  sourceCustomerIds: string[],
  evidence?: `${FoldEvidence}`
): Promise<FoldJournal> {
  const sources = sourceCustomerIds.filter((id) => id !== targetCustomerId)
  const journal: FoldJournal = {
    target_customer_id: targetCustomerId,
    links: [],
    emails: [],
    phones: [],
    identifiers: [],
    order_contacts: [],
  }
  for (const [table, key] of CANONICAL_TABLES) {
    journal[key] = await sql(
      context,
      `UPDATE ${table} t SET canonical_customer_id = ?, updated_at = now()
         FROM ${table} old
        WHERE t.id = old.id AND t.deleted_at IS NULL AND t.canonical_customer_id = ANY(?)
        RETURNING t.id, old.canonical_customer_id, old.updated_at::text AS updated_at`,
      [targetCustomerId, sources]
    )
  }
  for (const [table, key, primaryPer] of IDENTIFIER_TABLES) {
    const moved = await sql<JournaledIdentifier>(
      context,
      `UPDATE ${table} t SET customer_id = ?, is_primary = false, updated_at = now()
         FROM ${table} old
        WHERE t.id = old.id AND t.deleted_at IS NULL AND t.customer_id = ANY(?)
        RETURNING t.id, old.customer_id, old.is_primary, old.updated_at::text AS updated_at`,
      [targetCustomerId, sources]
    )
    journal[key] = moved
    const movedPrimaries = moved.filter((row) => row.is_primary)
    if (movedPrimaries.length) {
      // One moved primary per group, where the target has none of its own.
      await sql(
        context,
        `UPDATE ${table} t SET is_primary = true
          WHERE t.id IN (
                SELECT DISTINCT ON (${primaryPer}) id FROM ${table}
                 WHERE id = ANY(?) ORDER BY ${primaryPer}, id)
            AND NOT EXISTS (
                SELECT 1 FROM ${table} p
                 WHERE p.customer_id = ? AND p.${primaryPer} = t.${primaryPer}
                   AND p.is_primary AND p.deleted_at IS NULL)`,
        [movedPrimaries.map((row) => row.id), targetCustomerId]
      )
    }
  }
  // A source whose links had moved already (a plan read before a concurrent
  // fold committed) is no identity of its own any more: nothing to record.
  const folded = sources.filter((source) =>
    journal.links.some((row) => row.canonical_customer_id === source)
  )
  if (evidence && folded.length) {
    journal.merge_ids = await recordFolds(context, journal, folded, evidence)
  }
  return journal
}

/** The merges recording a fold, one per source; a proof is proven at once. */
async function recordFolds(
  context: Context,
  journal: FoldJournal,
  sources: string[],
  evidence: `${FoldEvidence}`
): Promise<string[]> {
  const journals = sources.map((source): MergeJournal => ({
    fold: {
      target_customer_id: journal.target_customer_id,
      links: journal.links.filter((r) => r.canonical_customer_id === source),
      emails: journal.emails.filter((r) => r.customer_id === source),
      phones: journal.phones.filter((r) => r.customer_id === source),
      identifiers: journal.identifiers?.filter((r) => r.customer_id === source),
      order_contacts: journal.order_contacts.filter(
        (r) => r.canonical_customer_id === source
      ),
    },
    order_ids: [],
    user_id: null,
    address_ids: [],
    customer_group_ids: [],
  }))
  const rows = await sql<{ id: string }>(
    context,
    `INSERT INTO customer_identity_merge
            (id, source_customer_id, target_customer_id, status, journal, evidence, proven_at)
     SELECT v.id, v.source, ?, ?, v.journal, ?, CASE WHEN ? THEN now() END
       FROM unnest(?::text[], ?::text[], ?::jsonb[]) AS v(id, source, journal)
     RETURNING id`,
    [
      journal.target_customer_id,
      MergeStatus.MERGED,
      evidence,
      evidence === FoldEvidence.PROOF,
      generateEntityIds("cimerge", sources.length),
      sources,
      journals.map((j) => JSON.stringify(j)),
    ]
  )
  return rows.map((row) => row.id)
}

/**
 * Marks as proven the unproven folds into a customer that moved one of the
 * given emails or phones to it: the customer has now proven that identifier.
 * Returns the merges as they were.
 */
export async function proveFolds(
  context: Context,
  targetCustomerId: string,
  identifierIds: string[]
): Promise<RowSnapshot> {
  const moved = JSON.stringify(identifierIds.map((id) => ({ id })))
  const rows = await sql(
    context,
    `UPDATE customer_identity_merge m SET proven_at = now(), updated_at = now()
       FROM customer_identity_merge old
      WHERE m.id = old.id AND m.target_customer_id = ? AND m.status = ? AND m.proven_at IS NULL
        AND m.evidence = ANY(?) AND m.deleted_at IS NULL
        AND EXISTS (
          SELECT 1 FROM jsonb_array_elements(?::jsonb) AS p(row)
           WHERE m.journal->'fold'->'emails' @> jsonb_build_array(p.row)
              OR m.journal->'fold'->'phones' @> jsonb_build_array(p.row)
              OR m.journal->'fold'->'identifiers' @> jsonb_build_array(p.row))
      RETURNING m.id, old.proven_at, old.updated_at::text AS updated_at`,
    [targetCustomerId, MergeStatus.MERGED, [...UNPROVEN_EVIDENCE], moved]
  )
  return { entity: "CustomerMerge", rows }
}

/**
 * Undoes a fold from its journal. Returns the journaled rows as they were
 * before, a journal that undoes the restore exactly.
 */
export async function restoreFold(
  context: Context,
  journal: FoldJournal
): Promise<FoldJournal> {
  if (journal.merge_ids?.length) {
    await sql(
      context,
      `DELETE FROM customer_identity_merge WHERE id = ANY(?)`,
      [journal.merge_ids]
    )
  }
  const current: FoldJournal = {
    target_customer_id: journal.target_customer_id,
    links: [],
    emails: [],
    phones: [],
    order_contacts: [],
  }
  for (const [table, key] of IDENTIFIER_TABLES) {
    current[key] = await readStates(
      context,
      table,
      (journal[key] ?? []).map((row) => row.id),
      ["customer_id", "is_primary"]
    )
  }
  for (const [table, key] of CANONICAL_TABLES) {
    current[key] = await readStates(
      context,
      table,
      journal[key].map((row) => row.id),
      ["canonical_customer_id"]
    )
  }
  for (const [table, key] of IDENTIFIER_TABLES) {
    // Journals written before identifier kinds have no `identifiers`.
    await restoreIdentifiers(context, table, journal[key] ?? [])
  }
  for (const [table, key] of CANONICAL_TABLES) {
    const rows = journal[key]
    if (!rows.length) {
      continue
    }
    await sql(
      context,
      `UPDATE ${table} t
          SET canonical_customer_id = v.canonical_customer_id, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::timestamptz[])
              AS v(id, canonical_customer_id, updated_at)
        WHERE t.id = v.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.canonical_customer_id),
        rows.map((row) => row.updated_at),
      ]
    )
  }
  return current
}
