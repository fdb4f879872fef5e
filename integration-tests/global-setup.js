const os = require("os")
const path = require("path")
const { ensurePostgres } = require("../scripts/lib/postgres")

/** Points the test runners at a reachable Postgres, starting an embedded one when none is. */
module.exports = async function globalSetup() {
  const dataDir = path.join(
    os.tmpdir(),
    `customer-identity-test-pg-${process.pid}`
  )
  const postgres = await ensurePostgres({
    dataDir,
    persistent: false,
    log: (message) =>
      console.log(`\n[test db] No Postgres at the DB_* address. ${message}`),
  })
  process.env.DB_HOST = postgres.config.host
  process.env.DB_PORT = String(postgres.config.port)
  process.env.DB_USERNAME = postgres.config.user
  process.env.DB_PASSWORD = postgres.config.password
  globalThis.__CUSTOMER_IDENTITY_PG__ = postgres
}
