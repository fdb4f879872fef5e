import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BenchApp } from "./app"

/** Customers seeded by default; `BENCH_N=1000000` for the full size. */
export const BENCH_N = Number(process.env.BENCH_N || 100_000)

type Db = { raw(sql: string, bindings?: unknown[]): Promise<unknown> }

/** The app's own knex connection: the seeding SQL runs server-side, set-based. */
export const database = (app: BenchApp): Db =>
  app.container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

/** Customer `i` (1…n) of a seeded data set: what lookups and workflows ask for. */
export const seeded = {
  email: (i: number) =>
    i % 50 ? `c${i}@bench.example` : `bench.c${i}@gmail.com`,
  secondaryEmail: (i: number) =>
    i % 50 === 1 ? `benchc${i - 1}@gmail.com` : `c${i}.alt@bench.example`,
  phone: (i: number) => `+1${2_000_000_000 + i}`,
  /** Only even customers have one. */
  secondaryPhone: (i: number) => `+1${3_000_000_000 + i}`,
}

/** A random customer number in 1…n. */
export const randomCustomer = (n: number) => 1 + Math.floor(Math.random() * n)

const IDENTITY_TABLES = [
  "customer_identity_link",
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_order_contact",
]

/** Empties the plugin's identity tables, leaving core customers alone. */
export async function clearIdentity(db: Db) {
  await db.raw(`TRUNCATE ${IDENTITY_TABLES.join(", ")}`)
}

const truncateCustomers = (db: Db) =>
  db.raw(`TRUNCATE customer, ${IDENTITY_TABLES.join(", ")} CASCADE`)

let dataset: Promise<void> | undefined

/**
 * Empties core customers and the identity tables. The next `seedDataset`
 * seeds again.
 */
export async function clearCustomers(db: Db) {
  dataset = undefined
  await truncateCustomers(db)
}

/**
 * Pre-plugin data: `n` core customers, a third of them accounts, with an
 * email and an E.164 phone each. Every 50th has a dotted Gmail address that
 * the next one's secondary email folds to (a duplicate scan finds the pair).
 */
export async function seedCoreCustomers(db: Db, n: number) {
  await db.raw(
    `INSERT INTO customer (id, email, phone, first_name, last_name, has_account, created_at, updated_at)
     SELECT 'cus_bench' || lpad(i::text, 8, '0'),
            CASE WHEN i % 50 = 0 THEN 'bench.c' || i || '@gmail.com' ELSE 'c' || i || '@bench.example' END,
            '+1' || (2000000000 + i),
            'First' || (i % 1000), 'Last' || i,
            i % 3 = 0,
            now() - make_interval(secs => n - i), now()
       FROM generate_series(1, ?::int) AS i, (SELECT ?::int AS n) AS size`,
    [n, n]
  )
  await db.raw("ANALYZE customer")
}

/**
 * Pre-plugin orders: one placed order per seeded customer, with its email
 * typed in another case. Every 10th was placed as a guest (no customer id),
 * so the backfill matches it by email; every 20th is canceled.
 */
export async function seedCoreOrders(db: Db) {
  await db.raw(
    `INSERT INTO "order" (id, customer_id, email, currency_code, status, created_at, canceled_at)
     SELECT 'order_bench' || substr(c.id, 10),
            CASE WHEN n % 10 = 0 THEN NULL ELSE c.id END,
            upper(c.email), 'usd',
            (CASE WHEN n % 20 = 0 THEN 'canceled' ELSE 'pending' END)::order_status_enum,
            c.created_at + interval '1 hour',
            CASE WHEN n % 20 = 0 THEN c.created_at + interval '2 hours' END
       FROM customer c, LATERAL (SELECT substr(c.id, 10)::int AS n) AS i`
  )
  await db.raw(`ANALYZE "order"`)
}

/** Empties core orders (the backfill benchmark's). */
export async function clearOrders(db: Db) {
  await db.raw(`TRUNCATE "order" CASCADE`)
}

/**
 * What a backfill of pre-plugin customers writes, as one set-based statement
 * per table: a link per customer (its own canonical customer) and its email
 * and phone as primary identifiers. Also the yardstick of the backfill driver.
 */
export async function insertIdentityRows(db: Db) {
  await db.raw(
    `INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
     SELECT 'cilink_' || c.id, c.id, c.id, c.has_account, 'backfill' FROM customer c
      WHERE c.deleted_at IS NULL`
  )
  await db.raw(
    `INSERT INTO customer_identity_email (id, customer_id, email, email_normalized, type, is_primary, source)
     SELECT 'ciemail_' || c.id, c.id, c.email, lower(trim(c.email)), 'primary', true, 'backfill'
       FROM customer c WHERE c.deleted_at IS NULL AND c.email IS NOT NULL`
  )
  await db.raw(
    `INSERT INTO customer_identity_phone (id, customer_id, phone, phone_e164, is_primary, source)
     SELECT 'ciphone_' || c.id, c.id, c.phone, c.phone, true, 'backfill'
       FROM customer c WHERE c.deleted_at IS NULL AND c.phone IS NOT NULL`
  )
}

/**
 * What a backfill of the orders of `seedCoreOrders` writes, set-based: an
 * order contact per order, resolved to its customer's canonical customer
 * (guest orders by their email), and the order stats of every link.
 */
export async function insertOrderContacts(db: Db) {
  await db.raw(
    `INSERT INTO customer_identity_order_contact
       (id, order_id, customer_id, canonical_customer_id, email, matched_by, placed_at, canceled_at)
     SELECT 'cioc_' || o.id, o.id, o.customer_id, coalesce(l.canonical_customer_id, e.customer_id),
            o.email, CASE WHEN o.customer_id IS NULL THEN 'email' ELSE 'customer' END,
            o.created_at, o.canceled_at
       FROM "order" o
       LEFT JOIN customer_identity_link l ON l.customer_id = o.customer_id AND l.deleted_at IS NULL
       LEFT JOIN customer_identity_email e
              ON o.customer_id IS NULL AND e.email_normalized = lower(trim(o.email)) AND e.deleted_at IS NULL`
  )
  await db.raw(
    `UPDATE customer_identity_link l
        SET order_count = s.order_count, first_order_at = s.first_order_at, last_order_at = s.last_order_at
       FROM (SELECT canonical_customer_id,
                    count(*) FILTER (WHERE canceled_at IS NULL)::int AS order_count,
                    min(placed_at) FILTER (WHERE canceled_at IS NULL) AS first_order_at,
                    max(placed_at) FILTER (WHERE canceled_at IS NULL) AS last_order_at
               FROM customer_identity_order_contact WHERE deleted_at IS NULL
              GROUP BY canonical_customer_id) s
      WHERE l.customer_id = s.canonical_customer_id`
  )
}

/**
 * What the plugin adds later on top of a backfill: a secondary email per
 * customer, a second phone for every other one and three order contacts
 * each. Every 100th customer's third order was placed with the next
 * customer's phone typed without its country code (a shared phone).
 */
async function seedIdentityExtras(db: Db) {
  const number = `substr(c.id, 10)::int`
  await db.raw(
    `INSERT INTO customer_identity_email (id, customer_id, email, email_normalized, source)
     SELECT 'ciemail2_' || c.id, c.id, e.email, e.email, 'manual'
       FROM customer c,
            LATERAL (SELECT CASE WHEN ${number} % 50 = 1
                                 THEN 'benchc' || (${number} - 1) || '@gmail.com'
                                 ELSE 'c' || ${number} || '.alt@bench.example' END AS email) e`
  )
  await db.raw(
    `INSERT INTO customer_identity_phone (id, customer_id, phone, phone_e164, source)
     SELECT 'ciphone2_' || c.id, c.id, p.phone, p.phone, 'manual'
       FROM customer c, LATERAL (SELECT '+1' || (3000000000 + ${number}) AS phone) p
      WHERE ${number} % 2 = 0`
  )
  await db.raw(
    `INSERT INTO customer_identity_order_contact
       (id, order_id, customer_id, canonical_customer_id, email, phone, matched_by, placed_at)
     SELECT 'cioc_' || c.id || '_' || k, 'order_' || c.id || '_' || k, c.id, c.id, c.email,
            CASE WHEN k = 3 AND ${number} % 100 = 0 THEN (2000000000 + ${number} + 1)::text
                 ELSE c.phone END,
            'customer', c.created_at + make_interval(days => k)
       FROM customer c, generate_series(1, 3) AS k`
  )
  await db.raw(`ANALYZE ${IDENTITY_TABLES.join(", ")}`)
}

/**
 * The data set of the lookup, find-or-create and duplicate benchmarks:
 * `BENCH_N` customers with about 2 emails, 1.5 phones and 3 order contacts
 * each, seeded once per run with set-based SQL, not through workflows.
 */
export function seedDataset(app: BenchApp): Promise<void> {
  dataset ??= (async () => {
    const db = database(app)
    const started = Date.now()
    await truncateCustomers(db)
    await seedCoreCustomers(db, BENCH_N)
    await insertIdentityRows(db)
    await seedIdentityExtras(db)
    console.log(
      `[bench] seeded ${BENCH_N} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`
    )
  })()
  return dataset
}
