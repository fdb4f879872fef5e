import {
  DEFAULT_BACKFILL_BATCH_SIZE,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../src/workflows"
import { Benchmark } from "./lib/benchmark"
import { mib, peakRss, time } from "./lib/measure"
import { loadAverage, machineDescription } from "./lib/report"
import {
  BENCH_N,
  clearCustomers,
  clearIdentity,
  clearOrders,
  database,
  insertIdentityRows,
  insertOrderContacts,
  seedCoreCustomers,
  seedCoreOrders,
} from "./lib/seed"

const TARGETS = { rate: 10_000, ofRaw: 0.3 }

/** Rows per second, rounded. */
const rate = (rows: number, ms: number) =>
  Math.round((rows / ms) * 1000).toLocaleString("en")

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * The backfill driver over pre-plugin customers and orders against one
 * hand-written set-based INSERT … SELECT per table writing the same rows, at
 * N/10 and N.
 */
const backfillThroughput: Benchmark = {
  id: "backfill",
  section: {
    heading: "## Backfill throughput",
    intro: `
How fast the backfill driver (\`runCustomerIdentityBackfill\`, \`src/workflows/backfill/run-customer-identity-backfill.ts\`)
indexes a store that had customers and orders before the plugin. \`bench/backfill-throughput.ts\` empties the customer
and order tables, seeds core \`customer\` rows (\`seedCoreCustomers\` in \`bench/lib/seed.ts\`: an email and a phone
each, a third of them accounts) and one core \`order\` row per customer (\`seedCoreOrders\`: the customer's email
in upper case, every 10th a guest order without a customer id that the backfill matches by email, every 20th
canceled; no addresses, line items or admin users), and runs a backfill with the default batch size
(${DEFAULT_BACKFILL_BATCH_SIZE}): the customers phase (links, primary emails and phones) then the orders phase (an order contact per order, and
the order stats of the customers they count for). The phases are timed apart (the orders phase from the last
customers batch to the end). Then it empties the identity tables and writes the same rows with hand-written
\`INSERT … SELECT\` statements (\`insertIdentityRows\`, then \`insertOrderContacts\`: one per table and one \`UPDATE\`
for the stats), the fastest Postgres can do it. It does this at \`BENCH_N\`/10 and at \`BENCH_N\` customers; the peak
RSS of the benchmark process (\`process.memoryUsage().rss\` every 50 ms during the driver's run) shows whether memory
grows with the size. Targets: at least ${TARGETS.rate.toLocaleString("en")} customers/s, and at least ${TARGETS.ofRaw}× the raw SQL's rate.
`,
  },

  async run(app) {
    const db = database(app)
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const rows: string[] = []
    let last = { driver: 0, raw: 0 }
    let customerRate = 0
    for (const n of [Math.round(BENCH_N / 10), BENCH_N]) {
      await clearCustomers(db)
      await clearOrders(db)
      await seedCoreCustomers(db, n)
      await seedCoreOrders(db)
      let processed = 0
      let customersDone = 0
      const started = performance.now()
      const {
        result: driver,
        before,
        peak,
      } = await peakRss(() =>
        time(async () => {
          const run = await startCustomerIdentityBackfill(app.container)
          processed = (
            await runCustomerIdentityBackfill(app.container, run.id, {
              onProgress: (progress) => {
                if (progress.phase === "customers") {
                  customersDone = performance.now() - started
                }
              },
            })
          ).processed
        })
      )
      if (processed < 2 * n) {
        throw new Error(
          `The backfill processed ${processed} of ${2 * n} customers and orders`
        )
      }
      await clearIdentity(db)
      const rawCustomers = await time(() => insertIdentityRows(db))
      const rawOrders = await time(() => insertOrderContacts(db))
      const raw = rawCustomers + rawOrders
      const driverOrders = driver - customersDone
      last = { driver, raw }
      console.log(
        `[bench] backfill of ${n} customers and orders: driver ${seconds(customersDone)} + ${seconds(driverOrders)}, raw ${seconds(rawCustomers)} + ${seconds(rawOrders)}`
      )
      rows.push(
        `| ${n.toLocaleString("en")} | ${seconds(customersDone)} | ${rate(n, customersDone)} | ${seconds(driverOrders)} | ${rate(n, driverOrders)} | ${seconds(rawCustomers)} | ${rate(n, rawCustomers)} | ${seconds(rawOrders)} | ${rate(n, rawOrders)} | ${(raw / driver).toFixed(3)}× | ${mib(before)} | ${mib(peak)} |`
      )
      customerRate = (n / customersDone) * 1000
    }
    // The lookup, find-or-create and duplicate benchmarks seed their own data.
    await clearCustomers(db)
    await clearOrders(db)

    const perSecond = customerRate
    const ofRaw = last.raw / last.driver
    const met = (ok: boolean) => (ok ? "met" : "not met")
    return {
      heading: `### Up to ${BENCH_N.toLocaleString("en")} customers`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_N=${BENCH_N} npm run bench\` (\`BENCH_ONLY=backfill\` for this one).
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

| Customers (and orders) | driver, customers | customers/s | driver, orders | orders/s | raw SQL, customers | customers/s | raw SQL, orders | orders/s | driver/raw rate (both) | RSS before | peak RSS |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

At ${BENCH_N.toLocaleString("en")}: ${Math.round(perSecond).toLocaleString("en")} customers/s (target at least ${TARGETS.rate.toLocaleString("en")}: ${met(
        perSecond >= TARGETS.rate
      )}), ${ofRaw.toFixed(3)}× the raw SQL's rate over customers and orders (target at least ${TARGETS.ofRaw}×: ${met(ofRaw >= TARGETS.ofRaw)}).
`,
    }
  },
}

export default backfillThroughput
