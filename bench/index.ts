// npm run bench: boots the app once on a throwaway database, runs every
// benchmark in turn and writes each one's result into docs/BENCHMARKS.md.
import "./lib/env"
import fs from "fs"
import path from "path"
import * as prettier from "prettier"
import backfillThroughput from "./backfill-throughput"
import checkoutLatency from "./checkout-latency"
import duplicateScan from "./duplicate-scan"
import findOrCreate from "./find-or-create"
import identityLookup from "./identity-lookup"
import importThroughput from "./import-throughput"
import orderThroughput from "./order-throughput"
import singleShopper from "./single-shopper"
import storefrontLoad from "./storefront-load"
import { BenchApp, ROOT, startApp } from "./lib/app"
import { Benchmark } from "./lib/benchmark"
import { writeSection } from "./lib/report"

const BENCHMARKS: Benchmark[] = [
  checkoutLatency,
  identityLookup,
  findOrCreate,
  duplicateScan,
  backfillThroughput,
  importThroughput,
  orderThroughput,
  storefrontLoad,
  singleShopper,
]

// BENCH_ONLY=lookup,backfill runs only those (by id); the others' sections stay as they are.
const only = process.env.BENCH_ONLY?.split(",").map((id) => id.trim())

const REPORT = path.join(ROOT, "docs", "BENCHMARKS.md")
const TITLE = `# Benchmarks

Written by \`npm run bench\` (\`bench/index.ts\`), which boots this repository's app once and runs each benchmark in
\`bench/\` in turn; each rewrites only its own section. With \`REDIS_URL\` set, Medusa's Redis event bus, workflow
engine and locking are used, as in \`medusa-config.ts\`.
`

async function main() {
  // Booted for the first benchmark that needs it; the standalone ones start their own.
  let app: BenchApp | undefined
  try {
    for (const benchmark of BENCHMARKS.filter(
      ({ id }) => !only || only.includes(id)
    )) {
      console.log(`[bench] ${benchmark.section.heading.replace(/^#+ /, "")}`)
      const result = benchmark.standalone
        ? await benchmark.run()
        : await benchmark.run((app ??= await startApp()))
      writeSection(REPORT, TITLE, benchmark.section, result)
      console.log(`${result.heading}\n${result.body}`)
    }
  } finally {
    await app?.stop()
  }
  // Formatted as `npm run lint` checks it.
  const options = await prettier.resolveConfig(REPORT)
  fs.writeFileSync(
    REPORT,
    await prettier.format(fs.readFileSync(REPORT, "utf8"), {
      ...options,
      filepath: REPORT,
    })
  )
  console.log(`[bench] written to ${path.relative(process.cwd(), REPORT)}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
