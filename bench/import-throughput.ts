import { Modules } from "@medusajs/framework/utils"
import { Readable } from "stream"
import { pipeline } from "stream/promises"
import {
  cancelCustomerImport,
  planCustomerImport,
  runCustomerIdentityBackfill,
  runCustomerImport,
  startCustomerIdentityBackfill,
  startCustomerImport,
} from "../src/workflows"
import CustomerIdentityModuleService from "../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../src/types/constants"
import { BenchApp } from "./lib/app"
import { Benchmark } from "./lib/benchmark"
import { liveHeap, mib, peakRss, time } from "./lib/measure"
import { loadAverage, machineDescription } from "./lib/report"
import {
  BENCH_N,
  clearCustomers,
  database,
  seedCoreCustomers,
} from "./lib/seed"

/** Rows the run imports; the dry run reads this many and 10 times as many. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 2_000)
// BENCH_IMPORT_SMALL_ONLY=1 skips the 10× dry run, while iterating.
const SIZES = process.env.BENCH_IMPORT_SMALL_ONLY ? [ROWS] : [ROWS, ROWS * 10]
const TARGET_ROWS = 100_000

const HEADER =
  "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Address1,Default Address City,Default Address Country Code,Default Address Zip,Phone,Total Spent,Total Orders,Tags"

/**
 * Row `i` of a Shopify customers export: every 10th is the previous row's
 * person again under another Shopify id with the email upper-cased, every
 * 20th (5, 25, ...) the previous row's person by phone alone, in another
 * format; every 100th has an email that cannot be read.
 */
function shopifyRow(i: number): string {
  const byPhone = i % 20 === 5
  const person = i % 10 === 0 || byPhone ? i - 1 : i
  const email = byPhone
    ? ""
    : i % 100 === 99
      ? "not-an-email"
      : `import.c${person}@bench.example`
  const digits = String(4_150_000_000 + person)
  const phone = byPhone
    ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    : `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
  return [
    7_000_000 + i,
    `First${person % 1000}`,
    `Last${person}`,
    i % 10 === 0 ? email.toUpperCase() : email,
    i % 2 ? "yes" : "no",
    `${person} Main Street`,
    "Springfield",
    "US",
    "62701",
    phone,
    "12.50",
    "1",
    "bench",
  ].join(",")
}

/** Streams the file into the file module: a million rows never sit in memory. */
async function uploadFile(app: BenchApp, rows: number): Promise<string> {
  const { writeStream, promise, fileKey } = await app.container
    .resolve(Modules.FILE)
    .getUploadStream({
      filename: `customers_export_${rows}.csv`,
      mimeType: "text/csv",
    })
  await pipeline(
    Readable.from(
      (function* () {
        yield HEADER
        for (let i = 1; i <= rows; i++) {
          yield `\n${shopifyRow(i)}`
        }
      })()
    ),
    writeStream
  )
  await promise
  return fileKey
}

async function clearAll(app: BenchApp) {
  const db = database(app)
  await clearCustomers(db)
  await db.raw(
    "TRUNCATE customer_address, customer_identity_identifier, customer_identity_import, customer_identity_import_plan_value"
  )
}

const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000)

/**
 * A Shopify customers export through the import's dry run and its run, and a
 * backfill of as many pre-plugin customers in the same run.
 */
const importThroughput: Benchmark = {
  id: "import",
  section: {
    heading: "## Customer import",
    intro: `
How fast a customers file from another platform comes in (\`src/workflows/imports/run-customer-import.ts\`).
\`bench/import-throughput.ts\` streams a file in Shopify's customers export layout into Medusa's file module:
every 10th row is the previous row's person again under another Shopify id with the email upper-cased, every 20th
the previous row's person by phone alone in another format, every 100th an email that cannot be read. It times the
dry run (\`planCustomerImport\`: per batch, one read of the owners of the batch's values and one of what earlier
batches decided, kept in the import's plan values rather than in memory) over \`BENCH_IMPORT_ROWS\` rows and 10
times as many, and the run (\`runCustomerImport\`: per batch of 500, the rows no one holds a value of and no
earlier row of the batch shares one with are created together, in one \`createCustomersWorkflow\` and one
statement for their identities; the others, here the repeated people, go through find-or-create, then their names,
address and history onto the customer) over \`BENCH_IMPORT_ROWS\` rows, sampling the benchmark process's RSS every 50 ms (its peak is mostly garbage V8 has not collected yet) and, after
each, the JavaScript heap still in use after a full collection (what it retains). The created customers' \`customer.created\` events reach the plugin's subscriber in the same process
meanwhile (it reads a batch's customers together, finds their identities written and stops there). In the
same run, on an emptied database, the backfill driver indexes as many pre-plugin core customers
(\`seedCoreCustomers\`), the rate an import is compared with. The issue's size is ${TARGET_ROWS.toLocaleString("en")} rows.
`,
  },

  async run(app) {
    const machine = machineDescription()
    const loadAtStart = loadAverage()

    await clearAll(app)
    await seedCoreCustomers(database(app), ROWS)
    const backfillMs = await time(async () => {
      const run = await startCustomerIdentityBackfill(app.container)
      await runCustomerIdentityBackfill(app.container, run.id)
    })

    const rows: string[] = []
    let runRate = 0
    for (const size of SIZES) {
      await clearAll(app)
      const fileKey = await uploadFile(app, size)
      const { id } = await startCustomerImport(app.container, {
        file_key: fileKey,
        filename: `customers_export_${size}.csv`,
        format: "shopify",
      })
      const plan = await peakRss(() =>
        time(() => planCustomerImport(app.container, id))
      )
      const identity: CustomerIdentityModuleService = app.container.resolve(
        CUSTOMER_IDENTITY_MODULE
      )
      const counts = (await identity.retrieveCustomerImport(id)).plan!
      const planHeap = liveHeap()
      let runCells = "not run | | |"
      if (size === ROWS) {
        const run = await peakRss(() =>
          time(() => runCustomerImport(app.container, id))
        )
        const done = await identity.retrieveCustomerImport(id)
        if (JSON.stringify(done.result) !== JSON.stringify(counts)) {
          throw new Error(
            `The run's counts differ from its dry run's: ${JSON.stringify(done.result)} vs ${JSON.stringify(counts)}`
          )
        }
        runRate = perSecond(size, run.result)
        runCells = `${(run.result / 1000).toFixed(1)} s | ${runRate.toLocaleString("en")} | ${mib(run.peak)} | ${mib(liveHeap())}`
      }
      if (size !== ROWS) {
        // Deletes its file: only a run or a cancel does.
        await cancelCustomerImport(app.container, id)
      }
      console.log(
        `[bench] import of ${size} rows: dry run ${(plan.result / 1000).toFixed(1)} s`
      )
      rows.push(
        `| ${size.toLocaleString("en")} | ${counts.created} / ${counts.linked} / ${counts.rejected} | ${(plan.result / 1000).toFixed(1)} s | ${perSecond(size, plan.result).toLocaleString("en")} | ${mib(plan.before)} | ${mib(plan.peak)} | ${mib(planHeap)} | ${runCells} |`
      )
    }
    await clearAll(app)

    const backfillRate = perSecond(ROWS, backfillMs)
    const minutes = TARGET_ROWS / runRate / 60
    return {
      heading: `### ${ROWS.toLocaleString("en")} rows`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_N=${BENCH_N} npm run bench\` (\`BENCH_ONLY=import\` for this one,
\`BENCH_IMPORT_ROWS=${ROWS}\`). Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start,
${loadAverage()} at the end.

| Rows | created / linked / rejected | dry run | rows/s | RSS before | peak RSS | heap after | run | rows/s | peak RSS | heap after |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The backfill of ${ROWS.toLocaleString("en")} pre-plugin customers in the same run: ${backfillRate.toLocaleString("en")}
customers/s, so the import runs at ${(runRate / backfillRate).toFixed(2)}× the backfill's rate. At the run's rate
${TARGET_ROWS.toLocaleString("en")} rows take about ${minutes.toFixed(0)} min.
`,
    }
  },
}

export default importThroughput
