#!/usr/bin/env node
// The plugin as a merchant gets it: builds and packs it, installs the tarball
// into a scratch Medusa app whose medusa-config.ts has the stock project
// settings and only `plugins: [{ resolve: "medusa-plugin-customer-identity",
// options: {} }]`, migrates it (`medusa db:migrate`), boots it (`medusa
// start`), places a guest checkout through the store API, then another by the
// same person with a new email (core makes a second guest customer for it),
// reads the identity and the order contacts through the admin API, and imports a
// Shopify customers export through the upload and import routes. The other suites load
// the module from ./src; this one sees only what the tarball holds (exports
// map, built server, migrations, links, admin bundle).
// The scratch app's other packages are the repository's own (its node_modules
// entries symlinked), so that the run needs no second install.
// Prints one line per check and `N passed, M failed`; exits non-zero on failure.
//   node integration-tests/packed/run.js
const fs = require("fs")
const os = require("os")
const path = require("path")
const { builtinModules } = require("module")
const { ROOT, medusa } = require("../../scripts/lib/demo-app")
const { httpClient } = require("../../scripts/lib/http-client")
const {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  withClient,
} = require("../../scripts/lib/postgres")
const {
  PACKAGE,
  packPlugin,
  scratchApp,
  seedScratchApp,
  startScratchApp,
} = require("../../scripts/lib/scratch-app")

const ADMIN = { email: "admin@packed.example", password: "packed-secret" }
const SHOPPER = {
  email: "Packed.Shopper@Example.com",
  phone: "(415) 555-0199",
  firstName: "Packed",
  lastName: "Shopper",
}
const SUBSCRIBER_TIMEOUT = 60_000

const started = Date.now()
const log = (message) =>
  console.log(
    `[packed ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`
  )
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const results = []
/** One check: passes when `problems` is empty. */
function check(name, problems, detail = "") {
  results.push(problems.length === 0)
  console.log(
    `${problems.length ? "✘" : "✔"} ${name}${detail ? ` — ${detail}` : ""}`
  )
  for (const problem of problems) {
    console.log(`    ${problem}`)
  }
}

/** Files of a directory tree, relative to it. */
function filesUnder(dir, prefix = "") {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`]
    )
}

/** What the tarball must hold, and must not. */
function tarballProblems(files) {
  const server = ".medusa/server/src"
  const has = (pattern) => files.some((file) => pattern.test(file))
  return [
    [/^package\.json$/, "package.json"],
    [
      new RegExp(`^${server}/modules/customer-identity/index\\.js$`),
      "the module",
    ],
    [
      new RegExp(`^${server}/modules/customer-identity/migrations/.+\\.js$`),
      "its migrations",
    ],
    [new RegExp(`^${server}/links/.+\\.js$`), "the module links"],
    [new RegExp(`^${server}/subscribers/.+\\.js$`), "the subscribers"],
    [new RegExp(`^${server}/api/middlewares\\.js$`), "the API middlewares"],
    [new RegExp(`^${server}/admin/index\\.mjs$`), "the admin bundle"],
  ]
    .filter(([pattern]) => !has(pattern))
    .map(([, what]) => `no ${what}`)
    .concat(
      files
        // Declarations (.d.ts) are the package's types, not sources.
        .filter((file) => /\.spec\.|(^|\/)src\/.*(?<!\.d)\.tsx?$/.test(file))
        .map((file) => `${file}: a test or a source file`)
    )
}

/** Packages the built server requires that the package does not declare. */
function undeclaredImports(plugin, files) {
  const declared = new Set([
    PACKAGE.name,
    ...Object.keys(PACKAGE.dependencies ?? {}),
    ...Object.keys(PACKAGE.peerDependencies ?? {}),
  ])
  const builtins = new Set(builtinModules)
  const problems = new Set()
  // The admin bundle's imports are the dashboard's to provide.
  for (const file of files.filter(
    (f) => f.endsWith(".js") && !f.includes("/src/admin/")
  )) {
    const source = fs.readFileSync(path.join(plugin, file), "utf8")
    for (const [, name] of source.matchAll(/require\("([^".][^"]*)"\)/g)) {
      const bare = name.replace(/^node:/, "")
      const pkg = bare.startsWith("@")
        ? bare.split("/").slice(0, 2).join("/")
        : bare.split("/")[0]
      if (!builtins.has(pkg) && !declared.has(pkg)) {
        problems.add(`${pkg} (required by ${file})`)
      }
    }
  }
  return [...problems]
}

/** Retries `read` until it returns something, or the time is up. */
async function eventually(read, timeout = SUBSCRIBER_TIMEOUT) {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      const value = await read()
      if (value) return value
    } catch (error) {
      if (Date.now() > deadline) throw error
    }
    if (Date.now() > deadline) return null
    await sleep(500)
  }
}

async function main() {
  const { default: getPort } = await import("get-port")
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), "customer-identity-packed-")
  )
  const postgres = await ensurePostgres({
    dataDir: path.join(work, "postgres"),
    persistent: false,
    log,
  })
  const database = `customer_identity_packed_${Date.now()}`
  const port = await getPort()
  const url = `http://localhost:${port}`
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(postgres.config, database),
    STORE_CORS: url,
    ADMIN_CORS: url,
    AUTH_CORS: url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    NODE_ENV: "development",
  }
  delete env.REDIS_URL
  delete env.NODE_OPTIONS
  let server
  try {
    log(`plugin:build and npm pack (in ${work})`)
    const tarball = packPlugin(work, env)
    const filename = path.basename(tarball)
    const app = path.join(work, "app")
    const plugin = scratchApp(app, { tarball })
    const files = filesUnder(plugin)
    check(
      "the tarball holds the built server, its migrations, links, subscribers and admin bundle, and no sources or tests",
      tarballProblems(files),
      `${filename}, ${files.length} files`
    )
    check(
      "every package the built server requires is a dependency or peer dependency",
      undeclaredImports(plugin, files)
    )

    log(`creating and migrating ${database} from the scratch app`)
    await createDatabase(postgres.config, database)
    const fixture = seedScratchApp(app, env, path.join(work, "fixture.json"))
    medusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], env, "pipe", app)
    const tables = await withClient(postgres.config, database, (client) =>
      client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'customer_identity\\_%'`
      )
    )
    check(
      "medusa db:migrate in the scratch app creates the plugin's tables",
      tables.rows[0].n > 0 ? [] : ["no customer_identity_* table"],
      `${tables.rows[0].n} tables`
    )

    log(`medusa start on ${url}`)
    server = await startScratchApp({
      cwd: app,
      port,
      env,
      logFile: path.join(work, "server.log"),
    })

    require("ts-node").register({
      swc: true,
      project: path.join(ROOT, "tsconfig.json"),
    })
    const { guestCheckout } = require("../helpers/checkout")
    const api = httpClient(url)
    const { data: auth } = await api.post("/auth/user/emailpass", ADMIN)
    const headers = { authorization: `Bearer ${auth.token}` }

    log("one guest checkout through the store API")
    const order = await guestCheckout(api, fixture, SHOPPER)
    const contact = await eventually(
      async () =>
        (
          await api.get(`/admin/customer-identity/orders/${order.id}`, {
            headers,
          })
        ).data.order_contact
    )
    check(
      "the order's contact is recorded, as typed, for the order's customer",
      contact
        ? [
            ...(contact.email === SHOPPER.email.toLowerCase() ||
            contact.email === SHOPPER.email
              ? []
              : [`email ${contact.email}`]),
            ...(contact.phone === SHOPPER.phone
              ? []
              : [`phone ${contact.phone}`]),
            ...(contact.canonical_customer_id === order.customer_id
              ? []
              : [
                  `canonical ${contact.canonical_customer_id}, order's customer ${order.customer_id}`,
                ]),
          ]
        : [
            `no contact for ${order.id} within ${SUBSCRIBER_TIMEOUT / 1000}s (log: ${logFile})`,
          ],
      contact ? `matched_by ${contact.matched_by}` : ""
    )
    const identity = contact
      ? await eventually(async () => {
          const { data } = await api.get(
            `/admin/customer-identity/customers/${contact.canonical_customer_id}`,
            { headers }
          )
          const found = data.customer_identity
          return found.emails.length && found.phones.length ? found : null
        })
      : null
    check(
      "the admin API shows the identity with the shopper's email and phone, normalised",
      identity
        ? [
            ...(identity.emails.some(
              (e) => e.email_normalized === SHOPPER.email.toLowerCase()
            )
              ? []
              : [`emails ${JSON.stringify(identity.emails)}`]),
            ...(identity.phones.some((p) => p.phone_e164 === "+14155550199")
              ? []
              : [`phones ${JSON.stringify(identity.phones)}`]),
          ]
        : ["no identity with an email and a phone"],
      identity ? `order_count ${identity.order_count}` : ""
    )

    log("the same person again: a new email, the same phone and name")
    const again = await guestCheckout(api, fixture, {
      ...SHOPPER,
      email: "packed.shopper.work@example.com",
      phone: "+1 415 555 0199",
    })
    const second = await eventually(
      async () =>
        (
          await api.get(`/admin/customer-identity/orders/${again.id}`, {
            headers,
          })
        ).data.order_contact
    )
    check(
      "the second order is the same identity's, recognised by the orderer's phone and name",
      second
        ? [
            ...(second.matched_by === "phone"
              ? []
              : [`matched_by ${second.matched_by}`]),
            ...(contact &&
            second.canonical_customer_id === contact.canonical_customer_id
              ? []
              : [`canonical ${second.canonical_customer_id}`]),
            ...(again.customer_id !== order.customer_id
              ? []
              : ["core did not make a second guest customer"]),
          ]
        : [`no contact for ${again.id} within ${SUBSCRIBER_TIMEOUT / 1000}s`]
    )

    log(
      "a Shopify customers export through the admin's upload and import routes"
    )
    const csv = [
      "Customer ID,First Name,Last Name,Email,Phone,Total Orders",
      `5001,Packed,Shopper,${SHOPPER.email.toUpperCase()},,2`,
      "5002,Imported,Person,imported.person@example.com,+1 415 555 0142,1",
    ].join("\n")
    const form = new FormData()
    form.append(
      "files",
      new Blob([csv], { type: "text/csv" }),
      "customers_export.csv"
    )
    const { data: uploaded } = await api.post("/admin/uploads", form, {
      headers,
    })
    const { data: started } = await api.post(
      "/admin/customer-identity/imports",
      {
        file_key: uploaded.files[0].id,
        originalname: "customers_export.csv",
        format: "shopify",
      },
      { headers }
    )
    const importUrl = `/admin/customer-identity/imports/${started.customer_import.id}`
    const importIn = (statuses) =>
      eventually(async () => {
        const { data } = await api.get(importUrl, { headers })
        return statuses.includes(data.customer_import.status)
          ? data.customer_import
          : null
      })
    const planned = await importIn(["planned", "failed"])
    if (planned?.status === "planned") {
      await api.post(`${importUrl}/confirm`, {}, { headers })
    }
    const imported = await importIn(["completed", "failed"])
    const shopperNow = contact
      ? (
          await api.get(
            `/admin/customer-identity/customers/${contact.canonical_customer_id}`,
            { headers }
          )
        ).data.customer_identity
      : null
    check(
      "the import runs with options {}: the shopper found by email keeps the Shopify id, a new person is created",
      imported?.status === "completed"
        ? [
            ...(imported.result.created === 1 && imported.result.linked === 1
              ? []
              : [`result ${JSON.stringify(imported.result)}`]),
            ...(shopperNow?.identifiers?.some(
              (i) => i.kind === "shopify_customer_id" && i.value === "5001"
            )
              ? []
              : [`identifiers ${JSON.stringify(shopperNow?.identifiers)}`]),
          ]
        : [`import ${JSON.stringify(imported ?? planned)}`],
      imported ? `plan ${JSON.stringify(imported.plan)}` : ""
    )
  } catch (error) {
    check("the run itself", [error.stack || error.message])
  } finally {
    await server?.stop()
    await withClient(postgres.config, "postgres", (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    ).catch((error) => log(`could not drop ${database}: ${error.message}`))
    await postgres.stop()
    fs.rmSync(work, { recursive: true, force: true })
  }
  const failed = results.filter((ok) => !ok).length
  console.log(`\n${results.length - failed} passed, ${failed} failed`)
  return failed
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error) => {
    console.error(`[packed] FAILED: ${error.stack || error.message}`)
    process.exit(1)
  }
)
