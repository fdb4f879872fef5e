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
    await visible(page.getByText("Recognised by a secondary email"))
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

    log("her seeded loyalty card; add an identifier of a kind and remove it")
    const identifiers = page.getByRole("list", { name: "Other identifiers" })
    await visible(identifiers.getByText("JD 2030 7781"))
    const card = `LC-${Date.now()}`
    await page.getByRole("button", { name: "Add identifier" }).click()
    await page.getByRole("combobox", { name: "Kind" }).click()
    await page.getByRole("option", { name: "Loyalty card" }).click()
    await page.getByLabel("Value", { exact: true }).fill(card)
    await page.getByRole("button", { name: "Save" }).click()
    await toast("Identifier added")
    await identifiers
      .getByRole("button", { name: `Actions for ${card}` })
      .click()
    await page.getByRole("menuitem", { name: "Remove" }).click()
    await page.getByRole("button", { name: "Remove", exact: true }).click()
    await toast("Identifier removed")
    await identifiers.getByText(card).waitFor({ state: "detached" })

    log("archive and reactivate")
    const setStatus = async (action, status) => {
      await page.getByRole("button", { name: "Status actions" }).click()
      await page.getByRole("menuitem", { name: action }).click()
      await toast("Status updated")
      await visible(page.getByText(status, { exact: true }))
    }
    await setStatus("Archive", "Archived")
    await setStatus("Reactivate", "Active")

    log("download everything held about Jane")
    await page.getByRole("button", { name: "Status actions" }).click()
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "Download data" }).click(),
    ])
    const exported = JSON.parse(fs.readFileSync(await download.path(), "utf8"))
    if (
      download.suggestedFilename() !==
        `customer-${exported.customer_id}.json` ||
      exported.format !== "medusa-customer-identity/export" ||
      !exported.emails.some((row) => row.email === "jane.doe@example.com")
    ) {
      throw new Error(
        `the download is not Jane's export: ${download.suggestedFilename()}`
      )
    }
    await toast("Customer data downloaded")

    log("open the order placed with the secondary email")
    await page
      .getByRole("row")
      .filter({ hasText: "jane@doe-design.example" })
      .getByRole("link")
      .click()
    await page.waitForURL(/\/app\/orders\/order_/)
    await visible(
      page.getByText("Recognised by a secondary email"),
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
    // The settings pages compile on their first visit, as the orders did.
    const adminCell = page.getByRole("cell", { name: ADMIN.email, exact: true })
    await visible(adminCell, FIRST_LOAD_TIMEOUT)
    await adminCell.click()
    await page.waitForURL(/\/app\/settings\/users\/user_/)
    const linkActions = page.getByRole("button", {
      name: "Customer link actions",
    })
    await visible(linkActions, FIRST_LOAD_TIMEOUT)
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

    await reviewDuplicates(page, url, { shot, visible, toast })
    await reviewFolds(page, url, { shot, visible })
    await importCustomers(page, url, { shot, visible })
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

/** The admin API as the logged-in page calls it (its session cookie). */
const adminApi = (page, path, body) =>
  page.evaluate(
    async ([path, body]) => {
      const response = await fetch(path, {
        method: body ? "POST" : "GET",
        credentials: "include",
        headers: { "content-type": "application/json" },
        body: body && JSON.stringify(body),
      })
      const data = await response.json()
      if (!response.ok) {
        throw new Error(`${path}: ${response.status} ${data.message}`)
      }
      return data
    },
    [path, body]
  )

const customerIdOf = async (page, email) =>
  (
    await adminApi(
      page,
      `/admin/customer-identity/customers?q=${encodeURIComponent(email)}`
    )
  ).customer_identities[0].customer_id

const expectDisabled = async (locator, disabled = true) => {
  if ((await locator.isDisabled()) !== disabled) {
    throw new Error(`expected ${locator} to be ${disabled ? "" : "en"}abled`)
  }
}

/**
 * The Duplicates tab and the merge history: a blocked pair dismissed, the
 * seeded pair of Lucas Martin (his account and a guest with another Gmail
 * spelling) reviewed, merged and reverted from his page, and a revert the
 * API refuses. Ends with the pair unmerged, so that it can run again.
 */
async function reviewDuplicates(page, url, { shot, visible, toast }) {
  const ACCOUNT = "lucas.martin@gmail.com"
  const GUEST = "lucasmartin@googlemail.com"

  log("a pair of this run, one of them archived")
  const stamp = String(Date.now()).slice(-6)
  const olivia = []
  for (const email of [
    `olivia.chen.${stamp}@gmail.com`,
    `oliviachen${stamp}@gmail.com`,
  ]) {
    const { customer_identity } = await adminApi(
      page,
      "/admin/customer-identity/customers",
      { first_name: "Olivia", last_name: "Chen", email }
    )
    olivia.push(customer_identity.customer_id)
  }
  await adminApi(
    page,
    `/admin/customer-identity/customers/${olivia[1]}/archive`,
    {}
  )

  log("the Duplicates tab: scores, reasons, the score filter")
  await page.goto(`${url}/app/customer-identities`)
  await page.getByRole("tab", { name: "Duplicates" }).click()
  await page.waitForURL(/\/app\/customer-identities\?tab=duplicates/)
  const lucasRow = page.getByRole("row").filter({ hasText: GUEST })
  const oliviaRow = page
    .getByRole("row")
    .filter({ hasText: `oliviachen${stamp}@gmail.com` })
  for (const text of [
    ACCOUNT,
    "86%",
    "Same inbox after provider rules",
    `${ACCOUNT} ~ ${GUEST}`,
    "Shared phone",
    "+15554112233",
    "Similar name",
  ]) {
    await visible(lucasRow.getByText(text, { exact: true }))
  }
  await visible(oliviaRow.getByText("50%", { exact: true }))
  const minScore = page.getByRole("combobox", { name: "Minimum score" })
  await minScore.click()
  await page.getByRole("option", { name: "Score 80% or more" }).click()
  await oliviaRow.waitFor({ state: "detached" })
  await visible(lucasRow)
  await minScore.click()
  await page.getByRole("option", { name: "Any score" }).click()
  await visible(oliviaRow)
  await shot("duplicates")

  log("a blocked merge cannot be confirmed; the pair is dismissed")
  const dialog = page.getByRole("dialog")
  const mergeButton = dialog.getByRole("button", { name: "Merge", exact: true })
  await oliviaRow.getByRole("button", { name: "Review merge" }).click()
  await visible(
    dialog
      .getByRole("list", { name: "Blockers" })
      .getByText(`Customer ${olivia[1]} is archived`, { exact: false })
  )
  await expectDisabled(mergeButton)
  await dialog.getByRole("button", { name: "Cancel" }).click()
  await dialog.waitFor({ state: "detached" })
  await oliviaRow.getByRole("button", { name: /^More actions for/ }).click()
  await page.getByRole("menuitem", { name: "Dismiss" }).click()
  await page.getByRole("button", { name: "Dismiss", exact: true }).click()
  await toast("Pair dismissed")
  await oliviaRow.waitFor({ state: "detached" })

  log("review the merge of Lucas's pair, choosing who is kept")
  // Looked up while each is its own canonical customer.
  const [accountId, guestId] = [
    await customerIdOf(page, ACCOUNT),
    await customerIdOf(page, GUEST),
  ]
  await lucasRow.getByRole("button", { name: "Review merge" }).click()
  const keep = (email) => dialog.getByRole("radio").filter({ hasText: email })
  const moves = dialog.getByLabel("What moves")
  if ((await keep(ACCOUNT).getAttribute("aria-checked")) !== "true") {
    throw new Error("the account should be kept by default")
  }
  for (const text of [
    GUEST,
    "22 Harbor Rd, 97201, Portland, us",
    "Newsletter",
  ]) {
    await visible(moves.getByText(text, { exact: true }))
  }
  await visible(moves.getByText(/^Order #\d+$/))
  await keep(GUEST).click()
  await visible(moves.getByText("lucas@martin-studio.example"))
  await keep(ACCOUNT).click()
  await visible(moves.getByText("22 Harbor Rd", { exact: false }))
  await expectDisabled(mergeButton, false)
  await shot("merge")
  await mergeButton.click()
  await toast("Customers merged")
  await dialog.waitFor({ state: "detached" })
  await lucasRow.waitFor({ state: "detached" })

  log("revert it from the account's merge history")
  await page.goto(`${url}/app/customers/${accountId}`)
  const history = page.getByRole("table", { name: "Merge history" })
  const latest = history.getByRole("row").nth(1)
  await visible(latest.getByText("merged into this customer"), TIMEOUT * 2)
  await visible(latest.getByText("1 email · 1 order · 1 address · 1 group"))
  await visible(latest.getByText("Merged", { exact: true }))
  await visible(
    page.getByRole("link", { name: GUEST, exact: true }) // folded customers
  )
  await shot("history", 1900)
  await latest.getByRole("button", { name: "Merge actions" }).click()
  await page.getByRole("menuitem", { name: "Revert" }).click()
  await page.getByRole("button", { name: "Revert", exact: true }).click()
  await toast("Merge reverted")
  await visible(latest.getByText("Reverted", { exact: true }))
  await page
    .getByRole("link", { name: GUEST, exact: true })
    .waitFor({ state: "detached" })

  log("a revert the API refuses shows its message")
  const { customer_merge } = await adminApi(
    page,
    "/admin/customer-identity/merges",
    { source_customer_id: guestId, target_customer_id: accountId }
  )
  await page.reload()
  await visible(latest.getByText("Merged", { exact: true }), TIMEOUT * 2)
  // Another admin reverts it first: this page is out of date.
  await adminApi(
    page,
    `/admin/customer-identity/merges/${customer_merge.id}/revert`,
    {}
  )
  await latest.getByRole("button", { name: "Merge actions" }).click()
  await page.getByRole("menuitem", { name: "Revert" }).click()
  await page.getByRole("button", { name: "Revert", exact: true }).click()
  await toast(`Merge ${customer_merge.id} was already reverted`)
  await visible(latest.getByText("Reverted", { exact: true }))

  log("the pair is up for review again")
  await page.goto(`${url}/app/customer-identities?tab=duplicates`)
  await visible(lucasRow)
}

/**
 * The Folds tab: the seed folded Jane's guest checkout into her account by
 * the account's email, which nobody has verified: an unproven fold.
 */
async function reviewFolds(page, url, { shot, visible }) {
  log("the Folds tab: the evidence filter shows the unproven folds")
  await page.goto(`${url}/app/customer-identities?tab=folds`)
  const jane = page
    .getByRole("table", { name: "Folds" })
    .getByRole("row")
    .filter({ hasText: "Account's unverified email" })
    .filter({ hasText: "Jane Doe" })
  await visible(jane, TIMEOUT * 2)
  const evidence = page.getByRole("combobox", { name: "Evidence" })
  await evidence.click()
  await page.getByRole("option", { name: "Merged by an admin" }).click()
  await jane.first().waitFor({ state: "detached" })
  await evidence.click()
  await page.getByRole("option", { name: "Unproven folds" }).click()
  await visible(jane.getByText("Unproven", { exact: true }))
  await visible(jane.getByRole("button", { name: "Merge actions" }))
  await shot("folds")
}

async function importCustomers(page, url, { shot, visible }) {
  log("import a WooCommerce customers export: check it, then import it")
  await page.goto(`${url}/app/customer-identities`)
  await page.getByRole("button", { name: "Import", exact: true }).click()
  await page.getByRole("combobox", { name: "Exported from" }).click()
  await page.getByRole("option", { name: "WooCommerce" }).click()
  // New ids and a new person on every run, so that a rerun imports one too.
  const stamp = Date.now()
  const csv = [
    "customer_id,first_name,last_name,email,billing_phone,billing_country,total_spent,order_count",
    `${stamp}1,Jane,Doe,JANE.DOE@example.com,,US,310.00,4`,
    `${stamp}2,Noor,Haddad,noor.${stamp}@example.com,+1 555 300 ${String(stamp % 10_000).padStart(4, "0")},US,42.00,1`,
    `${stamp}3,Bad,Row,not-an-email,,US,0.00,0`,
  ].join("\n")
  await page.getByLabel("Customers file (CSV)").setInputFiles({
    name: "customers_export.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  })
  await page.getByRole("button", { name: "Check file" }).click()
  await visible(page.getByText("Checked: this is what the import will do"))
  await visible(
    page
      .getByRole("table", { name: "Rejected rows" })
      .getByText(/not a valid email address/)
  )
  await shot("import")
  await page.getByRole("button", { name: "Import 2 rows" }).click()
  await visible(page.getByText("Imported", { exact: true }))
  await page.getByRole("button", { name: "Close" }).click()

  log("another system's CSV: its columns guessed, then checked")
  await page.getByRole("button", { name: "Import", exact: true }).click()
  await page.getByRole("combobox", { name: "Exported from" }).click()
  await page.getByRole("option", { name: "Another system (CSV)" }).click()
  await page.getByLabel("Customers file (CSV)").setInputFiles({
    name: "crm.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      `E-mail,Given name,Surname,Mobile\ncrm.${stamp}@example.com,Cam,Rivera,\n`
    ),
  })
  const mapping = page.getByRole("group", { name: "Column mapping" })
  for (const [field, column] of [
    ["Email", "E-mail"],
    ["First name", "Given name"],
    ["Last name", "Surname"],
    ["Phone", "Mobile"],
  ]) {
    // The header is read after the file is chosen: a busy machine takes longer.
    const select = mapping.getByLabel(field, { exact: true })
    const since = Date.now()
    let chosen
    while ((chosen = await select.inputValue()) !== column) {
      if (Date.now() - since > TIMEOUT) {
        throw new Error(`${field} maps to "${chosen}", not "${column}"`)
      }
      await page.waitForTimeout(100)
    }
  }
  await page.getByRole("button", { name: "Check file" }).click()
  await visible(page.getByText("Checked: this is what the import will do"))
  await page.getByRole("button", { name: "Cancel" }).click()
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
