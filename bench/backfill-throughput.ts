import {
  DEFAULT_BACKFILL_BATCH_SIZE,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../src/workflows/customer-identity"
import { Benchmark } from "./lib/benchmark"
import { mib, peakRss, time } from "./lib/measure"
import { loadAverage, machineDescription } from "./lib/report"
import {
  BENCH_N,
  clearCustomers,
  clearIdentity,
  database,
  insertIdentityRows,
  seedCoreCustomers,
} from "./lib/seed"

const TARGETS = { rate: 10_000, ofRaw: 0.3 }

/** Rows per second, rounded. */
const rate = (rows: number, ms: number) =>
  Math.round((rows / ms) * 1000).toLocaleString("en")

/**
 * The backfill driver over pre-plugin customers against one hand-written
 * set-based INSERT … SELECT per table writing the same rows, at N/10 and N.
 */
const backfillThroughput: Benchmark = {
  id: "backfill",
  section: {
    heading: "## Backfill throughput",
    intro: `
How fast the backfill driver (\`runCustomerIdentityBackfill\`, \`src/workflows/customer-identity/utils/backfill.ts\`)
indexes a store that had customers before the plugin. \`bench/backfill-throughput.ts\` empties the customer tables,
seeds core \`customer\` rows only (\`seedCoreCustomers\` in \`bench/lib/seed.ts\`: an email and a phone each, a
third of them accounts), and runs a backfill of them with the default batch size (${DEFAULT_BACKFILL_BATCH_SIZE}); then
it empties the identity tables and writes the same links, primary emails and primary phones with one
hand-written \`INSERT … SELECT\` per table (\`insertIdentityRows\`), the fastest Postgres can do it. There are no
orders and no admin users: the orders and users phases find nothing, so this measures the customers phase
(orders would cost seeding core's order, address and line-item tables, left out for time). It does this at
\`BENCH_N\`/10 and at \`BENCH_N\` customers; the peak RSS of the benchmark process (\`process.memoryUsage().rss\`
every 50 ms during the driver's run) shows whether memory grows with the size. Targets: at least
${TARGETS.rate.toLocaleString("en")} customers/s, and at least ${TARGETS.ofRaw}× the raw SQL's rate.
`,
  },

  async run(app) {
    const db = database(app)
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const rows: string[] = []
    let last = { driver: 0, raw: 0 }
    for (const n of [Math.round(BENCH_N / 10), BENCH_N]) {
      await clearCustomers(db)
      await seedCoreCustomers(db, n)
      let processed = 0
      const {
        result: driver,
        before,
        peak,
      } = await peakRss(() =>
        time(async () => {
          const run = await startCustomerIdentityBackfill(app.container)
          processed = (await runCustomerIdentityBackfill(app.container, run.id))
            .processed
        })
      )
      if (processed < n) {
        throw new Error(`The backfill processed ${processed} of ${n} customers`)
      }
      await clearIdentity(db)
      const raw = await time(() => insertIdentityRows(db))
      last = { driver, raw }
      console.log(
        `[bench] backfill of ${n}: driver ${(driver / 1000).toFixed(1)} s, raw ${(raw / 1000).toFixed(1)} s`
      )
      rows.push(
        `| ${n.toLocaleString("en")} | ${(driver / 1000).toFixed(1)} s | ${rate(n, driver)} | ${(raw / 1000).toFixed(1)} s | ${rate(n, raw)} | ${(raw / driver).toFixed(3)}× | ${mib(before)} | ${mib(peak)} |`
      )
    }
    // The lookup, find-or-create and duplicate benchmarks seed their own data.
    await clearCustomers(db)

    const perSecond = (BENCH_N / last.driver) * 1000
    const ofRaw = last.raw / last.driver
    const met = (ok: boolean) => (ok ? "met" : "not met")
    return {
      heading: `### Up to ${BENCH_N.toLocaleString("en")} customers`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_N=${BENCH_N} npm run bench\` (\`BENCH_ONLY=backfill\` for this one).
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

| Customers | driver | driver customers/s | raw SQL | raw customers/s | driver/raw rate | RSS before | peak RSS |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

At ${BENCH_N.toLocaleString("en")}: ${Math.round(perSecond).toLocaleString("en")} customers/s (target at least ${TARGETS.rate.toLocaleString("en")}: ${met(
        perSecond >= TARGETS.rate
      )}), ${ofRaw.toFixed(3)}× the raw SQL's rate (target at least ${TARGETS.ofRaw}×: ${met(ofRaw >= TARGETS.ofRaw)}).
`,
    }
  },
}

export default backfillThroughput
