import { performance } from "perf_hooks"
import { Benchmark } from "./lib/benchmark"
import { cpuBetween, CpuUse, sampleCpu } from "./lib/cpu"
import { ms } from "./lib/measure"
import { loadAverage, machineDescription, percentile } from "./lib/report"
import {
  APPS,
  App,
  Checkouts,
  drive,
  Lag,
  Mode,
  warmUp,
  withStockApps,
} from "./lib/stock-apps"

const SHOPPERS = Number(process.env.BENCH_SHOPPERS || 16)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS || 120)
// Events a Redis worker takes at once (the event bus's workerOptions.concurrency).
const CONCURRENCY = Number(process.env.BENCH_EVENT_CONCURRENCY || 10)
const TARGETS = { throughput: 0.95, p95: 1.1, lag: 2000, drain: 10_000 }

interface Phase extends Checkouts {
  // Checkouts done within the timed window, the one each shopper was running
  // when it ended counted by the part of it inside: shoppers that start
  // together stay nearly in step, and whole orders quantise the rate.
  inWindow: number
  /** Spent within the timed window. */
  cpu: CpuUse
  lag?: Lag
  lagAfterAnswer?: Lag
  drain?: number
}

const log = (message: string) => console.log(`[bench] load: ${message}`)

/**
 * A storefront under load: K shoppers checking out at once through the store
 * API of a stock Medusa app, without and with the plugin.
 */
const storefrontLoad: Benchmark = {
  id: "load",
  standalone: true,
  section: {
    heading: "## Storefront under load (core alone vs core + plugin)",
    intro: `
What a store with the plugin sustains while many shoppers check out at once, next to the same store without it.
\`bench/storefront-load.ts\` packs the plugin (\`medusa plugin:build\`, \`npm pack\`) and makes two stock Medusa apps
in scratch directories (\`scripts/lib/scratch-app.js\`, the packed suite's): one with \`plugins: []\`, one with
the tarball installed and \`plugins: [{ resolve: "medusa-plugin-customer-identity", options: {} }]\`, each on a
database of its own on the same Postgres server, migrated and seeded with a region, a product and a shipping
option. Each app is run with \`medusa start\` (\`NODE_ENV=development\`, \`LOG_LEVEL=error\`), in memory (one
process: in-memory event bus, workflow engine and locking) and on Redis (Medusa's Redis event bus, workflow engine
and locking; one server process that the shoppers call and one worker process that runs the subscribers, the event
bus worker taking \`BENCH_EVENT_CONCURRENCY\` events at once). \`BENCH_SHOPPERS\` shoppers then check out for
\`BENCH_LOAD_SECONDS\` seconds each, one checkout after another, through the store API as a storefront does
(cart, line item, email and addresses, shipping method, payment session, complete): in turn a new guest, a
returning guest (the same person in another casing of the email and another format of the phone each time) and a
logged-in account (registered before the load). After three untimed checkouts per shopper (one of each kind), the phase is timed: orders/s
counts the checkouts done within the \`BENCH_LOAD_SECONDS\` window (the checkouts running when it ends are finished
and timed, and count by the part of them inside the window: shoppers that start together stay nearly in step, and
counting whole orders would quantise the rate), and each checkout's duration from creating the cart to the placed order. For the plugin: the
lag from an order's \`created_at\` to its contact's, and from the moment the checkout's answer reached the shopper
(core's cart completion goes on after the order's row, and emits \`order.placed\` at its end), and how long after
the last checkout the last contact was recorded. For each phase, the CPU time the app's processes (server and
worker) and Postgres's processes spent per order placed within the window (\`/proc\`), and how busy the machine was:
on a saturated machine orders/s falls with the CPU each order costs. The core app and the plugin app run one after the other, each alone on the machine. Targets: at least
${TARGETS.throughput}× core's orders/s, checkout p95 at most ${TARGETS.p95}× core's, lag p95 at most ${TARGETS.lag / 1000} s,
backlog drained within ${TARGETS.drain / 1000} s.
`,
  },

  async run() {
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const started = Date.now()
    const results: Partial<Record<`${Mode}:${App}`, Phase>> = {}
    const modes = await withStockApps(log, async (apps) => {
      for (const mode of apps.modes) {
        for (const app of APPS) {
          const running = await apps.start(app, mode, {
            shoppers: SHOPPERS,
            concurrency: CONCURRENCY,
          })
          try {
            const fixture = apps.fixtures[app]
            log(`${mode}, ${app}: warm-up round`)
            const first = await warmUp(running, fixture)
            log(`${mode}, ${app}: ${SHOPPERS} shoppers for ${SECONDS} s`)
            const end = performance.now() + SECONDS * 1000
            const cpuAtStart = sampleCpu(running.pids)
            let cpuAtEnd = cpuAtStart
            const windowEnds = setTimeout(
              () => (cpuAtEnd = sampleCpu(running.pids)),
              SECONDS * 1000
            )
            const phase = await drive(running, fixture, { first, until: end })
            clearTimeout(windowEnds)
            const stoppedAt = Date.now()
            results[`${mode}:${app}`] = {
              ...phase,
              cpu: cpuBetween(cpuAtStart, cpuAtEnd),
              inWindow: phase.orders.reduce(
                (done, { placed, elapsed }) =>
                  done +
                  Math.min(1, Math.max(0, (end - placed + elapsed) / elapsed)),
                0
              ),
              ...(app === "plugin"
                ? await apps.lagOf(phase.orders, stoppedAt)
                : {}),
            }
            log(
              `${mode}, ${app}: ${phase.orders.length} orders, ${phase.failures.length} failed`
            )
          } finally {
            await running.stop()
          }
        }
      }
      return apps.modes
    })

    const rows: string[] = []
    const verdicts: string[] = []
    const met = (ok: boolean) => (ok ? "met" : "not met")
    for (const mode of modes) {
      const core = results[`${mode}:core`]!
      const rate = (phase: Phase) => phase.inWindow / SECONDS
      const p = (phase: Phase, q: number) =>
        percentile(
          phase.orders.map((order) => order.elapsed),
          q
        )
      // CPU milliseconds per order placed within the window.
      const perOrder = (phase: Phase, seconds: number) =>
        (seconds * 1000) / phase.inWindow
      const lag = (value?: Lag) =>
        value ? `${ms(value.p50)} / ${ms(value.p95)}` : "–"
      for (const app of APPS) {
        const phase = results[`${mode}:${app}`]!
        rows.push(
          `| ${mode === "memory" ? "In memory" : `Redis (concurrency ${CONCURRENCY})`} | ${app === "core" ? "core alone" : "core + plugin"} | ${phase.orders.length} | ${phase.failures.length} | ${rate(phase).toFixed(1)} | ${(rate(phase) / rate(core)).toFixed(2)}× | ${ms(p(phase, 50))} | ${ms(p(phase, 95))} | ${(p(phase, 95) / p(core, 95)).toFixed(2)}× | ${ms(perOrder(phase, phase.cpu.apps))} + ${ms(perOrder(phase, phase.cpu.postgres))} | ${(phase.cpu.busy * 100).toFixed(0)} % | ${lag(phase.lag)} | ${lag(phase.lagAfterAnswer)} | ${phase.drain === undefined ? "–" : `${(phase.drain / 1000).toFixed(1)} s`} |`
        )
      }
      const plugin = results[`${mode}:plugin`]!
      const cpuPerOrder = (phase: Phase) =>
        perOrder(phase, phase.cpu.apps + phase.cpu.postgres)
      const throughput = rate(plugin) / rate(core)
      const p95 = p(plugin, 95) / p(core, 95)
      verdicts.push(
        `${mode === "memory" ? "In memory" : "On Redis"}: orders/s ${throughput.toFixed(2)}× core's (target at least ${TARGETS.throughput}×: ${met(throughput >= TARGETS.throughput)}), checkout p95 ${p95.toFixed(2)}× (at most ${TARGETS.p95}×: ${met(p95 <= TARGETS.p95)}), lag p95 ${ms(plugin.lag!.p95)} (at most ${TARGETS.lag / 1000} s: ${met(plugin.lag!.p95 <= TARGETS.lag)}), drained ${(plugin.drain! / 1000).toFixed(1)} s after the load (within ${TARGETS.drain / 1000} s: ${met(plugin.drain! <= TARGETS.drain)}). The plugin's store spent ${(cpuPerOrder(plugin) / cpuPerOrder(core)).toFixed(2)}× core's CPU per order (apps and Postgres), with the machine ${(plugin.cpu.busy * 100).toFixed(0)} % busy.`
      )
    }
    const failures = Object.entries(results).flatMap(([name, phase]) =>
      phase!.failures.slice(0, 3).map((failure) => `- ${name}: ${failure}`)
    )
    return {
      heading: `### ${SHOPPERS} shoppers, ${SECONDS} s per phase`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_SHOPPERS=${SHOPPERS} BENCH_LOAD_SECONDS=${SECONDS} BENCH_EVENT_CONCURRENCY=${CONCURRENCY} npm run bench\` (\`BENCH_ONLY=load\` for this one), ${Math.round((Date.now() - started) / 1000)} s.
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.${modes.length === 1 ? "\nNo Redis answered: in memory only." : ""}

| Mode | App | Orders | Failed | Orders/s | of core | Checkout p50 | p95 | p95 of core | CPU per order: app + Postgres | Machine busy | Lag p50 / p95 | after the answer | Drained after |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

${verdicts.join("\n")}
${failures.length ? `\nFirst failed checkouts:\n${failures.join("\n")}\n` : ""}`,
    }
  },
}

export default storefrontLoad
