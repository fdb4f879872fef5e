import { Client } from "pg"
import CustomerIdentityModuleService from "../src/modules/customer-identity/service"
import { IDENTITY_OWNERS_SQL } from "../src/modules/customer-identity/sql/links"
import { CUSTOMER_IDENTITY_MODULE } from "../src/types/constants"
import { Benchmark } from "./lib/benchmark"
import { ms, p50p99, time } from "./lib/measure"
import { loadAverage, machineDescription } from "./lib/report"
import { BENCH_N, randomCustomer, seedDataset, seeded } from "./lib/seed"

const LOOKUPS = Number(process.env.BENCH_LOOKUPS || 2000)
const WARMUP = 50
const TARGET = 2

interface Lookup {
  label: string
  /** A random seeded identifier of this kind. */
  value(): string
  service(
    identity: CustomerIdentityModuleService,
    value: string
  ): Promise<unknown[]>
  sql: string
  /** The bindings of `sql` for a value; just the value by default. */
  params?(value: string): unknown[]
  /** Rows found per lookup; 1 by default. */
  found?: number
  /** The service's own SQL (`findIdentityOwners`), not a generated list method. */
  lean?: boolean
}

const EMAIL_SQL = `SELECT * FROM customer_identity_email WHERE email_normalized = $1 AND deleted_at IS NULL`
const PHONE_SQL = `SELECT * FROM customer_identity_phone WHERE phone_e164 = $1 AND deleted_at IS NULL`
// The same statement as the service method, with pg's numbered placeholders.
let binding = 0
const OWNERS_SQL = IDENTITY_OWNERS_SQL.replace(/\?/g, () => `$${++binding}`)
const owners = (
  identity: CustomerIdentityModuleService,
  keys: Parameters<CustomerIdentityModuleService["findIdentityOwners"]>[0]
) =>
  identity
    .findIdentityOwners(keys)
    .then(({ identifiers: _, backfilled: _backfilled, ...owners }) =>
      Object.values(owners)
    )

const LOOKUPS_BY_KIND: Lookup[] = [
  {
    label: "Primary email",
    value: () => seeded.email(randomCustomer(BENCH_N)),
    service: (identity, email) =>
      identity.listCustomerEmails({ email_normalized: email }),
    sql: EMAIL_SQL,
  },
  {
    label: "Secondary email",
    value: () => seeded.secondaryEmail(randomCustomer(BENCH_N)),
    service: (identity, email) =>
      identity.listCustomerEmails({ email_normalized: email }),
    sql: EMAIL_SQL,
  },
  {
    label: "Phone (primary or secondary)",
    value: () => {
      const i = randomCustomer(BENCH_N)
      return i % 2 === 0 && Math.random() < 0.5
        ? seeded.secondaryPhone(i)
        : seeded.phone(i)
    },
    service: (identity, phone) =>
      identity.listCustomerPhones({ phone_e164: phone }),
    sql: PHONE_SQL,
  },
  {
    label: "Email owner and its canonical customer (`findIdentityOwners`)",
    value: () => seeded.email(randomCustomer(BENCH_N)),
    service: (identity, email) => owners(identity, { email_normalized: email }),
    sql: OWNERS_SQL,
    params: (email) => [null, null, email, null, [], []],
    lean: true,
  },
  {
    label: "Email and phone owners (`findIdentityOwners`, what resolve runs)",
    value: () => String(randomCustomer(BENCH_N)),
    service: (identity, i) =>
      owners(identity, {
        email_normalized: seeded.email(Number(i)),
        phone_e164: seeded.phone(Number(i)),
      }),
    sql: OWNERS_SQL,
    params: (i) => [
      null,
      null,
      seeded.email(Number(i)),
      seeded.phone(Number(i)),
      [],
      [],
    ],
    found: 2,
    lean: true,
  },
]

/**
 * Identifier lookups through the module service against the same query
 * through a bare `pg` client: what the service layer (MikroORM, the
 * generated list method, serialisation) costs per lookup.
 */
const identityLookup: Benchmark = {
  id: "lookup",
  section: {
    heading: "## Identifier lookups (service vs raw SQL)",
    intro: `
How much the module service adds to the lookups every resolve makes. \`bench/identity-lookup.ts\` seeds
\`BENCH_N\` customers (\`bench/lib/seed.ts\`: set-based \`INSERT … SELECT generate_series\` into core \`customer\` and
the plugin's tables, about 2 emails, 1.5 phones and 3 order contacts per customer), then looks up \`BENCH_LOOKUPS\`
random seeded identifiers of each kind, each once through the module service (\`listCustomerEmails({
email_normalized })\`, \`listCustomerPhones({ phone_e164 })\`) and once through a bare \`pg\` client running the
same \`SELECT * … WHERE … AND deleted_at IS NULL\`, alternating, after ${WARMUP} warm-up lookups of each. Both hit the
partial unique index; both go over the same loopback Postgres connection kind. The last two rows are the lookup
resolve itself runs (\`findIdentityOwners\`: the service's own SQL through its knex connection, the owners of the
email and phone with their links in one statement, \`IDENTITY_OWNERS_SQL\`), against the same statement on the bare
client. The target is a service/raw ratio of at most ${TARGET}× at p50.
`,
  },

  async run(app) {
    await seedDataset(app)
    const identity = app.container.resolve<CustomerIdentityModuleService>(
      CUSTOMER_IDENTITY_MODULE
    )
    const client = new Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const rows: string[] = []
    const ratios: { lean: boolean; ratio: number }[] = []
    try {
      for (const lookup of LOOKUPS_BY_KIND) {
        const service: number[] = []
        const raw: number[] = []
        for (let round = 0; round < WARMUP + LOOKUPS; round++) {
          const value = lookup.value()
          const runService = async () => {
            const found = await lookup.service(identity, value)
            if (found.length !== (lookup.found ?? 1)) {
              throw new Error(`${lookup.label} ${value}: ${found.length} rows`)
            }
          }
          const runRaw = () =>
            client.query(lookup.sql, lookup.params?.(value) ?? [value])
          // Alternating which goes first, so that a warm cache helps both alike.
          const [first, second] =
            round % 2 ? [runRaw, runService] : [runService, runRaw]
          const a = await time(first)
          const b = await time(second)
          if (round >= WARMUP) {
            service.push(round % 2 ? b : a)
            raw.push(round % 2 ? a : b)
          }
        }
        const s = p50p99(service)
        const r = p50p99(raw)
        ratios.push({ lean: !!lookup.lean, ratio: s.p50 / r.p50 })
        rows.push(
          `| ${lookup.label} | ${ms(s.p50)} | ${ms(r.p50)} | ${(s.p50 / r.p50).toFixed(2)}× | ${ms(s.p99)} | ${ms(r.p99)} | ${(s.p99 / r.p99).toFixed(2)}× |`
        )
      }
    } finally {
      await client.end()
    }
    const verdict = (lean: boolean, what: string) => {
      const worst = Math.max(
        ...ratios.filter((r) => r.lean === lean).map((r) => r.ratio)
      )
      return `${what}: at most ${worst.toFixed(2)}× at p50 (${worst <= TARGET ? "met" : "not met"})`
    }
    return {
      heading: `### ${BENCH_N.toLocaleString("en")} customers`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_N=${BENCH_N} BENCH_LOOKUPS=${LOOKUPS} npm run bench\` (\`BENCH_ONLY=lookup\` for this one), ${LOOKUPS} lookups per kind and side.
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

| Lookup | service p50 | raw p50 | service/raw p50 | service p99 | raw p99 | service/raw p99 |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Target at most ${TARGET}× at p50. ${verdict(false, "The generated list methods")}; ${verdict(
        true,
        "`findIdentityOwners`, which resolve uses"
      )}.
`,
    }
  },
}

export default identityLookup
