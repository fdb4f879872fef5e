import { MedusaContainer } from "@medusajs/framework/types"
import loaders from "@medusajs/medusa/loaders/index"
import express from "express"
import { spawnSync } from "child_process"
import { AddressInfo } from "net"
import path from "path"
import os from "os"
import { StoreHttpClient } from "../../integration-tests/helpers/checkout"
import {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  withClient,
} from "../../scripts/lib/postgres"

export const ROOT = path.join(__dirname, "..", "..")

export interface BenchApp {
  container: MedusaContainer
  api: StoreHttpClient
  databaseName: string
  stop(): Promise<void>
}

/**
 * A store client over fetch with the axios shapes the checkout helpers expect:
 * `{ status, data }`, and errors carrying `response`.
 */
function storeClient(baseUrl: string): StoreHttpClient {
  return {
    async post(url, data, config) {
      const response = await fetch(`${baseUrl}${url}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...config?.headers },
        body: JSON.stringify(data ?? {}),
      })
      const body = await response.json().catch(() => undefined)
      if (!response.ok) {
        const message = `POST ${url} answered ${response.status}: ${JSON.stringify(body)}`
        throw Object.assign(new Error(message), {
          response: { status: response.status, data: body },
        })
      }
      return { status: response.status, data: body }
    },
  }
}

/**
 * Boots the app of this repository (medusa-config.ts with the plugin's module,
 * routes and subscribers) in this process on a throwaway database, as
 * medusaIntegrationTestRunner does, and serves it on a free port. The database
 * is made on the `DB_*` Postgres, or on an embedded one when none answers, as
 * for the tests. `stop()` shuts the app down and drops the database.
 */
export async function startApp(): Promise<BenchApp> {
  const postgres = await ensurePostgres({
    dataDir: path.join(
      os.tmpdir(),
      `customer-identity-bench-pg-${process.pid}`
    ),
    persistent: false,
    log: (message) => console.log(`[bench] No Postgres at DB_*. ${message}`),
  })
  const databaseName = `customer_identity_bench_${Date.now()}`
  await createDatabase(postgres.config, databaseName)
  process.env.DATABASE_URL = databaseUrl(postgres.config, databaseName)

  const dropDatabase = async () => {
    await withClient(postgres.config, "postgres", (client) =>
      client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)
    )
    await postgres.stop()
  }

  try {
    const migrate = spawnSync(
      "npx",
      ["medusa", "db:migrate", "--execute-safe-links"],
      { cwd: ROOT, env: process.env, encoding: "utf8" }
    )
    if (migrate.status !== 0) {
      throw new Error(
        `medusa db:migrate failed (exit ${migrate.status}):\n${migrate.stdout}\n${migrate.stderr}`
      )
    }

    const app = express()
    const { container, shutdown } = await loaders({
      directory: ROOT,
      expressApp: app,
    })
    const server = await new Promise<ReturnType<typeof app.listen>>(
      (resolve, reject) => {
        const listening = app.listen(0, "127.0.0.1", () => resolve(listening))
        listening.once("error", reject)
      }
    )
    const { port } = server.address() as AddressInfo

    return {
      container,
      api: storeClient(`http://127.0.0.1:${port}`),
      databaseName,
      async stop() {
        // fetch keeps connections alive; close() alone would wait for them.
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
        await shutdown()
        await dropDatabase()
      },
    }
  } catch (error) {
    await dropDatabase()
    throw error
  }
}
