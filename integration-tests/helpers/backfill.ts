import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { settleSubscribers } from "./settle"

/** Midnight UTC of a day of January 2026. */
export const day = (n: number) => new Date(Date.UTC(2026, 0, n))

/** The customers `insertPrePluginData` writes. */
export const PRE_PLUGIN_CUSTOMER_IDS = [
  "cus_bf_01",
  "cus_bf_02",
  "cus_bf_03",
  "cus_bf_04",
  "cus_bf_05",
]

/**
 * Core rows written before the plugin was installed: guests with the
 * email in several cases, an account with the same email, phones in
 * several formats, orders with and without a customer.
 */
export async function insertPrePluginData(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await knex.raw(
    `INSERT INTO customer (id, email, phone, has_account, created_at) VALUES
       ('cus_bf_01', 'Jane@Example.com', '(555) 010-2030', false, ?),
       ('cus_bf_02', ' jane@example.com', '555.010.2030', false, ?),
       ('cus_bf_03', 'JANE@example.com', '+1 555 010 9999', true, ?),
       ('cus_bf_04', 'bob@example.com', '+44 20 7946 0958', false, ?),
       ('cus_bf_05', 'not an email', '12', false, ?)`,
    [day(1), day(2), day(3), day(4), day(5)]
  )
  await knex.raw(
    `INSERT INTO "user" (id, email, first_name, last_name) VALUES
       ('user_bf_01', 'Bob@Example.com', 'Bob', 'Builder')`
  )
  await knex.raw(
    `INSERT INTO order_address (id, phone, country_code) VALUES
       ('oaddr_bf_04', '020 7946 0958', 'gb')`
  )
  await knex.raw(
    `INSERT INTO "order" (id, customer_id, email, currency_code, status, billing_address_id, created_at, canceled_at) VALUES
       ('order_bf_01', 'cus_bf_01', 'Jane@Example.com', 'usd', 'pending', NULL, ?, NULL),
       ('order_bf_02', 'cus_bf_02', 'jane@example.com', 'usd', 'pending', NULL, ?, NULL),
       ('order_bf_03', NULL, 'JANE@EXAMPLE.COM', 'usd', 'pending', NULL, ?, NULL),
       ('order_bf_04', NULL, 'someone@else.com', 'usd', 'pending', 'oaddr_bf_04', ?, NULL),
       ('order_bf_05', 'cus_bf_04', 'bob@example.com', 'usd', 'canceled', NULL, ?, ?),
       ('order_bf_06', NULL, 'New@Example.com', 'usd', 'pending', NULL, ?, NULL)`,
    [day(6), day(7), day(8), day(9), day(10), day(11), day(12)]
  )
}

/** No identity rows (links, emails, phones, order contacts); core rows stay. */
export async function forgetIdentityRows(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await settleSubscribers(container)
  for (const table of [
    "customer_identity_order_contact",
    "customer_identity_phone",
    "customer_identity_email",
    "customer_identity_link",
  ]) {
    await knex.raw(`DELETE FROM ${table}`)
  }
}

/** Back to pre-plugin data: no identity rows, no customer made since. */
export async function forgetIdentities(container: MedusaContainer) {
  await forgetIdentityRows(container)
  await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(`DELETE FROM customer WHERE id <> ALL(?)`, [PRE_PLUGIN_CUSTOMER_IDS])
}
