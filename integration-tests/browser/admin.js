#!/usr/bin/env node
// The admin UI in a real browser (Debian's Chromium through playwright-core)
// against the demo app on a throwaway database and a free port. Saves the
// screenshots of the README in docs/screenshots/. Exits non-zero on failure.
//   node integration-tests/browser/admin.js
// ADMIN_URL=http://localhost:9000 runs it against a demo that is already up.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { chromium } = require("playwright-core")
const {
  ADMIN,
  ROOT,
  prepareDemoDatabase,
  startDemoServer,
} = require("../../scripts/lib/demo-app")
const {
  databaseUrl,
  ensurePostgres,
  withClient,
} = require("../../scripts/lib/postgres")

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const SCREENSHOTS = path.join(ROOT, "docs", "screenshots")
// The first admin load compiles the dashboard with Vite: be patient.
const FIRST_LOAD_TIMEOUT = 180_000
const TIMEOUT = 30_000
const VIEWPORT = { width: 1440, height: 1000 }

const started = Date.now()
const log = (message) =>
  console.log(
    `[browser ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`
  )

async function waitForServer(url, exited) {
  const since = Date.now()
  let gone = false
  exited.then(() => (gone = true))
  while (Date.now() - since < FIRST_LOAD_TIMEOUT) {
    if (gone) {
      throw new Error("medusa develop exited before it was ready")
    }
    try {
      if ((await fetch(`${url}/health`)).ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error(`${url} did not answer within ${FIRST_LOAD_TIMEOUT} ms`)
}

/** Boots the demo app on a new database; `stop()` removes everything. */
async function startDemo() {
  const { default: getPort } = await import("get-port")
  const postgres = await ensurePostgres({
    dataDir: path.join(
      os.tmpdir(),
      `customer-identity-browser-pg-${process.pid}`
    ),
    persistent: false,
    log,
  })
  const database =
    process.env.DB_TEMP_NAME || `customer_identity_browser_${Date.now()}`
  const port = await getPort()
  const url = `http://localhost:${port}`
  const logFile = path.join(
    os.tmpdir(),
    `customer-identity-browser-${process.pid}.log`
  )
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(postgres.config, database),
    ADMIN_CORS: url,
    AUTH_CORS: url,
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
  }
  let server
  const stop = async () => {
    await server?.stop()
    await withClient(postgres.config, "postgres", (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    ).catch((error) => log(`could not drop ${database}: ${error.message}`))
    await postgres.stop()
  }
  try {
    log(`seeding ${database}`)
    await prepareDemoDatabase(env, { stdio: "pipe" })
    log(`starting medusa develop on ${url} (log: ${logFile})`)
    const out = fs.openSync(logFile, "w")
    server = startDemoServer(env, {
      args: ["--no-lint", "--port", String(port)],
      stdio: ["ignore", out, out],
    })
    fs.closeSync(out)
    await waitForServer(url, server.exited)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, logFile, stop }
}

async function run(url, screenshots) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking"],
  })
  const page = await browser.newPage({ viewport: VIEWPORT })
  page.setDefaultTimeout(TIMEOUT)
  // Kept in memory until the server is down: a new file in the project
  // makes medusa develop restart. `height` fits a long page in one shot.
  const shot = async (name, height = VIEWPORT.height) => {
    await page.setViewportSize({ width: VIEWPORT.width, height })
    screenshots.set(name, await page.screenshot())
    await page.setViewportSize(VIEWPORT)
  }
  const visible = (locator, timeout = TIMEOUT) =>
    locator.first().waitFor({ state: "visible", timeout })
  // Waits for a toast to come and go, so that none covers a screenshot.
  const toast = async (text) => {
    const message = page.getByText(text, { exact: typeof text === "string" })
    await visible(message)
    await message.waitFor({ state: "hidden" })
  }

  try {
    log("log in")
    await page.goto(`${url}/app/login`, { timeout: FIRST_LOAD_TIMEOUT })
    const email = page.getByPlaceholder("Email")
    await visible(email, FIRST_LOAD_TIMEOUT)
    await email.fill(ADMIN.email)
    await page.getByPlaceholder("Password").fill(ADMIN.password)
    await page.getByRole("button", { name: "Continue with Email" }).click()
    await page.waitForURL(/\/app\/orders/, { timeout: FIRST_LOAD_TIMEOUT })

    log("open Jane Doe")
    await page.goto(`${url}/app/customers`)
    await page
      .getByRole("cell", { name: "jane.doe@example.com", exact: true })
      .click()
    await page.waitForURL(/\/app\/customers\/cus_/)
    const phones = page.getByRole("list", { name: "Phones" })
    await visible(
      page.getByRole("heading", { name: "Customer identity" }),
      FIRST_LOAD_TIMEOUT
    )
    await visible(
      page
        .getByRole("list", { name: "Emails" })
        .getByText("jane@doe-design.example")
    )
    await visible(phones.getByText("+1 (555) 010-2030"))
    await visible(page.getByText("Matched by secondary email"))
    await visible(page.getByText("JANE.DOE@EXAMPLE.COM"))

    log("add a phone (John's first: refused) and make it primary")
    await page.getByRole("button", { name: "Add phone" }).click()
    const phoneInput = page.getByLabel("Phone", { exact: true })
    await phoneInput.fill("555 234 5678")
    await page.getByRole("button", { name: "Save" }).click()
    await toast(/^Phone ".*" already belongs to customer cus_/)
    // A new number on every run, so that a rerun against ADMIN_URL adds one too.
    const phone = `(555) 777-${String(Date.now() % 10_000).padStart(4, "0")}`
    await phoneInput.fill(phone)
    await page.getByRole("button", { name: "Save" }).click()
    await toast("Phone added")
    const row = phones.getByRole("listitem").filter({ hasText: phone })
    await visible(row)
    await row.getByRole("button", { name: `Actions for ${phone}` }).click()
    await page.getByRole("menuitem", { name: "Make primary" }).click()
    await toast("Primary phone changed")
    await visible(row.getByText("Primary", { exact: true }))
    await shot("customer", 1750)

    log("add an email and remove it")
    const emails = page.getByRole("list", { name: "Emails" })
    const extraEmail = `jane+${Date.now()}@example.com`
    await page.getByRole("button", { name: "Add email" }).click()
    await page.getByLabel("Email", { exact: true }).fill(extraEmail)
    await page.getByRole("button", { name: "Save" }).click()
    await toast("Email added")
    await emails
      .getByRole("button", { name: `Actions for ${extraEmail}` })
      .click()
    await page.getByRole("menuitem", { name: "Remove" }).click()
    await page.getByRole("button", { name: "Remove", exact: true }).click()
    await toast("Email removed")
    await emails.getByText(extraEmail).waitFor({ state: "detached" })

    log("archive and reactivate")
    const setStatus = async (action, status) => {
      await page.getByRole("button", { name: "Status actions" }).click()
      await page.getByRole("menuitem", { name: action }).click()
      await toast("Status updated")
      await visible(page.getByText(status, { exact: true }))
    }
    await setStatus("Archive", "Archived")
    await setStatus("Reactivate", "Active")

    log("open the order placed with the secondary email")
    await page
      .getByRole("row")
      .filter({ hasText: "jane@doe-design.example" })
      .getByRole("link")
      .click()
    await page.waitForURL(/\/app\/orders\/order_/)
    await visible(
      page.getByText("Matched by secondary email"),
      FIRST_LOAD_TIMEOUT
    )
    await visible(page.getByRole("link", { name: "Jane Doe" }))
    await shot("order")

    log("search the identities by a phone written differently")
    await page.getByRole("link", { name: "Customer identities" }).click()
    await page.waitForURL(/\/app\/customer-identities/)
    const search = page.getByPlaceholder("Search by email, phone or name")
    await search.fill("555.010.2030")
    const janeRow = page.getByRole("row").filter({ hasText: "Jane Doe" })
    await visible(janeRow)
    await page
      .getByRole("row")
      .filter({ hasText: "John Smith" })
      .waitFor({ state: "detached" })
    await shot("identities")
    await search.fill("")
    await page.getByRole("combobox", { name: "Account" }).click()
    await page.getByRole("option", { name: "Guests", exact: true }).click()
    await visible(page.getByRole("row").filter({ hasText: "María García" }))
    await janeRow.waitFor({ state: "detached" })
    await search.fill("555.010.2030")
    await page.getByRole("combobox", { name: "Account" }).click()
    await page.getByRole("option", { name: "Accounts and guests" }).click()
    await janeRow.click()
    await page.waitForURL(/\/app\/customers\/cus_/)

    log("unlink and link the admin user's customer")
    await page.goto(`${url}/app/settings/users`)
    await page.getByRole("cell", { name: ADMIN.email, exact: true }).click()
    await page.waitForURL(/\/app\/settings\/users\/user_/)
    const linkActions = page.getByRole("button", {
      name: "Customer link actions",
    })
    await visible(linkActions)
    await linkActions.click()
    await page.getByRole("menuitem", { name: "Unlink customer" }).click()
    await toast("Customer unlinked")
    await visible(page.getByText("No customer is linked to this user."))
    await linkActions.click()
    await page
      .getByRole("menuitem", { name: "Link by the user's email" })
      .click()
    await toast("Customer linked")
    await visible(page.getByText("Draft", { exact: true }))
    await shot("user")
  } catch (error) {
    const failure = path.join(
      os.tmpdir(),
      `customer-identity-browser-failure-${process.pid}.png`
    )
    await page
      .screenshot({ path: failure, fullPage: true })
      .catch(() => undefined)
    error.message += `\n(page: ${page.url()}, screenshot: ${failure})`
    throw error
  } finally {
    await browser.close()
  }
}

async function main() {
  const demo = process.env.ADMIN_URL
    ? { url: process.env.ADMIN_URL, stop: async () => undefined }
    : await startDemo()
  const screenshots = new Map()
  try {
    await run(demo.url, screenshots)
    log("passed")
  } catch (error) {
    if (demo.logFile) {
      const lines = fs.readFileSync(demo.logFile, "utf8").trim().split("\n")
      console.error(
        `--- last lines of the server log\n${lines.slice(-30).join("\n")}`
      )
    }
    throw error
  } finally {
    await demo.stop()
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  for (const [name, png] of screenshots) {
    fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), png)
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[browser] FAILED: ${error.stack || error.message}`)
    process.exit(1)
  }
)
