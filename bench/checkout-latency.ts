import { ILockingModule } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { performance } from "perf_hooks"
import {
  CheckoutFixture,
  createCheckoutFixture,
  storeHeaders,
} from "../integration-tests/helpers/checkout"
import CustomerIdentityModuleService from "../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../src/types/constants"
import { checkoutLockKey } from "../src/utils/lock-keys"
import { BenchApp } from "./lib/app"
import { Benchmark } from "./lib/benchmark"
import { ms, waitFor } from "./lib/measure"
import { loadAverage, machineDescription, percentile } from "./lib/report"

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS || 50)
const WARMUP = Number(process.env.BENCH_WARMUP || 3)
const TARGET = 0.05

type Mode = "on" | "off"

interface Sample {
  email: number
  complete: number
}

const ADDRESS = {
  first_name: "Bench",
  last_name: "Mark",
  address_1: "1 Main Street",
  city: "New York",
  province: "NY",
  postal_code: "10001",
  country_code: "us",
}

/**
 * One guest checkout; only the two requests a shopper waits on that the
 * option can touch are timed: setting the email and completing.
 */
async function checkout(
  app: BenchApp,
  identity: CustomerIdentityModuleService,
  fixture: CheckoutFixture,
  email: string
): Promise<Sample> {
  const headers = { headers: storeHeaders(fixture) }
  const {
    data: { cart },
  } = await app.api.post(
    "/store/carts",
    {
      region_id: fixture.regionId,
      sales_channel_id: fixture.salesChannelId,
      items: [{ variant_id: fixture.variantId, quantity: 1 }],
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    },
    headers
  )

  let started = performance.now()
  await app.api.post(`/store/carts/${cart.id}`, { email }, headers)
  const emailMs = performance.now() - started

  await app.api.post(
    `/store/carts/${cart.id}/shipping-methods`,
    { option_id: fixture.shippingOptionId },
    headers
  )
  const {
    data: { payment_collection },
  } = await app.api.post(
    "/store/payment-collections",
    { cart_id: cart.id },
    headers
  )
  await app.api.post(
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )

  started = performance.now()
  const { data: completed } = await app.api.post(
    `/store/carts/${cart.id}/complete`,
    {},
    headers
  )
  const completeMs = performance.now() - started
  if (completed?.type !== "order") {
    throw new Error(`Cart ${cart.id} did not complete`)
  }

  // The plugin's subscribers (guest indexing, order contact) run after the
  // response; let them finish so they do not land in the next checkout.
  await waitFor(
    async () =>
      (await identity.listOrderContacts({ order_id: completed.order.id }))
        .length > 0,
    `the order contact of ${completed.order.id}`
  )
  return { email: emailMs, complete: completeMs }
}

const ratio = (on: number, off: number) => {
  const change = on / off - 1
  return `${(on / off).toFixed(3)} (${change >= 0 ? "+" : ""}${(
    change * 100
  ).toFixed(1)} %)`
}

/**
 * Checkout latency with the `serializeCheckoutCustomer` option on and off,
 * measured in one app in alternating order.
 */
const checkoutLatency: Benchmark = {
  id: "checkout",
  section: {
    heading: "## Checkout latency (serializeCheckoutCustomer)",
    intro: `
What the store cart middleware (\`src/api/store/carts/middlewares.ts\`) adds to a checkout: it takes a lock per
normalised email around \`POST /store/carts\` and \`POST /store/carts/:id\` when they carry an email.

\`bench/checkout-latency.ts\` boots this repository's app in-process on a throwaway database (on the \`DB_*\`
Postgres or an embedded one, migrated with \`medusa db:migrate\`, dropped afterwards), with \`NODE_ENV=production\` and
\`LOG_LEVEL=error\`. After ${WARMUP} warm-up checkouts per setting it runs \`BENCH_CHECKOUTS\` sequential guest
checkouts with the option on and as many with it off, alternating (on/off, off/on, …) so that drift hits both
alike. Each checkout creates a cart with one item and addresses (not timed), sets a new email on it (timed: core
creates a guest customer each time), adds the shipping method and a payment session (not timed) and completes it
(timed); the plugin's subscribers finish before the next checkout starts. The option is switched by replacing the
module service's \`getOptions\`, where the middleware reads it. Latencies are measured by the client over loopback
HTTP in the same process as the server. There is no contention: this is the price of the lock when nobody else
holds it. The target is at most 5 % added at p50 on email update + complete.

Reading the numbers: the time the middleware waited for the lock (after the table) is its direct cost; the on/off
ratios also carry the run's noise, which on a small shared machine is several per cent either way at 50 samples
(a ratio below 1 means the difference drowned in it). The p95 columns are noisier still: at 50 samples p95 is
the third-slowest checkout.
`,
  },

  async run(app) {
    const { container } = app
    const identity = container.resolve<CustomerIdentityModuleService>(
      CUSTOMER_IDENTITY_MODULE
    )
    const locking = container.resolve<ILockingModule>(Modules.LOCKING)
    const fixture = await createCheckoutFixture(container)
    const options = await identity.getOptions()

    // Counts the middleware's locks, to show each setting did what it says,
    // and times how long each took to get: the middleware's direct cost.
    const execute = locking.execute.bind(locking)
    let locks = 0
    const lockWaits: number[] = []
    locking.execute = ((keys, job, args) => {
      if (![keys].flat().some((key) => key.startsWith(checkoutLockKey("")))) {
        return execute(keys, job, args)
      }
      locks++
      const asked = performance.now()
      return execute(
        keys,
        (signal) => {
          lockWaits.push(performance.now() - asked)
          return job(signal)
        },
        args
      )
    }) as ILockingModule["execute"]

    const samples: Record<Mode, Sample[]> = { on: [], off: [] }
    const lockCounts: Record<Mode, number> = { on: 0, off: 0 }
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const started = Date.now()
    try {
      for (let round = 0; round < WARMUP + CHECKOUTS; round++) {
        const order: Mode[] = round % 2 ? ["off", "on"] : ["on", "off"]
        for (const mode of order) {
          identity.getOptions = async () => ({
            ...options,
            serializeCheckoutCustomer: mode === "on",
          })
          const before = locks
          const waitsBefore = lockWaits.length
          const sample = await checkout(
            app,
            identity,
            fixture,
            `Bench.${mode}.${round}@Example.com`
          )
          if (round >= WARMUP) {
            samples[mode].push(sample)
            lockCounts[mode] += locks - before
          } else {
            lockWaits.splice(waitsBefore)
          }
        }
        if ((round + 1) % 10 === 0) {
          console.log(
            `[bench] checkout latency: ${round + 1}/${WARMUP + CHECKOUTS} rounds`
          )
        }
      }
    } finally {
      locking.execute = execute
      delete (identity as Partial<CustomerIdentityModuleService>).getOptions
    }

    const rows: [string, (s: Sample) => number][] = [
      ["Set email (`POST /store/carts/:id`)", (s) => s.email],
      ["Complete (`POST /store/carts/:id/complete`)", (s) => s.complete],
      ["Set email + complete", (s) => s.email + s.complete],
    ]
    const table = [
      "| Timed requests | on p50 | off p50 | on/off p50 | on p95 | off p95 | on/off p95 |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map(([label, pick]) => {
        const [on50, off50, on95, off95] = [
          percentile(samples.on.map(pick), 50),
          percentile(samples.off.map(pick), 50),
          percentile(samples.on.map(pick), 95),
          percentile(samples.off.map(pick), 95),
        ]
        return `| ${label} | ${ms(on50)} | ${ms(off50)} | ${ratio(
          on50,
          off50
        )} | ${ms(on95)} | ${ms(off95)} | ${ratio(on95, off95)} |`
      }),
    ]
    const total = (mode: Mode) =>
      percentile(
        samples[mode].map((s) => s.email + s.complete),
        50
      )
    const added = total("on") / total("off") - 1
    const change = `${added >= 0 ? "+" : ""}${(added * 100).toFixed(1)} %`
    const verdict = `Target ${
      added <= TARGET ? "met" : "not met"
    }: ${change} at p50 on set email + complete (target: at most +${
      TARGET * 100
    } %).`
    const redis = process.env.REDIS_URL
    const command = `${
      redis ? `REDIS_URL=${redis} ` : ""
    }BENCH_CHECKOUTS=${CHECKOUTS} npm run bench`

    return {
      heading: `### ${redis ? "Redis" : "In-memory"} locking`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`${command}\`, ${CHECKOUTS} checkouts per setting, ${Math.round(
        (Date.now() - started) / 1000
      )} s.
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

${table.join("\n")}

${verdict} The middleware took the lock in ${lockCounts.on} of ${CHECKOUTS} checkouts with the option on and in
${lockCounts.off} of ${CHECKOUTS} with it off; getting it took p50 ${lockWaits.length ? percentile(lockWaits, 50).toFixed(2) : "-"} ms, p95 ${lockWaits.length ? percentile(lockWaits, 95).toFixed(2) : "-"} ms.
`,
    }
  },
}

export default checkoutLatency
