#!/usr/bin/env node
// npm run demo: a Medusa dev server with the plugin loaded and demo data.
// Uses DATABASE_URL when set, else an embedded Postgres with its data in
// .demo-data/ (kept between runs). Ctrl-C stops everything it started.
const { spawn, spawnSync } = require("child_process")
const path = require("path")
const {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  withClient,
} = require("./lib/postgres")

const ROOT = path.join(__dirname, "..")
const DB_NAME = "medusa_customer_identity_demo"
const ADMIN = { email: "admin@medusa-demo.com", password: "supersecret" }

function medusa(args, env) {
  const result = spawnSync("npx", ["medusa", ...args], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  })
  if (result.status !== 0) {
    throw new Error(`medusa ${args.join(" ")} failed (exit ${result.status})`)
  }
}

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
    const { hostname, port, username, password, pathname } = new URL(url)
    const connection = {
      host: hostname,
      port: Number(port || 5432),
      user: decodeURIComponent(username),
      password: decodeURIComponent(password),
    }
    const database = decodeURIComponent(pathname.slice(1))
    await createDatabase(connection, database)
    medusa(["db:migrate", "--execute-safe-links"], env)
    medusa(["exec", "./scripts/demo-seed.ts"], env)
    const { rowCount } = await withClient(connection, database, (client) =>
      client.query(
        'SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL',
        [ADMIN.email]
      )
    )
    if (!rowCount) {
      medusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], env)
    }
  } catch (error) {
    await stopPostgres()
    throw error
  }

  console.log(
    `\n[demo] Admin: http://localhost:9000/app  (${ADMIN.email} / ${ADMIN.password})\n`
  )
  // Its own process group, so that Ctrl-C ends the server and the children it forks.
  const server = spawn("npx", ["medusa", "develop"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
    detached: true,
  })
  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {
      // already gone
    }
    await stopPostgres()
    process.exit(code)
  }
  process.on("SIGINT", () => stop(0))
  process.on("SIGTERM", () => stop(0))
  server.on("exit", (code) => stop(code ?? 0))
}

main().catch((error) => {
  console.error(`[demo] ${error.message}`)
  process.exit(1)
})
