import { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { BackfillStatus } from "../../../types/constants"
import {
  CreateNewIdentityDTO,
  CustomerLinkDTO,
  IdentityOwner,
  IdentityOwners,
  NewIdentityRows,
} from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { sql } from "./run"

// Whether a backfill of all customers (not a dry run, no cutoff) has completed.
const BACKFILLED_ALL_CUSTOMERS = `EXISTS (
  SELECT 1 FROM customer_identity_backfill
   WHERE status = '${BackfillStatus.COMPLETED}' AND NOT dry_run AND cutoff_days IS NULL
     AND deleted_at IS NULL)`

/**
 * `findIdentityOwners`: the link of a customer id and the owners of an email,
 * a phone and values of identifier kinds, each by its unique index.
 * Bindings: the customer id (twice), the normalised email, the E.164 phone
 * (null for those not looked up), the kinds and their normalised values (two
 * arrays, empty for none), the completed backfill status. A kind's owner comes
 * as `kind:<kind>`; a row `backfilled` tells that a backfill of all customers
 * has completed (what resolve asks next on a miss, read in the same trip).
 */
export const IDENTITY_OWNERS_SQL = `SELECT o.kind, o.customer_id, o.is_primary, l.canonical_customer_id
  FROM (SELECT 'customer' AS kind, ?::text AS customer_id, false AS is_primary
         WHERE ?::text IS NOT NULL
        UNION ALL
        SELECT 'backfilled', NULL, false WHERE ${BACKFILLED_ALL_CUSTOMERS}
        UNION ALL
        SELECT 'email', e.customer_id, e.is_primary FROM customer_identity_email e
         WHERE e.email_normalized = ? AND e.deleted_at IS NULL
        UNION ALL
        SELECT 'phone', p.customer_id, p.is_primary FROM customer_identity_phone p
         WHERE p.phone_e164 = ? AND p.deleted_at IS NULL
        UNION ALL
        SELECT 'kind:' || i.kind, i.customer_id, i.is_primary
          FROM unnest(?::text[], ?::text[]) AS k(kind, value)
          JOIN customer_identity_identifier i
            ON i.kind = k.kind AND i.value_normalized = k.value
           AND NOT i.shared AND i.deleted_at IS NULL) o
  LEFT JOIN customer_identity_link l
    ON l.customer_id = o.customer_id AND l.deleted_at IS NULL`

/**
 * The link of a customer id, and the owners of a normalised email and an
 * E.164 phone with their canonical customers, in one statement over the
 * unique indexes. Resolve runs it on every find-or-create: this is the
 * generated list methods' lookups without their per-call ORM cost.
 */
export async function findIdentityOwners(
  context: Context,
  keys: {
    customer_id?: string
    email_normalized?: string
    phone_e164?: string
    identifiers?: { kind: string; value_normalized: string }[]
  }
): Promise<IdentityOwners> {
  const rows = await sql<IdentityOwner & { kind: string }>(
    context,
    IDENTITY_OWNERS_SQL,
    [
      keys.customer_id ?? null,
      keys.customer_id ?? null,
      keys.email_normalized ?? null,
      keys.phone_e164 ?? null,
      keys.identifiers?.map((i) => i.kind) ?? [],
      keys.identifiers?.map((i) => i.value_normalized) ?? [],
    ]
  )
  const owners: IdentityOwners = { identifiers: {}, backfilled: false }
  for (const { kind, ...owner } of rows) {
    if (kind === "backfilled") {
      owners.backfilled = true
    } else if (kind.startsWith("kind:")) {
      owners.identifiers[kind.slice(5)] = owner
    } else {
      owners[kind as "customer" | "email" | "phone"] = owner
    }
  }
  return owners
}

/**
 * The owners of a batch's normalised emails, E.164 phones and kind values,
 * each by its unique index, with its canonical customer, in one statement:
 * what an import batch reads instead of one `findIdentityOwners` per row. A
 * row's `kind` is `email`, `phone` or the identifier kind.
 */
export async function findIdentityOwnersOfMany(
  context: Context,
  keys: {
    email_normalized: string[]
    phone_e164: string[]
    identifiers: { kind: string; value_normalized: string }[]
  }
): Promise<(IdentityOwner & { kind: string; value: string })[]> {
  return await sql(
    context,
    `SELECT o.kind, o.value, o.customer_id, o.is_primary, l.canonical_customer_id
  FROM (SELECT 'email' AS kind, e.email_normalized AS value, e.customer_id, e.is_primary
          FROM customer_identity_email e
         WHERE e.email_normalized = ANY(?::text[]) AND e.deleted_at IS NULL
        UNION ALL
        SELECT 'phone', p.phone_e164, p.customer_id, p.is_primary FROM customer_identity_phone p
         WHERE p.phone_e164 = ANY(?::text[]) AND p.deleted_at IS NULL
        UNION ALL
        SELECT i.kind, i.value_normalized, i.customer_id, i.is_primary
          FROM unnest(?::text[], ?::text[]) AS k(kind, value)
          JOIN customer_identity_identifier i
            ON i.kind = k.kind AND i.value_normalized = k.value
           AND NOT i.shared AND i.deleted_at IS NULL) o
  LEFT JOIN customer_identity_link l
    ON l.customer_id = o.customer_id AND l.deleted_at IS NULL`,
    [
      keys.email_normalized,
      keys.phone_e164,
      keys.identifiers.map((i) => i.kind),
      keys.identifiers.map((i) => i.value_normalized),
    ]
  )
}

/**
 * Writes new customers' links, emails, phones and kind values in one
 * statement; each as its customer's first (primary) row. A value a row holds
 * already is skipped (`ON CONFLICT DO NOTHING` over every unique index), as is
 * a link a subscriber wrote first. Returns the ids of the rows written.
 */
export async function insertNewIdentities(
  context: Context,
  inputs: (Omit<CreateNewIdentityDTO, "identifiers"> & {
    identifiers: (CreateNewIdentityDTO["identifiers"][number] & {
      shared: boolean
    })[]
  })[]
): Promise<NewIdentityRows> {
  const emails = inputs.filter((input) => input.email)
  const phones = inputs.filter((input) => input.phone)
  const kinds = inputs.flatMap((input) =>
    input.identifiers.map((identifier) => ({ ...input, identifier }))
  )
  const rows = await sql<{ t: keyof NewIdentityRows; id: string }>(
    context,
    `WITH link AS (
       INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
       SELECT v.id, v.customer_id, v.customer_id, v.has_account, v.source
         FROM unnest(?::text[], ?::text[], ?::boolean[], ?::text[]) AS v(id, customer_id, has_account, source)
       ON CONFLICT DO NOTHING
       RETURNING 'link_ids' AS t, id),
     email AS (
       INSERT INTO customer_identity_email (id, customer_id, email, email_normalized, is_primary, source)
       SELECT v.id, v.customer_id, v.given, v.key, true, v.source
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS v(id, customer_id, given, key, source)
       ON CONFLICT DO NOTHING
       RETURNING 'email_ids' AS t, id),
     phone AS (
       INSERT INTO customer_identity_phone (id, customer_id, phone, phone_e164, is_primary, source)
       SELECT v.id, v.customer_id, v.given, v.key, true, v.source
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS v(id, customer_id, given, key, source)
       ON CONFLICT DO NOTHING
       RETURNING 'phone_ids' AS t, id),
     identifier AS (
       INSERT INTO customer_identity_identifier
              (id, customer_id, kind, value, value_normalized, shared, is_primary, source)
       SELECT v.id, v.customer_id, v.kind, v.given, v.key, v.shared, true, v.source
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
              AS v(id, customer_id, kind, given, key, shared, source)
       ON CONFLICT DO NOTHING
       RETURNING 'identifier_ids' AS t, id)
     SELECT * FROM link UNION ALL SELECT * FROM email
     UNION ALL SELECT * FROM phone UNION ALL SELECT * FROM identifier`,
    [
      generateEntityIds("cilink", inputs.length),
      inputs.map((input) => input.customer_id),
      inputs.map((input) => input.has_account),
      inputs.map((input) => input.source),
      generateEntityIds("ciemail", emails.length),
      emails.map((input) => input.customer_id),
      emails.map((input) => input.email!.email),
      emails.map((input) => input.email!.email_normalized),
      emails.map((input) => input.source),
      generateEntityIds("ciphone", phones.length),
      phones.map((input) => input.customer_id),
      phones.map((input) => input.phone!.phone),
      phones.map((input) => input.phone!.phone_e164),
      phones.map((input) => input.source),
      generateEntityIds("ciident", kinds.length),
      kinds.map((row) => row.customer_id),
      kinds.map((row) => row.identifier.kind),
      kinds.map((row) => row.identifier.value),
      kinds.map((row) => row.identifier.value_normalized),
      kinds.map((row) => row.identifier.shared),
      kinds.map((row) => row.source),
    ]
  )
  const written: NewIdentityRows = {
    link_ids: [],
    email_ids: [],
    phone_ids: [],
    identifier_ids: [],
  }
  for (const { t, id } of rows) {
    written[t].push(id)
  }
  return written
}

export async function deleteNewIdentity(
  context: Context,
  rows: NewIdentityRows
): Promise<void> {
  for (const [table, ids] of [
    ["customer_identity_link", rows.link_ids],
    ["customer_identity_email", rows.email_ids],
    ["customer_identity_phone", rows.phone_ids],
    ["customer_identity_identifier", rows.identifier_ids],
  ] as const) {
    if (ids.length) {
      await sql(context, `DELETE FROM ${table} WHERE id = ANY(?::text[])`, [
        ids,
      ])
    }
  }
}

/**
 * Whether a backfill of all customers (not a dry run, no cutoff) has
 * completed: from then on every customer has its identity rows, the
 * subscribers indexing new ones as they come.
 */
export async function hasBackfilledAllCustomers(
  context: Context
): Promise<boolean> {
  const [{ done }] = await sql(
    context,
    `SELECT ${BACKFILLED_ALL_CUSTOMERS} AS done`,
    []
  )
  return done
}

const LINK_ORDER_COLUMNS = [
  "created_at",
  "updated_at",
  "order_count",
  "first_order_at",
  "last_order_at",
]

export interface ListCanonicalCustomerLinksFilters {
  customer_id?: string[]
  status?: string[]
  has_account?: boolean
}

/**
 * Lists canonical customers' links (folded customers are part of theirs),
 * filtered and paginated in one query, with the total count.
 */
export async function listAndCountCanonicalCustomerLinks(
  context: Context,
  filters: ListCanonicalCustomerLinksFilters,
  pagination: { limit: number; offset: number; order?: string }
): Promise<[CustomerLinkDTO[], number]> {
  const descending = pagination.order?.startsWith("-")
  const column = (pagination.order ?? "-created_at").replace(/^-/, "")
  if (!LINK_ORDER_COLUMNS.includes(column)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Cannot order by ${column}; use one of ${LINK_ORDER_COLUMNS.join(", ")} (prefix - for descending)`
    )
  }
  const rows = await sql(
    context,
    `SELECT l.*, count(*) OVER () AS total_count
       FROM customer_identity_link l
      WHERE l.deleted_at IS NULL
        AND l.customer_id = l.canonical_customer_id
        AND (?::text[] IS NULL OR l.customer_id = ANY(?::text[]))
        AND (?::text[] IS NULL OR l.status = ANY(?::text[]))
        AND (?::boolean IS NULL OR l.has_account = ?::boolean)
      ORDER BY l.${column} ${descending ? "DESC NULLS LAST" : "ASC NULLS FIRST"}, l.id
      LIMIT ? OFFSET ?`,
    [
      filters.customer_id ?? null,
      filters.customer_id ?? null,
      filters.status ?? null,
      filters.status ?? null,
      filters.has_account ?? null,
      filters.has_account ?? null,
      pagination.limit,
      pagination.offset,
    ]
  )
  const count = rows.length ? Number(rows[0].total_count) : 0
  return [
    rows.map(
      ({ total_count: _, ...link }: Record<string, unknown>) =>
        link as unknown as CustomerLinkDTO
    ),
    count,
  ]
}
