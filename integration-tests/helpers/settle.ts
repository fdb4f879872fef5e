import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

const TABLES = [
  "customer_identity_link",
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_order_contact",
]

/**
 * Waits until no subscriber is still writing identity rows: the tables have
 * not changed for a few polls in a row. Call it after each test, so that a
 * test's late subscriber never writes into the next test's fresh database.
 */
export async function settleSubscribers(
  container: MedusaContainer,
  { quietPolls = 4, interval = 150, timeout = 10_000 } = {}
) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const fingerprint = async () => {
    const parts = await Promise.all(
      TABLES.map(async (table) => {
        const [row] = await knex(table).select(
          knex.raw("count(*) AS n, max(updated_at) AS at")
        )
        return `${row.n}:${row.at}`
      })
    )
    return parts.join("|")
  }
  const deadline = Date.now() + timeout
  let last = await fingerprint()
  let quiet = 0
  while (quiet < quietPolls && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, interval))
    const next = await fingerprint()
    quiet = next === last ? quiet + 1 : 0
    last = next
  }
}
