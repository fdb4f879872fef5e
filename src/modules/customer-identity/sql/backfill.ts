import { Context } from "@medusajs/framework/types"
import { IdentitySource } from "../../../types/constants"
import {
  BackfillJournal,
  BackfillPlan,
  BackfillState,
} from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { foldCustomers, restoreFold } from "./fold"
import { insertIdentifiers } from "./identifiers"
import { recomputeOrderStats } from "./order-stats"
import { sql } from "./run"
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
  const phoneIdentities = links
    .filter((link) => phones.some((p) => p.customer_id === link.customer_id))
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
    folds: [],
    link_ids: [],
    email_ids: [],
    phone_ids: [],
    user_links: [],
    order_contact_ids: [],
    order_contacts: plan.order_contacts.length
      ? (
          await loadBackfillState(context, {
            order_ids: plan.order_contacts.map((c) => c.order_id),
          })
        ).order_contacts
      : [],
    stats: { entity: "CustomerLink", rows: [] },
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
  journal.link_ids = ids(
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
  // Statements with nothing to write are skipped: each costs a round trip.
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
