import { Benchmark } from "./lib/benchmark"
import { ms } from "./lib/measure"
import { loadAverage, machineDescription, percentile } from "./lib/report"
import { App, drive, warmUp, withStockApps } from "./lib/stock-apps"

const ROUNDS = Number(process.env.BENCH_SINGLE_ROUNDS || 10)
const PER_ROUND = Number(process.env.BENCH_SINGLE_CHECKOUTS || 20)
const TARGET = 1.03

const log = (message: string) => console.log(`[bench] single: ${message}`)

/**
 * One shopper at a time on a stock app with and without the plugin, the two
 * taking turns so that a drift of the machine hits both alike.
 */
const singleShopper: Benchmark = {
  id: "single",
  standalone: true,
  section: {
    heading:
      "## One shopper at a time (core alone vs core + plugin, alternating)",
    intro: `
What the plugin adds to a checkout when nothing else runs. \`bench/single-shopper.ts\` makes the same two stock apps as
the load benchmark (\`bench/lib/stock-apps.ts\`: core alone, and core + the packed plugin with \`options: {}\`, each on
a database of its own on one Postgres server) and runs both at once, in memory (the defaults of a new app: in-memory
event bus, workflow engine and locking). One shopper checks out through the store API as a storefront does (cart,
line item, email and addresses, shipping method, payment session, complete), in turn a new guest, a returning guest
in another casing and phone format and a logged-in account. After \`3 × 3\` untimed checkouts on each app, it runs
\`BENCH_SINGLE_ROUNDS\` rounds of \`BENCH_SINGLE_CHECKOUTS\` checkouts on each app one after the other, core first in
even rounds and the plugin first in odd ones; after the plugin's turn it waits until every order of the turn has its
contact, so that no subscriber of the plugin runs during core's turn (within its own turn, an order's subscribers run
while the next checkout does, as on a store). Each checkout is timed from creating the cart to the placed order.
Target: the plugin's p50 at most ${TARGET}× core's.
`,
  },

  async run() {
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const started = Date.now()
    const elapsed: Record<App, number[]> = { core: [], plugin: [] }
    const roundRatios: number[] = []
    await withStockApps(log, async (apps) => {
      const running = {
        core: await apps.start("core", "memory", {
          shoppers: 1,
          concurrency: 1,
        }),
        plugin: await apps.start("plugin", "memory", {
          shoppers: 1,
          concurrency: 1,
        }),
      }
      try {
        const next = { core: 0, plugin: 0 }
        for (const app of ["core", "plugin"] as const) {
          log(`${app}: warm-up`)
          next[app] = await warmUp(running[app], apps.fixtures[app], 3)
        }
        for (let round = 0; round < ROUNDS; round++) {
          const turns: App[] =
            round % 2 ? ["plugin", "core"] : ["core", "plugin"]
          const p50s = {} as Record<App, number>
          for (const app of turns) {
            const { orders, failures } = await drive(
              running[app],
              apps.fixtures[app],
              { first: next[app], count: PER_ROUND }
            )
            if (failures.length) {
              throw new Error(`${app}, round ${round}: ${failures[0]}`)
            }
            next[app] += PER_ROUND
            const times = orders.map((order) => order.elapsed)
            elapsed[app].push(...times)
            p50s[app] = percentile(times, 50)
            if (app === "plugin") {
              await apps.lagOf(orders, Date.now())
            }
          }
          roundRatios.push(p50s.plugin / p50s.core)
          log(
            `round ${round + 1}/${ROUNDS}: core p50 ${ms(p50s.core)}, plugin ${ms(p50s.plugin)}`
          )
        }
      } finally {
        await running.core.stop()
        await running.plugin.stop()
      }
    })

    const p = (app: App, q: number) => percentile(elapsed[app], q)
    const ratio = p("plugin", 50) / p("core", 50)
    const row = (app: App) =>
      `| ${app === "core" ? "core alone" : "core + plugin"} | ${elapsed[app].length} | ${ms(p(app, 50))} | ${ms(p(app, 95))} | ${(p(app, 50) / p("core", 50)).toFixed(3)}× |`
    return {
      heading: `### ${ROUNDS} rounds of ${PER_ROUND} checkouts`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_SINGLE_ROUNDS=${ROUNDS} BENCH_SINGLE_CHECKOUTS=${PER_ROUND} npm run bench\` (\`BENCH_ONLY=single\` for this one), ${Math.round((Date.now() - started) / 1000)} s.
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

| App | Checkouts | p50 | p95 | p50 of core |
| --- | --- | --- | --- | --- |
${row("core")}
${row("plugin")}

The plugin's p50 over core's, round by round: ${roundRatios.map((value) => `${value.toFixed(2)}×`).join(", ")} (median ${percentile(roundRatios, 50).toFixed(3)}×).
Checkout p50 ${ratio.toFixed(3)}× core's (target at most ${TARGET}×: ${ratio <= TARGET ? "met" : "not met"}).
`,
    }
  },
}

export default singleShopper
