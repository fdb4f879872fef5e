// Two stock Medusa apps for the storefront benchmarks: core alone and core +
// the plugin's tarball, on databases of their own on one Postgres server, and
// the shoppers that check out through their store API.
import fs from "fs"
import os from "os"
import path from "path"
import { performance } from "perf_hooks"
import {
  CheckoutContact,
  CheckoutFixture,
  guestCheckout,
  registerCustomer,
} from "../../integration-tests/helpers/checkout"
import { httpClient } from "../../scripts/lib/http-client"
import {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  withClient,
} from "../../scripts/lib/postgres"
import {
  DEFAULT_REDIS_URL,
  deleteKeysWithPrefix,
  redisAnswers,
  testKeyPrefix,
} from "../../scripts/lib/redis"
import {
  packPlugin,
  scratchApp,
  seedScratchApp,
  startScratchApp,
} from "../../scripts/lib/scratch-app"
import { percentile } from "./report"

export type App = "core" | "plugin"
export type Mode = "memory" | "redis"
export const APPS: App[] = ["core", "plugin"]

export interface Checkouts {
  // `placed`: when the checkout returned its order (a `performance.now()`).
  orders: { id: string; elapsed: number; placed: number }[]
  failures: string[]
}

export interface RunningApp {
  url: string
  /** In the shoppers' emails: the mode it runs in. */
  tag: Mode
  /** A login token per shopper, registered as `account.<tag>.<k>@load.example`. */
  tokens: string[]
  /** Its processes: the server, and on Redis the worker. */
  pids: number[]
  stop(): Promise<void>
}

export interface StockApps {
  /** memory, and redis when a Redis answers. */
  modes: Mode[]
  fixtures: Record<App, CheckoutFixture>
  /**
   * `medusa start` of `app` (on Redis a server the shoppers call and a worker
   * that takes `concurrency` events at once), with `shoppers` accounts.
   */
  start(
    app: App,
    mode: Mode,
    { shoppers, concurrency }: { shoppers: number; concurrency: number }
  ): Promise<RunningApp>
  /**
   * From each order's row, and from the checkout's answer, to its contact
   * recorded (p50/p95), and how long after `stoppedAt` (a `Date.now()`) the
   * last contact came.
   */
  lagOf(
    orders: Checkouts["orders"],
    stoppedAt: number
  ): Promise<{ lag: Lag; lagAfterAnswer: Lag; drain: number }>
}

export type Lag = { p50: number; p95: number }

const DRAIN_TIMEOUT = 300_000
const pad = (n: number, width: number) => String(n).padStart(width, "0")

/**
 * Packs the plugin, makes, migrates and seeds both apps, runs `work` with
 * them and removes everything afterwards.
 */
export async function withStockApps<T>(
  log: (message: string) => void,
  work: (apps: StockApps) => Promise<T>
): Promise<T> {
  const { default: getPort } = await import("get-port")
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-identity-apps-"))
  const postgres = await ensurePostgres({
    dataDir: path.join(dir, "postgres"),
    persistent: false,
    log,
  })
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
  const stamp = Date.now()
  const databases: Record<App, string> = {
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
  try {
    log("plugin:build and npm pack")
    const tarball = packPlugin(dir, baseEnv)
    const fixtures = {} as Record<App, CheckoutFixture>
    for (const app of APPS) {
      scratchApp(path.join(dir, app), {
        tarball: app === "plugin" ? tarball : undefined,
        redis: true,
      })
      log(`migrating and seeding the ${app} app's database`)
      await createDatabase(postgres.config, databases[app])
      fixtures[app] = seedScratchApp(
        path.join(dir, app),
        {
          ...baseEnv,
          DATABASE_URL: databaseUrl(postgres.config, databases[app]),
        },
        path.join(dir, `${app}-fixture.json`)
      )
    }

    const start: StockApps["start"] = async (
      app,
      mode,
      { shoppers, concurrency }
    ) => {
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
          EVENT_BUS_CONCURRENCY: String(concurrency),
        }),
      }
      const processes = [] as Awaited<ReturnType<typeof startScratchApp>>[]
      const stop = async () => {
        for (const instance of processes.reverse()) {
          await instance.stop()
        }
        if (mode === "redis") {
          await deleteKeysWithPrefix(redisUrl, prefix)
        }
      }
      try {
        log(`${mode}, ${app}: medusa start`)
        const launch = (workerMode: string, on: number) =>
          startScratchApp({
            cwd: path.join(dir, app),
            port: on,
            env: { ...env, MEDUSA_WORKER_MODE: workerMode },
            logFile: path.join(dir, `${mode}-${app}-${workerMode}.log`),
          })
        processes.push(
          await launch(mode === "redis" ? "server" : "shared", port)
        )
        if (mode === "redis") {
          processes.push(await launch("worker", workerPort))
        }
        const api = httpClient(url)
        const tokens = await Promise.all(
          Array.from({ length: shoppers }, async (_, k) => {
            const { token } = await registerCustomer(api, fixtures[app], {
              email: `account.${mode}.${k}@load.example`,
              password: "load-secret",
              first_name: "Account",
              last_name: `Holder${k}`,
            })
            return token
          })
        )
        return {
          url,
          tag: mode,
          tokens,
          pids: processes.map(({ child }) => child.pid!),
          stop,
        }
      } catch (error) {
        await stop()
        throw error
      }
    }

    const lagOf: StockApps["lagOf"] = async (orders, stoppedAt) => {
      const ids = orders.map((order) => order.id)
      const deadline = Date.now() + DRAIN_TIMEOUT
      for (;;) {
        const { rows } = await withClient(
          postgres.config,
          databases.plugin,
          (client) =>
            client.query(
              `SELECT o.id, extract(epoch FROM c.created_at - o.created_at) * 1000 AS lag,
                      extract(epoch FROM c.created_at) * 1000 AS recorded
                 FROM "order" o
                 JOIN customer_identity_order_contact c
                   ON c.order_id = o.id AND c.deleted_at IS NULL
                WHERE o.id = ANY($1)`,
              [ids]
            )
        )
        if (rows.length === ids.length) {
          const answered = new Map(
            orders.map((order) => [
              order.id,
              performance.timeOrigin + order.placed,
            ])
          )
          const quantiles = (lags: number[]) => ({
            p50: percentile(lags, 50),
            p95: percentile(lags, 95),
          })
          return {
            lag: quantiles(rows.map((row) => Number(row.lag))),
            // Negative when the contact was there before the answer reached the shopper.
            lagAfterAnswer: quantiles(
              rows.map((row) => Number(row.recorded) - answered.get(row.id)!)
            ),
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

    const modes: Mode[] = (await redisAnswers(redisUrl))
      ? ["memory", "redis"]
      : ["memory"]
    return await work({ modes, fixtures, start, lagOf })
  } finally {
    await withClient(postgres.config, "postgres", async (client) => {
      for (const database of Object.values(databases)) {
        await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      }
    }).catch((error) => log(`could not drop the databases: ${error.message}`))
    await postgres.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

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
 * One shopper per token checking out one after another, from their `first`
 * checkout on, until `until` (a `performance.now()`) or `count` checkouts.
 */
export async function drive(
  app: RunningApp,
  fixture: CheckoutFixture,
  {
    first,
    until = Infinity,
    count = Infinity,
  }: { first: number; until?: number; count?: number }
): Promise<Checkouts> {
  const api = httpClient(app.url)
  const orders: Checkouts["orders"] = []
  const failures: string[] = []
  await Promise.all(
    app.tokens.map(async (_, k) => {
      for (let i = first; i < first + count && performance.now() < until; i++) {
        const started = performance.now()
        try {
          const order = await guestCheckout(
            api,
            fixture,
            persona(app.tag, k, i, app.tokens)
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

/** Every persona once per shopper, untimed: the returning guests have ordered before. */
export async function warmUp(
  app: RunningApp,
  fixture: CheckoutFixture,
  rounds = 1
) {
  const { failures } = await drive(app, fixture, {
    first: 0,
    count: 3 * rounds,
  })
  if (failures.length) {
    throw new Error(`warm-up: ${failures[0]}`)
  }
  return 3 * rounds
}
