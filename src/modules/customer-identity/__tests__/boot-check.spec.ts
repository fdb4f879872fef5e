import fs from "fs"
import getPort from "get-port"
import os from "os"
import path from "path"
import {
  createDatabase,
  databaseUrl,
  PostgresConfig,
  withClient,
} from "../../../../scripts/lib/postgres"
import { medusa, ROOT } from "../../../../scripts/lib/demo-app"
import { startScratchApp } from "../../../../scripts/lib/scratch-app"

jest.setTimeout(300_000)

// The upgrade: a new key, then the cookie secret earlier erasures used.
const ROTATED = "a-brand-new-suppression-key-0001,supersecret"

/**
 * The suppression key's boot check in a real boot: `medusa start` of this
 * repository's medusa-config.ts with NODE_ENV=production and Medusa's
 * fallback cookie secret, as apps ship it. The admin is off: in production
 * Medusa serves only a built admin.
 */
describe("medusa start in production", () => {
  const postgres: PostgresConfig = {
    host: process.env.DB_HOST!,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USERNAME!,
    password: process.env.DB_PASSWORD ?? "",
  }
  const database = `customer_identity_boot_${process.pid}`
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "customer-identity-boot-"))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl(postgres, database),
    MEDUSA_ADMIN_DISABLED: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  // jest's flags, a developer's Redis or secrets would change the boot.
  for (const name of [
    "NODE_OPTIONS",
    "REDIS_URL",
    "COOKIE_SECRET",
    "CUSTOMER_IDENTITY_SUPPRESSION_SECRET",
  ]) {
    delete env[name]
  }

  beforeAll(async () => {
    // Core modules' loaders read their tables: the app boots on a migrated
    // database. db:migrate loads the modules too, so it needs the key as well.
    await createDatabase(postgres, database)
    medusa(
      ["db:migrate", "--execute-safe-links"],
      { ...env, CUSTOMER_IDENTITY_SUPPRESSION_SECRET: ROTATED },
      "pipe"
    )
  })

  afterAll(async () => {
    await withClient(postgres, "postgres", (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    )
    fs.rmSync(work, { recursive: true, force: true })
  })

  const start = async (name: string, extra: NodeJS.ProcessEnv = {}) => {
    const logFile = path.join(work, `${name}.log`)
    const app = startScratchApp({
      cwd: ROOT,
      port: await getPort(),
      env: { ...env, ...extra },
      logFile,
    })
    return { app, log: () => fs.readFileSync(logFile, "utf8") }
  }

  it("should refuse to boot without suppressionSecret on the default cookie secret, naming the option", async () => {
    const { app, log } = await start("refused")

    await expect(app).rejects.toThrow("exited before it was ready")
    expect(log()).toContain(
      "customer_identity: set the suppressionSecret option"
    )
  })

  it("should boot with a rotated list of keys", async () => {
    const { app, log } = await start("rotated", {
      CUSTOMER_IDENTITY_SUPPRESSION_SECRET: ROTATED,
    })

    const { stop } = await app
    await stop()
    expect(log()).not.toContain("suppressionSecret")
  })
})
