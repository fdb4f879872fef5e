// The demo app, for `npm run demo` and the browser test: a database with the
// plugin's migrations, the demo seed and an admin user, and a `medusa develop`
// server on it.
const { spawn, spawnSync } = require("child_process")
const path = require("path")
const { createDatabase, withClient } = require("./postgres")

const ROOT = path.join(__dirname, "..", "..")
const ADMIN = { email: "admin@medusa-demo.com", password: "supersecret" }

/** Runs the medusa CLI in `cwd` (this project by default). */
function medusa(args, env, stdio, cwd = ROOT) {
  const result = spawnSync("npx", ["medusa", ...args], {
    cwd,
    env,
    stdio,
  })
  if (result.status !== 0) {
    const output =
      stdio === "inherit" ? "" : `\n${result.stdout}${result.stderr}`
    throw new Error(
      `medusa ${args.join(" ")} failed (exit ${result.status})${output}`
    )
  }
}

function connectionOf(url) {
  const { hostname, port, username, password, pathname } = new URL(url)
  return {
    connection: {
      host: hostname,
      port: Number(port || 5432),
      user: decodeURIComponent(username),
      password: decodeURIComponent(password),
    },
    database: decodeURIComponent(pathname.slice(1)),
  }
}

/**
 * Creates the database of `env.DATABASE_URL` unless it exists, migrates it,
 * creates the admin user (once) and seeds the demo data (once).
 * `stdio: "pipe"` keeps Medusa's output for the error message only.
 */
async function prepareDemoDatabase(env, { stdio = "inherit" } = {}) {
  const { connection, database } = connectionOf(env.DATABASE_URL)
  await createDatabase(connection, database)
  medusa(["db:migrate", "--execute-safe-links"], env, stdio)
  const { rowCount } = await withClient(connection, database, (client) =>
    client.query(
      'SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL',
      [ADMIN.email]
    )
  )
  if (!rowCount) {
    // `medusa user` exits as soon as the user exists, whatever its subscribers
    // are doing: the plugin's is off here, and the seed links the user.
    medusa(
      ["user", "-e", ADMIN.email, "-p", ADMIN.password],
      { ...env, CUSTOMER_IDENTITY_AUTO_CREATE_FOR_USERS: "false" },
      stdio
    )
  }
  medusa(["exec", "./scripts/demo-seed.ts"], env, stdio)
}

/**
 * Starts `medusa develop` in its own process group, so that `stop()` ends the
 * server and the children it forks.
 */
function startDemoServer(env, { args = [], stdio = "inherit" } = {}) {
  const server = spawn("npx", ["medusa", "develop", ...args], {
    cwd: ROOT,
    env,
    stdio,
    detached: true,
  })
  const exited = new Promise((resolve) => server.once("exit", resolve))
  const stop = async () => {
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {
      return // already gone
    }
    await exited
  }
  return { server, exited, stop }
}

module.exports = { ADMIN, ROOT, medusa, prepareDemoDatabase, startDemoServer }
