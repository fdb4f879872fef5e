#!/usr/bin/env node
// npm run demo: a Medusa dev server with the plugin loaded and demo data.
// Uses DATABASE_URL when set, else an embedded Postgres with its data in
// .demo-data/ (kept between runs). Ctrl-C stops everything it started.
const path = require("path")
const {
  ADMIN,
  ROOT,
  prepareDemoDatabase,
  startDemoServer,
} = require("./lib/demo-app")
const { databaseUrl, ensurePostgres } = require("./lib/postgres")

const DB_NAME = "medusa_customer_identity_demo"

async function main() {
  let stopPostgres = async () => undefined
  let url = process.env.DATABASE_URL
  if (!url) {
    const postgres = await ensurePostgres({
      dataDir: path.join(ROOT, ".demo-data", "postgres"),
      persistent: true,
      useConfigured: false,
      log: (message) => console.log(`[demo] ${message}`),
    })
    stopPostgres = postgres.stop
    url = databaseUrl(postgres.config, DB_NAME)
  }
  const env = { ...process.env, DATABASE_URL: url }

  try {
    await prepareDemoDatabase(env)
  } catch (error) {
    await stopPostgres()
    throw error
  }

  console.log(
    `\n[demo] Admin: http://localhost:9000/app  (${ADMIN.email} / ${ADMIN.password})\n`
  )
  const { exited, stop: stopServer } = startDemoServer(env)
  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    await stopServer()
    await stopPostgres()
    process.exit(code)
  }
  process.on("SIGINT", () => stop(0))
  process.on("SIGTERM", () => stop(0))
  exited.then((code) => stop(code ?? 0))
}

main().catch((error) => {
  console.error(`[demo] ${error.message}`)
  process.exit(1)
})
