import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { performance } from "perf_hooks"
import { BenchApp } from "./lib/app"
import { Benchmark } from "./lib/benchmark"
import { loadAverage, machineDescription } from "./lib/report"
import { BENCH_N, randomCustomer, seedDataset, seeded } from "./lib/seed"

const ORDERS = Number(process.env.BENCH_ORDERS || 5000)
const WARMUP = 100
// Orders whose order.placed is out and whose contact is not recorded yet.
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT || 100)
const CREATE_BATCH = 100
const TARGET = 200
// The Redis event bus worker's concurrency, as medusa-config.ts reads it.
const CONCURRENCY = Number(process.env.EVENT_BUS_CONCURRENCY || 10)

type Knex = {
  raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }>
}

/**
 * Creates `count` orders through the Order module, each by a random seeded
 * customer with its email and its phone on the billing address, as core
 * checkout leaves them (it always sets the customer).
 */
async function createOrders(app: BenchApp, count: number) {
  const orders = app.container.resolve(Modules.ORDER)
  const ids: string[] = []
  for (let done = 0; done < count; done += CREATE_BATCH) {
    const batch = Array.from(
      { length: Math.min(CREATE_BATCH, count - done) },
      () => {
        const i = randomCustomer(BENCH_N)
        return {
          currency_code: "usd",
          customer_id: `cus_bench${String(i).padStart(8, "0")}`,
          email: seeded.email(i),
          billing_address: { phone: seeded.phone(i), country_code: "us" },
        }
      }
    )
    ids.push(...(await orders.createOrders(batch)).map((order) => order.id))
  }
  return ids
}

/**
 * Emits order.placed for `ids`, never more than IN_FLIGHT ahead of the
 * recorded contacts, and returns the seconds until every contact is recorded.
 */
async function placeAll(app: BenchApp, ids: string[]) {
  const eventBus = app.container.resolve(Modules.EVENT_BUS)
  const knex = app.container.resolve<Knex>(
    ContainerRegistrationKeys.PG_CONNECTION
  )
  // Only the orders emitted and not yet seen recorded are looked up (by the
  // unique index): a poll's cost stays that of at most IN_FLIGHT ids, whatever
  // the number of orders or of contacts already in the table.
  let emitted = 0
  const pending = new Set<string>()
  const recorded = async () => {
    const { rows } = await knex.raw(
      `SELECT order_id FROM customer_identity_order_contact
        WHERE order_id = ANY(?) AND deleted_at IS NULL`,
      [[...pending]]
    )
    for (const row of rows) {
      pending.delete(row.order_id)
    }
    return emitted - pending.size
  }
  const started = performance.now()
  let done = 0
  let progressAt = Date.now()
  while (done < ids.length) {
    const room = Math.min(IN_FLIGHT - (emitted - done), ids.length - emitted)
    if (room > 0) {
      const batch = ids.slice(emitted, emitted + room)
      batch.forEach((id) => pending.add(id))
      await eventBus.emit(
        batch.map((id) => ({ name: "order.placed", data: { id } }))
      )
      emitted += room
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    const now = await recorded()
    if (now > done) {
      progressAt = Date.now()
    } else if (Date.now() - progressAt > 60_000) {
      throw new Error(`Order contacts stalled at ${done} of ${ids.length}`)
    }
    done = now
  }
  return (performance.now() - started) / 1000
}

/**
 * Sustained order.placed handling: orders of seeded customers placed with
 * a bounded backlog, until every order contact is recorded.
 */
const orderThroughput: Benchmark = {
  id: "orders",
  section: {
    heading: "## Order contacts (order.placed throughput)",
    intro: `
How many placed orders per second the plugin turns into order contacts. \`bench/order-throughput.ts\` creates
\`BENCH_ORDERS\` orders through the Order module (\`createOrders\`, in batches of ${CREATE_BATCH}, not timed), each by a
random customer of the data set of \`BENCH_N\` customers (\`bench/lib/seed.ts\`) with that customer's email and its
phone on the billing address, as core checkout leaves an order (it always sets the customer). It then emits
\`order.placed\` for them through the app's event bus, keeping at most \`BENCH_IN_FLIGHT\` orders emitted but not
yet recorded, and times from the first emit until every order has its contact in \`customer_identity_order_contact\`
(polled every 20 ms for the orders emitted and not yet seen recorded). Each event runs the plugin's subscriber:
the order's customer is known and owns its email and phone, so \`recordKnownOrderContact\` reads the order and
records the contact and the customer's recomputed stats in one statement (an order of anyone else takes
\`recordOrderContactWorkflow\`). ${WARMUP} orders are placed first as a warm-up. The in-memory event bus runs every
delivered event's subscribers at once; the Redis bus hands them to its BullMQ worker in this process, which takes
\`EVENT_BUS_CONCURRENCY\` jobs at a time (\`medusa-config.ts\`; stated with each Redis figure). The target is at
least ${TARGET} orders/s on 2 cores.
`,
  },

  async run(app) {
    await seedDataset(app)
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const redis = process.env.REDIS_URL

    await placeAll(app, await createOrders(app, WARMUP))
    const ids = await createOrders(app, ORDERS)
    const seconds = await placeAll(app, ids)
    const rate = ORDERS / seconds

    return {
      heading: `### ${redis ? `Redis event bus (worker concurrency ${CONCURRENCY})` : "In-memory event bus"}, ${BENCH_N.toLocaleString("en")} customers`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`${redis ? `REDIS_URL=${redis} EVENT_BUS_CONCURRENCY=${CONCURRENCY} ` : ""}BENCH_N=${BENCH_N} BENCH_ORDERS=${ORDERS} BENCH_IN_FLIGHT=${IN_FLIGHT} npm run bench\` (\`BENCH_ONLY=orders\` for this one).
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

${ORDERS.toLocaleString("en")} orders recorded in ${seconds.toFixed(1)} s: ${rate.toFixed(0)} orders/s (target at least ${TARGET}: ${
        rate >= TARGET ? "met" : "not met"
      }).
`,
    }
  },
}

export default orderThroughput
