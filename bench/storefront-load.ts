import fs from "fs"
import os from "os"
import path from "path"
import { performance } from "perf_hooks"
import {
  CheckoutContact,
  CheckoutFixture,
  guestCheckout,
  registerCustomer,
} from "../integration-tests/helpers/checkout"
import { httpClient } from "../scripts/lib/http-client"
import {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  PostgresConfig,
  withClient,
} from "../scripts/lib/postgres"
import {
  DEFAULT_REDIS_URL,
  deleteKeysWithPrefix,
  redisAnswers,
  testKeyPrefix,
} from "../scripts/lib/redis"
import {
  packPlugin,
  scratchApp,
  seedScratchApp,
  startScratchApp,
} from "../scripts/lib/scratch-app"
import { Benchmark } from "./lib/benchmark"
import { ms } from "./lib/measure"
import { loadAverage, machineDescription, percentile } from "./lib/report"

const SHOPPERS = Number(process.env.BENCH_SHOPPERS || 16)
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS || 120)
// Events a Redis worker takes at once (the event bus's workerOptions.concurrency).
const CONCURRENCY = Number(process.env.BENCH_EVENT_CONCURRENCY || 10)
const DRAIN_TIMEOUT = 300_000
const TARGETS = { throughput: 0.95, p95: 1.1, lag: 2000, drain: 10_000 }

type App = "core" | "plugin"
type Mode = "memory" | "redis"

interface Phase {
  // `placed`: when the checkout returned its order (a `performance.now()`).
  orders: { id: string; elapsed: number; placed: number }[]
  failures: string[]
  // Orders placed within the timed window: the checkouts running when it
  // ends finish after it, and counting them would quantise the rate.
  inWindow: number
  lag?: { p50: number; p95: number }
  drain?: number
}

const log = (message: string) => console.log(`[bench] load: ${message}`)
const pad = (n: number, width: number) => String(n).padStart(width, "0")

/**
 * Who shopper `k` is on its `i`-th checkout: a new guest, the same returning
 * guest in another casing and phone format each time, or its account.
 */
function persona(
  tag: string,
  k: number,
  i: number,
  tokens: string[]
): CheckoutContact {
  const n = pad(k, 4)
  switch (i % 3) {
    case 0:
      return {
        email: `new.${tag}.${k}.${i}@load.example`,
        phone: `(212) 5${pad(k, 2)}-${pad(i % 10_000, 4)}`,
        firstName: "New",
        lastName: `Guest${k}x${i}`,
      }
    case 1: {
      const forms = [
        [`Returning.${tag}.${k}@Load.Example`, `+1 646 555 ${n}`],
        [`returning.${tag}.${k}@load.example`, `(646) 555-${n}`],
        [`RETURNING.${tag}.${k}@LOAD.EXAMPLE`, `646.555.${n}`],
      ]
      const [email, phone] = forms[Math.floor(i / 3) % forms.length]
      return { email, phone, firstName: "Returning", lastName: `Shopper${k}` }
    }
    default:
      return {
        email: `account.${tag}.${k}@load.example`,
        phone: `+1 718 555 ${n}`,
        firstName: "Account",
        lastName: `Holder${k}`,
        customerToken: tokens[k],
      }
  }
}

/**
 * K shoppers checking out one after another each, from their `first`
 * checkout on, until `until` (a `performance.now()`) or `count` checkouts.
 */
async function drive(
  url: string,
  fixture: CheckoutFixture,
  tag: string,
  tokens: string[],
  {
    first,
    until = Infinity,
    count = Infinity,
  }: {
    first: number
    until?: number
    count?: number
  }
): Promise<Pick<Phase, "orders" | "failures">> {
  const api = httpClient(url)
  const orders: Phase["orders"] = []
  const failures: string[] = []
  await Promise.all(
    Array.from({ length: SHOPPERS }, async (_, k) => {
      for (let i = first; i < first + count && performance.now() < until; i++) {
        const started = performance.now()
        try {
          const order = await guestCheckout(
            api,
            fixture,
            persona(tag, k, i, tokens)
          )
          const placed = performance.now()
          orders.push({ id: order.id, elapsed: placed - started, placed })
        } catch (error: any) {
          failures.push(
            `${error.message} ${JSON.stringify(error.response?.data ?? "")}`
          )
        }
      }
    })
  )
  return { orders, failures }
}

/**
 * For the plugin: from each order's placing to its contact recorded, and how
 * long after the load stopped the last contact came.
 */
async function lagOf(
  postgres: PostgresConfig,
  database: string,
  ids: string[],
  stoppedAt: number
): Promise<Pick<Phase, "lag" | "drain">> {
  const deadline = Date.now() + DRAIN_TIMEOUT
  for (;;) {
    const { rows } = await withClient(postgres, database, (client) =>
      client.query(
        `SELECT extract(epoch FROM c.created_at - o.created_at) * 1000 AS lag
           FROM "order" o
           JOIN customer_identity_order_contact c
             ON c.order_id = o.id AND c.deleted_at IS NULL
          WHERE o.id = ANY($1)`,
        [ids]
      )
    )
    if (rows.length === ids.length) {
      const lags = rows.map((row) => Number(row.lag))
      return {
        lag: { p50: percentile(lags, 50), p95: percentile(lags, 95) },
        drain: Math.max(0, Date.now() - stoppedAt),
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${ids.length - rows.length} of ${ids.length} orders have no contact ${DRAIN_TIMEOUT} ms after the load`
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

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
counts the orders placed within the \`BENCH_LOAD_SECONDS\` window (the checkouts running when it ends are finished
and timed, not counted), and each checkout's duration from creating the cart to the placed order. For the plugin: the
lag from an order's \`created_at\` to its contact's, and how long after the last checkout the last contact was
recorded. The core app and the plugin app run one after the other, each alone on the machine. Targets: at least
${TARGETS.throughput}× core's orders/s, checkout p95 at most ${TARGETS.p95}× core's, lag p95 at most ${TARGETS.lag / 1000} s,
backlog drained within ${TARGETS.drain / 1000} s.
`,
  },

  async run() {
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const started = Date.now()
    const { default: getPort } = await import("get-port")
    const work = fs.mkdtempSync(
      path.join(os.tmpdir(), "customer-identity-load-")
    )
    const postgres = await ensurePostgres({
      dataDir: path.join(work, "postgres"),
      persistent: false,
      log,
    })
    const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
    const modes: Mode[] = (await redisAnswers(redisUrl))
      ? ["memory", "redis"]
      : ["memory"]
    const stamp = Date.now()
    const databases = {
      core: `customer_identity_load_core_${stamp}`,
      plugin: `customer_identity_load_plugin_${stamp}`,
    }
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      MEDUSA_DISABLE_TELEMETRY: "true",
      LOG_LEVEL: "error",
      NODE_ENV: "development",
    }
    delete baseEnv.REDIS_URL
    delete baseEnv.NODE_OPTIONS
    const results: Partial<Record<`${Mode}:${App}`, Phase>> = {}
    try {
      log("plugin:build and npm pack")
      const tarball = packPlugin(work, baseEnv)
      const fixtures: Partial<Record<App, CheckoutFixture>> = {}
      for (const app of ["core", "plugin"] as const) {
        scratchApp(path.join(work, app), {
          tarball: app === "plugin" ? tarball : undefined,
          redis: true,
        })
        log(`migrating and seeding the ${app} app's database`)
        await createDatabase(postgres.config, databases[app])
        fixtures[app] = seedScratchApp(
          path.join(work, app),
          {
            ...baseEnv,
            DATABASE_URL: databaseUrl(postgres.config, databases[app]),
          },
          path.join(work, `${app}-fixture.json`)
        )
      }

      for (const mode of modes) {
        for (const app of ["core", "plugin"] as const) {
          const prefix = testKeyPrefix(`load-${mode}-${app}`)
          const [port, workerPort] = [await getPort(), await getPort()]
          const url = `http://localhost:${port}`
          const env: NodeJS.ProcessEnv = {
            ...baseEnv,
            DATABASE_URL: databaseUrl(postgres.config, databases[app]),
            STORE_CORS: url,
            ADMIN_CORS: url,
            AUTH_CORS: url,
            ...(mode === "redis" && {
              REDIS_URL: redisUrl,
              REDIS_KEY_PREFIX: prefix,
              EVENT_BUS_CONCURRENCY: String(CONCURRENCY),
            }),
          }
          const processes = [] as { stop(): Promise<void> }[]
          try {
            log(`${mode}, ${app}: medusa start`)
            const start = (workerMode: string, on: number) =>
              startScratchApp({
                cwd: path.join(work, app),
                port: on,
                env: { ...env, MEDUSA_WORKER_MODE: workerMode },
                logFile: path.join(work, `${mode}-${app}-${workerMode}.log`),
              })
            processes.push(
              await start(mode === "redis" ? "server" : "shared", port)
            )
            if (mode === "redis") {
              processes.push(await start("worker", workerPort))
            }
            const fixture = fixtures[app]!
            const api = httpClient(url)
            const tag = mode
            const tokens = await Promise.all(
              Array.from({ length: SHOPPERS }, async (_, k) => {
                const { token } = await registerCustomer(api, fixture, {
                  email: `account.${tag}.${k}@load.example`,
                  password: "load-secret",
                  first_name: "Account",
                  last_name: `Holder${k}`,
                })
                return token
              })
            )
            log(`${mode}, ${app}: warm-up round`)
            // Every persona once: the returning guests have ordered before.
            const warmUp = await drive(url, fixture, tag, tokens, {
              first: 0,
              count: 3,
            })
            if (warmUp.failures.length) {
              throw new Error(`warm-up: ${warmUp.failures[0]}`)
            }
            log(`${mode}, ${app}: ${SHOPPERS} shoppers for ${SECONDS} s`)
            const from = performance.now()
            const phase = await drive(url, fixture, tag, tokens, {
              first: 3,
              until: from + SECONDS * 1000,
            })
            const stoppedAt = Date.now()
            results[`${mode}:${app}`] = {
              ...phase,
              inWindow: phase.orders.filter(
                (order) => order.placed <= from + SECONDS * 1000
              ).length,
              ...(app === "plugin"
                ? await lagOf(
                    postgres.config,
                    databases[app],
                    phase.orders.map((order) => order.id),
                    stoppedAt
                  )
                : {}),
            }
            log(
              `${mode}, ${app}: ${phase.orders.length} orders, ${phase.failures.length} failed`
            )
          } finally {
            for (const instance of processes.reverse()) {
              await instance.stop()
            }
            if (mode === "redis") {
              await deleteKeysWithPrefix(redisUrl, prefix)
            }
          }
        }
      }
    } finally {
      await withClient(postgres.config, "postgres", async (client) => {
        for (const database of Object.values(databases)) {
          await client.query(
            `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`
          )
        }
      }).catch((error) => log(`could not drop the databases: ${error.message}`))
      await postgres.stop()
      fs.rmSync(work, { recursive: true, force: true })
    }

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
      for (const app of ["core", "plugin"] as const) {
        const phase = results[`${mode}:${app}`]!
        rows.push(
          `| ${mode === "memory" ? "In memory" : `Redis (concurrency ${CONCURRENCY})`} | ${app === "core" ? "core alone" : "core + plugin"} | ${phase.orders.length} | ${phase.failures.length} | ${rate(phase).toFixed(1)} | ${(rate(phase) / rate(core)).toFixed(2)}× | ${ms(p(phase, 50))} | ${ms(p(phase, 95))} | ${(p(phase, 95) / p(core, 95)).toFixed(2)}× | ${phase.lag ? `${ms(phase.lag.p50)} / ${ms(phase.lag.p95)}` : "–"} | ${phase.drain === undefined ? "–" : `${(phase.drain / 1000).toFixed(1)} s`} |`
        )
      }
      const plugin = results[`${mode}:plugin`]!
      const throughput = rate(plugin) / rate(core)
      const p95 = p(plugin, 95) / p(core, 95)
      verdicts.push(
        `${mode === "memory" ? "In memory" : "On Redis"}: orders/s ${throughput.toFixed(2)}× core's (target at least ${TARGETS.throughput}×: ${met(throughput >= TARGETS.throughput)}), checkout p95 ${p95.toFixed(2)}× (at most ${TARGETS.p95}×: ${met(p95 <= TARGETS.p95)}), lag p95 ${ms(plugin.lag!.p95)} (at most ${TARGETS.lag / 1000} s: ${met(plugin.lag!.p95 <= TARGETS.lag)}), drained ${(plugin.drain! / 1000).toFixed(1)} s after the load (within ${TARGETS.drain / 1000} s: ${met(plugin.drain! <= TARGETS.drain)}).`
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

| Mode | App | Orders | Failed | Orders/s | of core | Checkout p50 | p95 | p95 of core | Lag p50 / p95 | Drained after |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

${verdicts.join("\n")}
${failures.length ? `\nFirst failed checkouts:\n${failures.join("\n")}\n` : ""}`,
    }
  },
}

export default storefrontLoad
