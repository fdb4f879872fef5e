import { Context } from "@medusajs/framework/types"
import { IdentitySource } from "../../../types/constants"
import {
  BackfillJournal,
  BackfillPlan,
  BackfillState,
  ConflictFreeCustomerDTO,
  RecordOwnedOrderContactDTO,
} from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { foldCustomers, restoreFold } from "./fold"
import { insertIdentifiers } from "./identifiers"
import { ORDER_STATS, recomputeOrderStats } from "./order-stats"
import { sql, stateColumns } from "./run"
import { restoreRows } from "./states"

/** What an order contact says of its orderer and how it was matched: the backfill re-explains these. */
const CONTACT_EVIDENCE = [
  "phone",
  "recipient_phone",
  "first_name",
  "last_name",
  "matched_by",
] as const

/**
 * Reads, in a few set-based queries, what planning a backfill batch needs:
 * the links of the given customers and users and of the canonical customers
 * owning the given emails and phones, those owners, and the order contacts
 * already recorded.
 */
export async function loadBackfillState(
  context: Context,
  keys: {
    customer_ids?: string[]
    user_ids?: string[]
    emails?: string[]
    phones?: string[]
    order_ids?: string[]
  }
): Promise<BackfillState> {
  const [emails, phones, orderContacts] = await Promise.all([
    sql(
      context,
      `SELECT email_normalized, customer_id, is_primary FROM customer_identity_email
        WHERE deleted_at IS NULL AND email_normalized = ANY(?)`,
      [keys.emails ?? []]
    ),
    sql(
      context,
      `SELECT phone_e164, customer_id FROM customer_identity_phone
        WHERE deleted_at IS NULL AND phone_e164 = ANY(?)`,
      [keys.phones ?? []]
    ),
    sql(
      context,
      `SELECT id, order_id, customer_id, canonical_customer_id, ${CONTACT_EVIDENCE.join(", ")},
              canceled_at::text AS canceled_at, updated_at::text AS updated_at
         FROM customer_identity_order_contact
        WHERE deleted_at IS NULL AND order_id = ANY(?)`,
      [keys.order_ids ?? []]
    ),
  ])
  const customerIds = [
    ...(keys.customer_ids ?? []),
    ...emails.map((row) => row.customer_id),
    ...phones.map((row) => row.customer_id),
    ...orderContacts.map((row) => row.canonical_customer_id),
  ]
  // One index lookup per key column, then one by customer id for the links
  // and their canonical customers' links: an OR across columns, or an IN
  // over a subquery, is planned as a scan of the whole table per batch.
  const links = await sql(
    context,
    `WITH own AS (
       SELECT customer_id, canonical_customer_id FROM customer_identity_link
        WHERE deleted_at IS NULL AND customer_id = ANY(?)
       UNION ALL
       SELECT customer_id, canonical_customer_id FROM customer_identity_link
        WHERE deleted_at IS NULL AND user_id = ANY(?)
     )
     SELECT l.customer_id, l.canonical_customer_id, l.has_account, l.user_id,
            EXISTS (SELECT 1 FROM customer_identity_email e WHERE e.customer_id = l.customer_id
                       AND e.is_primary AND e.deleted_at IS NULL) AS has_primary_email,
            EXISTS (SELECT 1 FROM customer_identity_phone p WHERE p.customer_id = l.customer_id
                       AND p.is_primary AND p.deleted_at IS NULL) AS has_primary_phone
       FROM customer_identity_link l
      WHERE l.deleted_at IS NULL
        AND l.customer_id = ANY(ARRAY(SELECT customer_id FROM own
                                      UNION SELECT canonical_customer_id FROM own))`,
    [customerIds, keys.user_ids ?? []]
  )
  // The names the identities owning the batch's phones go by, for the phone rule.
  const phoneOwners = new Set(phones.map((phone) => phone.customer_id))
  const phoneIdentities = links
    .filter((link) => phoneOwners.has(link.customer_id))
    .map((link) => link.canonical_customer_id)
  const names = await sql(
    context,
    `SELECT DISTINCT canonical_customer_id AS customer_id, first_name, last_name
       FROM customer_identity_order_contact
      WHERE deleted_at IS NULL AND canonical_customer_id = ANY(?)
        AND (first_name IS NOT NULL OR last_name IS NOT NULL)`,
    [phoneIdentities]
  )
  return { links, emails, phones, order_contacts: orderContacts, names }
}

/**
 * Writes a backfill batch's plan in one transaction, set-based: folds of
 * canonical customers already indexed, then new links, emails and phones
 * (`ON CONFLICT DO NOTHING`: a live event that got there first wins), user
 * links, order contacts, and the touched customers' order stats. Returns
 * the journal `revertBackfillPlan` takes to undo it.
 */
export async function applyBackfillPlan(
  context: Context,
  plan: BackfillPlan
): Promise<BackfillJournal> {
  const journal: BackfillJournal = {
    ...emptyJournal(),
    order_contacts: plan.order_contacts.length
      ? (
          await loadBackfillState(context, {
            order_ids: plan.order_contacts.map((c) => c.order_id),
          })
        ).order_contacts
      : [],
  }
  for (const fold of plan.folds) {
    journal.folds.push(
      await foldCustomers(
        context,
        fold.target_customer_id,
        fold.source_customer_ids,
        fold.evidence
      )
    )
  }
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id)
  // Statements with nothing to write are skipped: each costs a round trip.
  journal.link_ids = !plan.links.length
    ? []
    : ids(
        await sql(
          context,
          `INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
       SELECT v.id, v.customer_id, v.canonical_customer_id, v.has_account, ?
         FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[])
              AS v(id, customer_id, canonical_customer_id, has_account)
       ON CONFLICT DO NOTHING
       RETURNING id`,
          [
            IdentitySource.BACKFILL,
            generateEntityIds("cilink", plan.links.length),
            plan.links.map((row) => row.customer_id),
            plan.links.map((row) => row.canonical_customer_id),
            plan.links.map((row) => row.has_account),
          ]
        )
      )
  journal.email_ids = ids(
    await insertIdentifiers(context, "customer_identity_email", [
      ["ciemail", "email", "email_normalized"],
      plan.emails.map((row) => [
        row.customer_id,
        row.email,
        row.email_normalized,
      ]),
    ])
  )
  journal.phone_ids = ids(
    await insertIdentifiers(context, "customer_identity_phone", [
      ["ciphone", "phone", "phone_e164"],
      plan.phones.map((row) => [row.customer_id, row.phone, row.phone_e164]),
    ])
  )
  journal.user_links = !plan.user_links.length
    ? []
    : await sql(
        context,
        `UPDATE customer_identity_link l SET user_id = v.user_id, updated_at = now()
       FROM unnest(?::text[], ?::text[]) AS v(customer_id, user_id), customer_identity_link old
      WHERE l.customer_id = v.customer_id AND l.deleted_at IS NULL AND l.user_id IS NULL
        AND old.id = l.id
      RETURNING l.id, old.user_id, old.updated_at::text AS updated_at`,
        [
          plan.user_links.map((row) => row.customer_id),
          plan.user_links.map((row) => row.user_id),
        ]
      )
  const contacts = plan.order_contacts
  const written = !contacts.length
    ? []
    : await sql(
        context,
        `INSERT INTO customer_identity_order_contact AS t
            (id, order_id, customer_id, canonical_customer_id, email, ${CONTACT_EVIDENCE.join(", ")},
             placed_at, canceled_at)
     SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::timestamptz[], ?::timestamptz[])
     ON CONFLICT (order_id) WHERE deleted_at IS NULL DO UPDATE
        SET customer_id = excluded.customer_id,
            canonical_customer_id = excluded.canonical_customer_id,
            ${CONTACT_EVIDENCE.map((column) => `${column} = excluded.${column}`).join(", ")},
            canceled_at = excluded.canceled_at,
            updated_at = now()
      WHERE (t.customer_id, t.canonical_customer_id, t.canceled_at, ${CONTACT_EVIDENCE.map((column) => `t.${column}`).join(", ")})
            IS DISTINCT FROM (excluded.customer_id, excluded.canonical_customer_id, excluded.canceled_at,
                              ${CONTACT_EVIDENCE.map((column) => `excluded.${column}`).join(", ")})
     RETURNING t.id, t.order_id, (xmax = 0) AS inserted`,
        [
          generateEntityIds("cioc", contacts.length),
          contacts.map((c) => c.order_id),
          contacts.map((c) => c.customer_id),
          contacts.map((c) => c.canonical_customer_id),
          contacts.map((c) => c.email),
          ...CONTACT_EVIDENCE.map((column) => contacts.map((c) => c[column])),
          contacts.map((c) => c.placed_at),
          contacts.map((c) => c.canceled_at),
        ]
      )
  journal.order_contact_ids = written
    .filter((row) => row.inserted)
    .map((row) => row.id)
  const updatedOrders = new Set(
    written.filter((row) => !row.inserted).map((row) => row.order_id)
  )
  journal.order_contacts = journal.order_contacts.filter((row) =>
    updatedOrders.has(row.order_id)
  )
  journal.stats = await recomputeOrderStats(context, plan.stats_customer_ids)
  return journal
}

/** The identifier tables: the column of the value as given, and of its normalised form. */
const IDENTIFIERS = [
  ["customer_identity_email", "email", "email_normalized"],
  ["customer_identity_phone", "phone", "phone_e164"],
] as const

/**
 * The rows (numbered from 1) any of whose suppression hashes was ever erased,
 * from the `hashes` and `hash_rows` that `suppressionHashes` binds. Rows sent
 * `unhashed` (the caller found the list empty) all count as erased if the
 * list is no longer empty: the check stays exact in this statement.
 */
const ERASED_ROWS = `erased AS (
  SELECT h.n FROM unnest(:hashes::text[], :hash_rows::int[]) AS h(hash, n)
   WHERE h.hash IN (SELECT identifier_hash FROM customer_identity_suppression
                     WHERE deleted_at IS NULL AND identifier_hash = ANY(ARRAY(SELECT unnest(:hashes::text[]))))
  UNION ALL
  SELECT n FROM generate_series(1, :row_count::int) AS n
   WHERE :unhashed::boolean
     AND EXISTS (SELECT 1 FROM customer_identity_suppression WHERE deleted_at IS NULL))`

/** Each row's suppression hashes, flat, with the number of their row. */
function suppressionHashes(
  rows: { suppression_hashes: string[] }[],
  unhashed: boolean
) {
  return {
    hashes: rows.flatMap((row) => row.suppression_hashes),
    hash_rows: rows.flatMap((row, i) =>
      row.suppression_hashes.map(() => i + 1)
    ),
    row_count: rows.length,
    unhashed,
  }
}

/**
 * Writes, in one statement, the link (its own canonical customer), primary
 * email and primary phone of each backfilled customer that conflicts with
 * nothing: it has no link and no primary email or phone, nobody holds its
 * email or phone, and neither was ever erased (`isSuppressed` is the
 * planner's to apply). That is what the planner would write for it; the
 * caller leaves to the planner the rest, and any row that another row of
 * the batch shares an identifier with. Returns the customers written in
 * full (a row a concurrent write got to first is not) and the journal
 * `revertBackfillPlan` takes to undo it. Each table is read by an index
 * lookup of the batch's values (`= ANY`): a join with the batch, or
 * `NOT EXISTS`, is planned as a scan of the whole table per batch. The
 * values are given as `ARRAY(SELECT unnest(…))`: the planner estimates a
 * constant array value by value, which cost more than running the lookups.
 * `unhashed`: the rows carry no suppression hashes because the caller found
 * the suppression list empty; nothing is written if it no longer is.
 */
export async function insertConflictFreeCustomers(
  context: Context,
  { rows, unhashed }: { rows: ConflictFreeCustomerDTO[]; unhashed: boolean }
): Promise<{ customer_ids: string[]; journal: BackfillJournal }> {
  const [written] = await sql(
    context,
    `WITH v AS (
       SELECT * FROM unnest(:link_ids::text[], :email_ids::text[], :phone_ids::text[],
                            :customer_ids::text[], :has_account::boolean[], :emails::text[],
                            :email_normalized::text[], :phones::text[], :phone_e164::text[])
              WITH ORDINALITY
              AS v(link_id, email_id, phone_id, customer_id, has_account, email,
                   email_normalized, phone, phone_e164, n)),
     ${ERASED_ROWS},
     taken AS (
       SELECT 'customer' AS kind, customer_id AS key FROM customer_identity_link
        WHERE deleted_at IS NULL AND customer_id = ANY(ARRAY(SELECT unnest(:customer_ids::text[])))
       ${IDENTIFIERS.map(
         ([table, , key]) => `
       UNION ALL
       SELECT '${key}', ${key} FROM ${table}
        WHERE deleted_at IS NULL AND ${key} = ANY(ARRAY(SELECT unnest(:${key}::text[])))
       UNION ALL
       SELECT 'customer', customer_id FROM ${table}
        WHERE deleted_at IS NULL AND is_primary AND customer_id = ANY(ARRAY(SELECT unnest(:customer_ids::text[])))`
       ).join("")}),
     free AS (
       SELECT v.* FROM v
        WHERE v.n NOT IN (SELECT n FROM erased)
          AND ('customer', v.customer_id) NOT IN (SELECT kind, key FROM taken)
          ${IDENTIFIERS.map(
            ([, , key]) => `
          AND (v.${key} IS NULL OR ('${key}', v.${key}) NOT IN (SELECT kind, key FROM taken))`
          ).join("")}),
     link AS (
       INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
       SELECT link_id, customer_id, customer_id, has_account, :source FROM free
       ON CONFLICT DO NOTHING
       RETURNING id, customer_id),
     ${IDENTIFIERS.map(
       ([table, given, key]) => `${given} AS (
       INSERT INTO ${table} (id, customer_id, ${given}, ${key}, is_primary, source)
       SELECT f.${given}_id, f.customer_id, f.${given}, f.${key}, true, :source
         FROM free f JOIN link l ON l.customer_id = f.customer_id
        WHERE f.${key} IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING id, customer_id)`
     ).join(",\n")}
     SELECT ARRAY(SELECT id FROM link) AS link_ids,
            ARRAY(SELECT id FROM email) AS email_ids,
            ARRAY(SELECT id FROM phone) AS phone_ids,
            ARRAY(SELECT f.customer_id FROM free f JOIN link l ON l.customer_id = f.customer_id
                   WHERE ${IDENTIFIERS.map(
                     ([, given, key]) =>
                       `(f.${key} IS NULL OR f.customer_id IN (SELECT customer_id FROM ${given}))`
                   ).join(" AND ")}) AS customer_ids`,
    {
      source: IdentitySource.BACKFILL,
      link_ids: generateEntityIds("cilink", rows.length),
      email_ids: generateEntityIds("ciemail", rows.length),
      phone_ids: generateEntityIds("ciphone", rows.length),
      customer_ids: rows.map((row) => row.customer_id),
      has_account: rows.map((row) => row.has_account),
      emails: rows.map((row) => row.email),
      email_normalized: rows.map((row) => row.email_normalized),
      phones: rows.map((row) => row.phone),
      phone_e164: rows.map((row) => row.phone_e164),
      ...suppressionHashes(rows, unhashed),
    }
  )
  return {
    customer_ids: written.customer_ids,
    journal: {
      ...emptyJournal(),
      link_ids: written.link_ids,
      email_ids: written.email_ids,
      phone_ids: written.phone_ids,
    },
  }
}

/**
 * Records, in one statement, the first contact of each backfilled order
 * (`candidates`) whose customer is its own canonical customer and owns the
 * order's email and phone, neither ever erased, as `recordOwnedOrderContact`
 * does for one order, with the order stats of the customers recomputed
 * over their contacts and the new ones (the statement does not see what it
 * inserts). An order is left to the planner, with every other order of its
 * customer in the batch, when another order of the batch (`others`, or a
 * candidate that does not hold) involves that customer by its customer, its
 * email or its phone: planning that order could fold the customer or read
 * the names on its contacts. Returns the orders written and the journal
 * `revertBackfillPlan` takes. Tables are read by index lookups of the
 * batch's values, and `unhashed` is read, as in `insertConflictFreeCustomers`.
 */
export async function insertConflictFreeOrderContacts(
  context: Context,
  {
    candidates,
    others,
    unhashed,
  }: {
    candidates: RecordOwnedOrderContactDTO[]
    others: {
      customer_id: string | null
      email_normalized: string | null
      phone_e164: string | null
    }[]
    unhashed: boolean
  }
): Promise<{ order_ids: string[]; journal: BackfillJournal }> {
  const rows = [...candidates, ...others]
  const column = <K extends keyof RecordOwnedOrderContactDTO>(key: K) =>
    candidates.map((row) => row[key])
  const [written] = await sql(
    context,
    `WITH v AS (
       SELECT * FROM unnest(:customer_ids::text[], :email_normalized::text[], :phone_e164::text[])
              WITH ORDINALITY AS v(customer_id, email_normalized, phone_e164, n)),
     c AS (
       SELECT * FROM unnest(:ids::text[], :order_ids::text[], :emails::text[], :phones::text[],
                            :recipient_phones::text[], :first_names::text[], :last_names::text[],
                            :primary::text[], :secondary::text[], :placed_at::timestamptz[],
                            :canceled_at::timestamptz[])
              WITH ORDINALITY
              AS c(id, order_id, email, phone, recipient_phone, first_name, last_name,
                   primary_match, secondary_match, placed_at, canceled_at, n)),
     ${ERASED_ROWS},
     links AS (
       SELECT customer_id, canonical_customer_id, erased_at FROM customer_identity_link
        WHERE deleted_at IS NULL AND customer_id = ANY(ARRAY(SELECT unnest(:customer_ids::text[])))),
     emails AS (
       SELECT email_normalized, customer_id, is_primary FROM customer_identity_email
        WHERE deleted_at IS NULL AND email_normalized = ANY(ARRAY(SELECT unnest(:email_normalized::text[])))),
     phones AS (
       SELECT phone_e164, customer_id FROM customer_identity_phone
        WHERE deleted_at IS NULL AND phone_e164 = ANY(ARRAY(SELECT unnest(:phone_e164::text[])))),
     owned AS (
       SELECT c.*, v.customer_id, e.is_primary FROM c
         JOIN v ON v.n = c.n
         JOIN links l ON l.customer_id = v.customer_id
          AND l.canonical_customer_id = v.customer_id AND l.erased_at IS NULL
         LEFT JOIN emails e
           ON e.email_normalized = v.email_normalized AND e.customer_id = v.customer_id
        WHERE (v.email_normalized IS NULL OR e.customer_id IS NOT NULL)
          AND (v.phone_e164 IS NULL OR (v.phone_e164, v.customer_id) IN (SELECT * FROM phones))
          AND c.n NOT IN (SELECT n FROM erased)
          AND c.order_id NOT IN (
                SELECT order_id FROM customer_identity_order_contact
                 WHERE deleted_at IS NULL AND order_id = ANY(ARRAY(SELECT unnest(:order_ids::text[]))))),
     involved AS (
       SELECT v.n, l.canonical_customer_id AS customer_id FROM v JOIN links l USING (customer_id)
       UNION ALL
       SELECT v.n, e.customer_id FROM v JOIN emails e USING (email_normalized)
       UNION ALL
       SELECT v.n, p.customer_id FROM v JOIN phones p USING (phone_e164)),
     free AS (
       SELECT o.* FROM owned o
        WHERE o.customer_id NOT IN (SELECT customer_id FROM involved
                                     WHERE n NOT IN (SELECT n FROM owned))),
     contact AS (
       INSERT INTO customer_identity_order_contact
              (id, order_id, customer_id, canonical_customer_id, email, phone, recipient_phone,
               first_name, last_name, matched_by, placed_at, canceled_at)
       SELECT id, order_id, customer_id, customer_id, email, phone, recipient_phone,
              first_name, last_name,
              CASE WHEN is_primary IS false THEN secondary_match ELSE primary_match END,
              placed_at, canceled_at
         FROM free
       ON CONFLICT (order_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id, order_id, canonical_customer_id, placed_at, canceled_at),
     before AS (
       SELECT ${stateColumns(["order_count", "first_order_at", "last_order_at"])}
         FROM customer_identity_link
        WHERE deleted_at IS NULL
          AND customer_id = ANY(ARRAY(SELECT canonical_customer_id FROM contact))),
     stats AS (
       UPDATE customer_identity_link l
          SET order_count = s.order_count, first_order_at = s.first_order_at,
              last_order_at = s.last_order_at, updated_at = now()
         FROM (SELECT oc.canonical_customer_id, ${ORDER_STATS}
                 FROM (SELECT canonical_customer_id, placed_at, canceled_at
                         FROM customer_identity_order_contact
                        WHERE deleted_at IS NULL
                          AND canonical_customer_id = ANY(ARRAY(SELECT canonical_customer_id FROM contact))
                       UNION ALL
                       SELECT canonical_customer_id, placed_at, canceled_at FROM contact) oc
                GROUP BY oc.canonical_customer_id) s
        WHERE l.customer_id = s.canonical_customer_id AND l.deleted_at IS NULL
          AND l.customer_id = ANY(ARRAY(SELECT canonical_customer_id FROM contact))
          AND (l.order_count, l.first_order_at, l.last_order_at)
              IS DISTINCT FROM (s.order_count, s.first_order_at, s.last_order_at))
     SELECT ARRAY(SELECT id FROM contact) AS contact_ids,
            ARRAY(SELECT order_id FROM contact) AS order_ids,
            (SELECT coalesce(json_agg(b), '[]') FROM before b) AS stats`,
    {
      customer_ids: rows.map((row) => row.customer_id),
      email_normalized: rows.map((row) => row.email_normalized),
      phone_e164: rows.map((row) => row.phone_e164),
      ids: generateEntityIds("cioc", candidates.length),
      order_ids: column("order_id"),
      emails: column("email"),
      phones: column("phone"),
      recipient_phones: column("recipient_phone"),
      first_names: column("first_name"),
      last_names: column("last_name"),
      primary: candidates.map((row) => row.matched_by.primary),
      secondary: candidates.map((row) => row.matched_by.secondary),
      placed_at: column("placed_at"),
      canceled_at: column("canceled_at"),
      ...suppressionHashes(candidates, unhashed),
    }
  )
  return {
    order_ids: written.order_ids,
    journal: {
      ...emptyJournal(),
      order_contact_ids: written.contact_ids,
      stats: { entity: "CustomerLink", rows: written.stats },
    },
  }
}

function emptyJournal(): BackfillJournal {
  return {
    folds: [],
    link_ids: [],
    email_ids: [],
    phone_ids: [],
    user_links: [],
    order_contact_ids: [],
    order_contacts: [],
    stats: { entity: "CustomerLink", rows: [] },
  }
}

export async function revertBackfillPlan(
  context: Context,
  journal: BackfillJournal
): Promise<void> {
  await restoreRows(context, journal.stats)
  await sql(
    context,
    `DELETE FROM customer_identity_order_contact WHERE id = ANY(?)`,
    [journal.order_contact_ids]
  )
  const previous = journal.order_contacts
  await sql(
    context,
    `UPDATE customer_identity_order_contact t
        SET customer_id = v.customer_id, canonical_customer_id = v.canonical_customer_id,
            ${CONTACT_EVIDENCE.map((column) => `${column} = v.${column}`).join(", ")},
            canceled_at = v.canceled_at, updated_at = v.updated_at
       FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                   ?::timestamptz[], ?::timestamptz[])
            AS v(id, customer_id, canonical_customer_id, ${CONTACT_EVIDENCE.join(", ")}, canceled_at, updated_at)
      WHERE t.id = v.id`,
    [
      previous.map((row) => row.id),
      previous.map((row) => row.customer_id),
      previous.map((row) => row.canonical_customer_id),
      ...CONTACT_EVIDENCE.map((column) => previous.map((row) => row[column])),
      previous.map((row) => row.canceled_at),
      previous.map((row) => row.updated_at),
    ]
  )
  const userLinks = journal.user_links
  await sql(
    context,
    `UPDATE customer_identity_link t SET user_id = v.user_id, updated_at = v.updated_at
       FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS v(id, user_id, updated_at)
      WHERE t.id = v.id`,
    [
      userLinks.map((row) => row.id),
      userLinks.map((row) => row.user_id),
      userLinks.map((row) => row.updated_at),
    ]
  )
  for (const [table, key] of [
    ["customer_identity_phone", "phone_ids"],
    ["customer_identity_email", "email_ids"],
  ] as const) {
    await sql(context, `DELETE FROM ${table} WHERE id = ANY(?)`, [journal[key]])
  }
  for (const fold of [...journal.folds].reverse()) {
    await restoreFold(context, fold)
  }
  await sql(context, `DELETE FROM customer_identity_link WHERE id = ANY(?)`, [
    journal.link_ids,
  ])
}
