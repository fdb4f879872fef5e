#!/usr/bin/env node
// Issue #7, multi-instance: the app as one `server` and two `worker` Medusa
// processes (projectConfig.workerMode) on one Postgres and one Redis (event
// bus, workflow engine and locking on Redis, as medusa-config.ts sets them up
// with REDIS_URL).
//   Phase 1: CHECKOUTS concurrent guest checkouts through the server's store
//   API by PEOPLE people whose emails differ in case and phones in formatting;
//   once the workers have settled: exactly PEOPLE canonical identities, no
//   identifier owned twice, one order contact per order, order counts right.
//   Phase 2: the same with other people, and worker-a made to die holding an
//   event: worker-b is stopped (SIGSTOP) so that worker-a takes the next
//   events, worker-a is SIGKILLed as soon as it holds one, worker-b resumes
//   and worker-a is started again. BullMQ's stalled-job check must hand the
//   dead worker's events to a live worker; then the reconcile job runs and the
//   same holds for all people.
// Prints one line per assertion group and `N passed, M failed`; exits non-zero
// on failure.
//   REDIS_URL=redis://127.0.0.1:6379 node integration-tests/multi-instance/run.js
// The app's Redis keys start with REDIS_KEY_PREFIX (one of its own when unset);
// the run deletes those keys at the end and touches no other. Postgres: the
// DB_* variables, else an embedded one (see scripts/lib/postgres.js).
// MULTI_INSTANCE_CHECKOUTS (24: two per person) and MULTI_INSTANCE_PEOPLE (12) scale it;
// EVENT_BUS_CONCURRENCY (medusa-config.ts) sets the events a worker takes at once.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { Client } = require("pg")
const {
  DEFAULT_REDIS_URL,
  Redis,
  deleteKeysWithPrefix,
  testKeyPrefix,
} = require("../../scripts/lib/redis")
const { ROOT, medusa } = require("../../scripts/lib/demo-app")
const { httpClient } = require("../../scripts/lib/http-client")
const {
  createDatabase,
  databaseUrl,
  ensurePostgres,
  withClient,
} = require("../../scripts/lib/postgres")

const CHECKOUTS = Number(process.env.MULTI_INSTANCE_CHECKOUTS || 24)
const PEOPLE = Number(process.env.MULTI_INSTANCE_PEOPLE || 12)
const REDIS_URL = process.env.REDIS_URL || DEFAULT_REDIS_URL
const REDIS_KEY_PREFIX =
  process.env.REDIS_KEY_PREFIX || testKeyPrefix("multi-instance")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")
const BOOT_TIMEOUT = 300_000
// Long enough for BullMQ's stalled-job check (lock 30 s, check every 30 s)
// to hand a killed worker's job to another worker.
const SETTLE_TIMEOUT = 240_000
const QUIET_POLLS = 3
// Medusa's Redis event bus: BullMQ queue "events-queue" under the prefix that
// medusa-config.ts gives it.
const QUEUE = `${REDIS_KEY_PREFIX}event-bus:events-queue`
const PROCESSING_ORDER_PLACED = "Processing order.placed"
// Each attempt to catch worker-a holding an event, with worker-b stopped.
const KILL_ATTEMPTS = 3
const KILL_ATTEMPT_TIMEOUT = 10_000

const started = Date.now()
const seconds = (since = started) => ((Date.now() - since) / 1000).toFixed(1)
const log = (message) =>
  console.log(`[multi-instance ${seconds()}s] ${message}`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------- people

/** The email with its letters upper-cased where the bits of `variant` say. */
function casing(email, variant) {
  let bit = 0
  return email.replace(/[a-z]/g, (letter) =>
    (variant >> bit++) & 1 ? letter.toUpperCase() : letter
  )
}

/** One US number written as shoppers write it. */
const PHONE_FORMATS = [
  (a, b, c) => `+1 ${a} ${b} ${c}`,
  (a, b, c) => `(${a}) ${b}-${c}`,
  (a, b, c) => `${a}${b}${c}`,
  (a, b, c) => `${a}.${b}.${c}`,
  (a, b, c) => `+1-${a}-${b}-${c}`,
]

/** `PEOPLE` people of a phase: a lower-case email and a phone in E.164. */
function peopleOf(phase) {
  return Array.from({ length: PEOPLE }, (_, i) => {
    const n = String(i).padStart(2, "0")
    return {
      email: `shopper.${n}.phase${phase}@multi-instance.example`,
      line: `0${phase}${n}`,
      e164: `+1415555${`0${phase}${n}`}`,
      firstName: `Shopper${n}`,
      lastName: `Phase${phase}`,
    }
  })
}

// ---------------------------------------------------------------- processes

/** `medusa start` as one instance; its output goes to a log file. */
function startInstance(name, mode, port, env, logDir) {
  const logFile = path.join(logDir, `${name}.log`)
  const out = fs.openSync(logFile, "w")
  // node + the CLI directly (not npx): the pid is Medusa's own, for SIGKILL.
  const child = spawn(
    process.execPath,
    [MEDUSA_CLI, "start", "--port", String(port)],
    {
      cwd: ROOT,
      env: { ...env, MEDUSA_WORKER_MODE: mode },
      stdio: ["ignore", out, out],
    }
  )
  fs.closeSync(out)
  const instance = { name, mode, port, child, logFile, startedAt: Date.now() }
  instance.exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      instance.gone = true
      resolve(signal ?? code)
    })
  )
  return instance
}

/** Waits for the instance's /health (workers answer it too); returns seconds taken. */
async function waitReady(instance) {
  const deadline = Date.now() + BOOT_TIMEOUT
  while (Date.now() < deadline) {
    if (instance.gone) {
      throw new Error(
        `${instance.name} exited before it was ready (log: ${instance.logFile})`
      )
    }
    try {
      if ((await fetch(`http://localhost:${instance.port}/health`)).ok) {
        return Number(seconds(instance.startedAt))
      }
    } catch {
      // not listening yet
    }
    await sleep(500)
  }
  throw new Error(`${instance.name} not ready within ${BOOT_TIMEOUT} ms`)
}

async function stopInstance(instance) {
  if (instance.gone) {
    return
  }
  instance.child.kill("SIGTERM")
  const timer = setTimeout(() => instance.child.kill("SIGKILL"), 15_000)
  await instance.exited
  clearTimeout(timer)
}

/** How often `text` occurs in a log file. */
function countInLog(file, text) {
  return fs.readFileSync(file, "utf8").split(text).length - 1
}

/**
 * Counts `text` in what a log file gains from now on, reading only the new
 * bytes: cheap enough to poll every few milliseconds.
 */
function followLog(file, text) {
  let offset = fs.statSync(file).size
  let tail = ""
  let count = 0
  return () => {
    const fd = fs.openSync(file, "r")
    try {
      const buffer = Buffer.alloc(64 * 1024)
      let read
      while ((read = fs.readSync(fd, buffer, 0, buffer.length, offset)) > 0) {
        offset += read
        const lines = (tail + buffer.toString("utf8", 0, read)).split("\n")
        tail = lines.pop()
        count += lines.filter((line) => line.includes(text)).length
      }
    } finally {
      fs.closeSync(fd)
    }
    return count
  }
}

// ---------------------------------------------------------------- store API

/**
 * Starts CHECKOUTS guest checkouts at once, spread over `people` (checkout i
 * is person i mod PEOPLE, its email cased by i, its phone in format i). Calls
 * `onPlaced(placedSoFar)` after each order.
 */
async function runCheckouts(guestCheckout, api, fixture, people, onPlaced) {
  let placed = 0
  const since = Date.now()
  const settled = await Promise.allSettled(
    Array.from({ length: CHECKOUTS }, async (_, i) => {
      const person = people[i % people.length]
      const [a, b, c] = ["415", "555", person.line]
      const order = await guestCheckout(api, fixture, {
        email: casing(person.email, i),
        phone: PHONE_FORMATS[i % PHONE_FORMATS.length](a, b, c),
        firstName: person.firstName,
        lastName: person.lastName,
      })
      onPlaced?.(++placed)
      return { person, order }
    })
  )
  const orders = settled.flatMap((s) =>
    s.status === "fulfilled" ? [s.value] : []
  )
  const failures = settled.flatMap((s) =>
    s.status === "rejected" ? [s.reason?.message ?? String(s.reason)] : []
  )
  return { orders, failures, seconds: seconds(since) }
}

// ---------------------------------------------------------------- Redis

async function queueState(redis) {
  const [active, wait, prioritized, delayed, failed] = await redis
    .multi()
    .lrange(`${QUEUE}:active`, 0, -1)
    .llen(`${QUEUE}:wait`)
    .zcard(`${QUEUE}:prioritized`)
    .zcard(`${QUEUE}:delayed`)
    .zcard(`${QUEUE}:failed`)
    .exec()
    .then((replies) =>
      replies.map(([error, value]) => {
        if (error) throw error
        return value
      })
    )
  return {
    active,
    pending: active.length + wait + prioritized + delayed,
    waiting: wait + prioritized + delayed,
    failed,
  }
}

/** The event name and payload id of queued jobs (gone once completed). */
async function describeJobs(redis, ids) {
  return Promise.all(
    ids.map(async (id) => {
      const [name, data] = await redis.hmget(`${QUEUE}:${id}`, "name", "data")
      let entityId
      try {
        entityId = JSON.parse(data).data.id
      } catch {
        entityId = undefined
      }
      return { id, name, entityId }
    })
  )
}

/**
 * Follows the queue's BullMQ event stream and keeps the ids of jobs the
 * stalled-job check took back from a dead worker, of completed jobs, and of
 * failed jobs.
 */
function watchQueueEvents(redis) {
  const seen = { stalled: new Set(), completed: new Set(), failed: new Map() }
  let last = "$"
  let stopped = false
  const loop = (async () => {
    const key = `${QUEUE}:events`
    // "$" means "after now": turn it into a concrete id first.
    const [latest] = await redis.xrevrange(key, "+", "-", "COUNT", 1)
    last = latest ? latest[0] : "0-0"
    while (!stopped) {
      const entries = await redis.xrange(key, `(${last}`, "+", "COUNT", 1000)
      for (const [id, fields] of entries) {
        last = id
        const event = {}
        for (let i = 0; i < fields.length; i += 2)
          event[fields[i]] = fields[i + 1]
        if (event.event === "stalled") seen.stalled.add(event.jobId)
        if (event.event === "completed") seen.completed.add(event.jobId)
        if (event.event === "failed")
          seen.failed.set(event.jobId, event.failedReason)
      }
      if (entries.length < 1000) await sleep(250)
    }
  })()
  return {
    seen,
    stop: async () => {
      stopped = true
      await loop
    },
  }
}

/**
 * Makes worker-a die while it holds an event, whatever way BullMQ shares the
 * queue: worker-b is stopped (SIGSTOP), so every job that becomes active from
 * then on is worker-a's; as soon as one is, worker-a is SIGKILLed and the
 * queue is read while nobody can complete a job; then worker-b resumes
 * (SIGCONT). An attempt that fails says why; one whose worker-a finished its
 * event before the kill starts worker-a again (`restartA`) for the next.
 * KILL_ATTEMPTS at most.
 */
async function killWhileHoldingAnEvent(redis, db, workerB, workerA, restartA) {
  const failures = []
  for (let attempt = 1; attempt <= KILL_ATTEMPTS; attempt++) {
    workerB.child.kill("SIGSTOP")
    let held = []
    let queue
    try {
      const before = new Set((await queueState(redis)).active)
      const deadline = Date.now() + KILL_ATTEMPT_TIMEOUT
      const takenByA = (state) => state.active.some((id) => !before.has(id))
      while (!takenByA((queue = await queueState(redis)))) {
        if (Date.now() > deadline) {
          queue = undefined
          break
        }
        await sleep(2)
      }
      if (!queue) {
        failures.push(
          `attempt ${attempt}: worker-a took no event within ${KILL_ATTEMPT_TIMEOUT / 1000}s of worker-b's stop`
        )
        continue
      }
      workerA.child.kill("SIGKILL")
      await workerA.exited
      queue = await queueState(redis)
      held = await describeJobs(
        redis,
        queue.active.filter((id) => !before.has(id))
      )
    } finally {
      workerB.child.kill("SIGCONT")
    }
    if (held.length) {
      const orderIds = held
        .filter((job) => job.name === "order.placed")
        .map((job) => job.entityId)
      return {
        failures: [],
        attempts: attempt,
        held,
        waiting: queue.waiting,
        withoutContact: await ordersWithoutContact(db, orderIds),
      }
    }
    failures.push(
      `attempt ${attempt}: worker-a finished its event before the kill`
    )
    workerA = await restartA()
  }
  return { failures, attempts: KILL_ATTEMPTS }
}

// ---------------------------------------------------------------- database

const IDENTITY_TABLES = [
  "customer_identity_link",
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_order_contact",
]

/**
 * Waits until the event queue is empty and the identity tables have not
 * changed for QUIET_POLLS polls in a row (the pattern of helpers/settle.ts,
 * across processes).
 */
async function settle(db, redis, timeout = SETTLE_TIMEOUT) {
  const since = Date.now()
  // One statement: a pg client runs one query at a time.
  const fingerprint = async () => {
    const { rows } = await db.query(
      IDENTITY_TABLES.map(
        (table) =>
          `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') AS part FROM ${table}`
      ).join(" UNION ALL ")
    )
    return rows.map((row) => row.part).join("|")
  }
  let last = await fingerprint()
  let quiet = 0
  while (Date.now() - since < timeout) {
    await sleep(1000)
    const [next, queue] = await Promise.all([fingerprint(), queueState(redis)])
    quiet = next === last && queue.pending === 0 ? quiet + 1 : 0
    last = next
    if (quiet >= QUIET_POLLS) {
      return { settled: true, seconds: seconds(since) }
    }
  }
  return { settled: false, seconds: seconds(since) }
}

async function ordersWithoutContact(db, orderIds) {
  const { rows } = await db.query(
    `SELECT o.id FROM "order" o
     WHERE o.id = ANY($1) AND NOT EXISTS (
       SELECT 1 FROM customer_identity_order_contact c
       WHERE c.order_id = o.id AND c.deleted_at IS NULL)`,
    [orderIds]
  )
  return rows.map((row) => row.id)
}

/**
 * The invariants of docs/DESIGN.md for `people` and their `orders`, as
 * { group: problems[] }. An empty list is a pass.
 */
async function checkInvariants(db, people, orders) {
  const emails = people.map((p) => p.email)
  const phones = people.map((p) => p.e164)
  const problems = {
    identities: [],
    identifiers: [],
    contacts: [],
    counts: [],
  }

  // Identities: each person's email and phone are owned once, by one
  // customer that is canonical; every core customer with the email points to it.
  // The owners of identifier values, with their canonical customer.
  const owners = async (table, column, values) =>
    (
      await db.query(
        `SELECT t.${column} AS value, t.customer_id, l.canonical_customer_id
         FROM ${table} t
         LEFT JOIN customer_identity_link l ON l.customer_id = t.customer_id AND l.deleted_at IS NULL
         WHERE t.deleted_at IS NULL AND t.${column} = ANY($1)`,
        [values]
      )
    ).rows
  const emailRows = await owners(
    "customer_identity_email",
    "email_normalized",
    emails
  )
  const phoneRows = await owners(
    "customer_identity_phone",
    "phone_e164",
    phones
  )
  const { rows: coreRows } = await db.query(
    `SELECT lower(c.email) AS email, c.id, l.canonical_customer_id
     FROM customer c
     LEFT JOIN customer_identity_link l ON l.customer_id = c.id AND l.deleted_at IS NULL
     WHERE c.deleted_at IS NULL AND lower(c.email) = ANY($1)`,
    [emails]
  )
  const canonicalOf = new Map()
  for (const person of people) {
    const emailOwners = emailRows.filter((row) => row.value === person.email)
    const phoneOwners = phoneRows.filter((row) => row.value === person.e164)
    if (emailOwners.length !== 1 || phoneOwners.length !== 1) {
      problems.identifiers.push(
        `${person.email}: ${emailOwners.length} email rows, ${phoneOwners.length} rows of ${person.e164}`
      )
      continue
    }
    const [owner] = emailOwners
    canonicalOf.set(person.email, owner.customer_id)
    if (owner.canonical_customer_id !== owner.customer_id) {
      problems.identities.push(
        `${person.email} is owned by ${owner.customer_id}, folded into ${owner.canonical_customer_id}`
      )
    }
    if (phoneOwners[0].customer_id !== owner.customer_id) {
      problems.identities.push(
        `${person.email} belongs to ${owner.customer_id} but ${person.e164} to ${phoneOwners[0].customer_id}`
      )
    }
    for (const core of coreRows.filter((row) => row.email === person.email)) {
      if (core.canonical_customer_id !== owner.customer_id) {
        problems.identities.push(
          `core customer ${core.id} (${person.email}) has canonical ${core.canonical_customer_id}, not ${owner.customer_id}`
        )
      }
    }
  }
  const canonicals = new Set(canonicalOf.values())
  if (canonicals.size !== people.length) {
    problems.identities.push(
      `${canonicals.size} canonical identities for ${people.length} people`
    )
  }

  // Identifiers: none owned twice anywhere (the partial unique indexes' job).
  const { rows: doubles } = await db.query(
    `SELECT email_normalized AS value, count(*)::int AS n FROM customer_identity_email
     WHERE deleted_at IS NULL GROUP BY 1 HAVING count(*) > 1
     UNION ALL
     SELECT phone_e164, count(*)::int FROM customer_identity_phone
     WHERE deleted_at IS NULL GROUP BY 1 HAVING count(*) > 1`
  )
  for (const row of doubles) {
    problems.identifiers.push(`${row.value} owned ${row.n} times`)
  }

  // Contacts: every order exactly one, resolved to its person's canonical customer.
  const orderIds = orders.map(({ order }) => order.id)
  const { rows: contactRows } = await db.query(
    `SELECT o.id, count(c.id)::int AS n, min(c.canonical_customer_id) AS canonical
     FROM "order" o
     LEFT JOIN customer_identity_order_contact c ON c.order_id = o.id AND c.deleted_at IS NULL
     WHERE o.id = ANY($1) GROUP BY o.id`,
    [orderIds]
  )
  const contactOf = new Map(contactRows.map((row) => [row.id, row]))
  for (const { person, order } of orders) {
    const row = contactOf.get(order.id)
    if (!row || row.n !== 1) {
      problems.contacts.push(
        `${order.id} (${person.email}) has ${row?.n ?? 0} order contacts`
      )
    } else if (
      canonicalOf.has(person.email) &&
      row.canonical !== canonicalOf.get(person.email)
    ) {
      problems.contacts.push(
        `${order.id} (${person.email}) resolved to ${row.canonical}, not ${canonicalOf.get(person.email)}`
      )
    }
  }

  // Counts: each canonical customer's order_count equals its recorded
  // contacts and the orders its person placed.
  const placedBy = new Map()
  for (const { person } of orders) {
    placedBy.set(person.email, (placedBy.get(person.email) ?? 0) + 1)
  }
  const { rows: countRows } = await db.query(
    `SELECT l.customer_id, l.order_count,
       (SELECT count(*)::int FROM customer_identity_order_contact c
        WHERE c.canonical_customer_id = l.customer_id
          AND c.deleted_at IS NULL AND c.canceled_at IS NULL) AS contacts
     FROM customer_identity_link l
     WHERE l.deleted_at IS NULL AND l.customer_id = ANY($1)`,
    [[...canonicals]]
  )
  const countOf = new Map(countRows.map((row) => [row.customer_id, row]))
  for (const [email, customerId] of canonicalOf) {
    const row = countOf.get(customerId)
    const expected = placedBy.get(email) ?? 0
    if (!row || row.order_count !== expected || row.contacts !== expected) {
      problems.counts.push(
        `${email} (${customerId}): order_count ${row?.order_count}, ${row?.contacts} contacts, ${expected} orders placed`
      )
    }
  }
  return problems
}

// ---------------------------------------------------------------- report

const results = []

/** One assertion group: passes when `problems` is empty. */
function check(name, problems, detail = "") {
  const ok = problems.length === 0
  results.push(ok)
  console.log(`${ok ? "✔" : "✘"} ${name}${detail ? ` — ${detail}` : ""}`)
  for (const problem of problems.slice(0, 10)) {
    console.log(`    ${problem}`)
  }
  if (problems.length > 10) {
    console.log(`    … and ${problems.length - 10} more`)
  }
}

function checkInvariantGroups(label, problems, people) {
  check(
    `${label}: exactly ${people.length} canonical identities, each person's email and phone on it`,
    problems.identities
  )
  check(`${label}: no identifier owned twice`, problems.identifiers)
  check(
    `${label}: every order has exactly one order contact`,
    problems.contacts
  )
  check(
    `${label}: each canonical customer's order_count equals its orders`,
    problems.counts
  )
}

// ---------------------------------------------------------------- main

async function main() {
  const { default: getPort } = await import("get-port")
  const logDir = fs.mkdtempSync(
    path.join(os.tmpdir(), "customer-identity-multi-instance-")
  )
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 })
  const postgres = await ensurePostgres({
    dataDir: path.join(logDir, "postgres"),
    persistent: false,
    log,
  })
  const database =
    process.env.DB_TEMP_NAME || `customer_identity_multi_${Date.now()}`
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(postgres.config, database),
    REDIS_URL,
    REDIS_KEY_PREFIX,
    MEDUSA_ADMIN_DISABLED: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // Workers log "Processing <event>" at info: the kill is timed on it.
    LOG_LEVEL: "info",
    NODE_ENV: "development",
  }
  delete env.MEDUSA_WORKER_MODE
  delete env.NODE_OPTIONS
  const instances = []
  let db
  const cleanUp = async () => {
    await Promise.all(instances.map(stopInstance))
    await db?.end().catch(() => undefined)
    await withClient(postgres.config, "postgres", (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    ).catch((error) => log(`could not drop ${database}: ${error.message}`))
    await postgres.stop()
    redis.disconnect()
    const deleted = await deleteKeysWithPrefix(REDIS_URL, REDIS_KEY_PREFIX)
    log(`deleted the run's ${deleted} Redis keys (${REDIS_KEY_PREFIX}*)`)
  }

  try {
    log(`logs in ${logDir}; Redis keys under ${REDIS_URL} ${REDIS_KEY_PREFIX}`)
    log(`creating and migrating ${database}`)
    await createDatabase(postgres.config, database)
    medusa(["db:migrate", "--execute-safe-links"], env, "pipe")
    log("seeding the checkout fixture (medusa exec)")
    const fixtureFile = path.join(logDir, "fixture.json")
    medusa(
      ["exec", "./integration-tests/multi-instance/seed.ts"],
      { ...env, MULTI_INSTANCE_FIXTURE: fixtureFile },
      "pipe"
    )
    const fixture = JSON.parse(fs.readFileSync(fixtureFile, "utf8"))

    const ports = await Promise.all([
      getPort(),
      getPort(),
      getPort(),
      getPort(),
    ])
    const server = startInstance("server", "server", ports[0], env, logDir)
    const workerA = startInstance("worker-a", "worker", ports[1], env, logDir)
    const workerB = startInstance("worker-b", "worker", ports[2], env, logDir)
    instances.push(server, workerA, workerB)
    // Loaded while the instances boot: the HTTP tests' checkout helpers (TypeScript).
    require("ts-node").register({
      swc: true,
      project: path.join(ROOT, "tsconfig.json"),
    })
    const { guestCheckout } = require("../helpers/checkout")
    const boot = await Promise.all(instances.map(waitReady))
    log(
      `ready: server :${server.port} ${boot[0]}s, worker-a :${workerA.port} ${boot[1]}s, worker-b :${workerB.port} ${boot[2]}s`
    )
    db = new Client({ ...postgres.config, database })
    await db.connect()
    const api = httpClient(`http://localhost:${server.port}`)
    const events = watchQueueEvents(redis)

    // ---- phase 1: all instances up
    const people1 = peopleOf(1)
    log(`phase 1: ${CHECKOUTS} concurrent checkouts by ${PEOPLE} people`)
    const run1 = await runCheckouts(guestCheckout, api, fixture, people1)
    log(`phase 1: ${run1.orders.length} orders in ${run1.seconds}s`)
    check(
      `phase 1: ${CHECKOUTS} of ${CHECKOUTS} checkouts placed an order`,
      run1.failures,
      `${run1.seconds}s, ${(run1.orders.length / run1.seconds).toFixed(1)} orders/s`
    )
    const settle1 = await settle(db, redis)
    const split1 = [workerA, workerB].map((w) =>
      countInLog(w.logFile, PROCESSING_ORDER_PLACED)
    )
    check(
      "phase 1: the workers settled (queue empty, identity tables still)",
      settle1.settled ? [] : [`not within ${SETTLE_TIMEOUT / 1000}s`],
      `${settle1.seconds}s after the last order; order.placed processed by worker-a ${split1[0]}, worker-b ${split1[1]}`
    )
    checkInvariantGroups(
      "phase 1",
      await checkInvariants(db, people1, run1.orders),
      people1
    )

    // ---- phase 2: worker-a dies holding an event, then is started again
    const people2 = peopleOf(2)
    let restarts = 0
    const startWorkerA = async () => {
      const instance = startInstance(
        `worker-a-restarted-${++restarts}`,
        "worker",
        ports[3],
        env,
        logDir
      )
      instances.push(instance)
      await waitReady(instance)
      return instance
    }
    let killing
    log(
      `phase 2: ${CHECKOUTS} concurrent checkouts by ${PEOPLE} other people; worker-a dies holding an event`
    )
    const run2 = await runCheckouts(
      guestCheckout,
      api,
      fixture,
      people2,
      (placed) => {
        // Early enough that events keep coming while the kill is tried.
        if (placed === Math.ceil(CHECKOUTS / 4)) {
          killing = killWhileHoldingAnEvent(
            redis,
            db,
            workerB,
            workerA,
            startWorkerA
          ).then((kill) => ({ ...kill, placed }))
        }
      }
    )
    const kill = await killing
    log(`phase 2: ${run2.orders.length} orders in ${run2.seconds}s`)
    check(
      `phase 2: ${CHECKOUTS} of ${CHECKOUTS} checkouts placed an order`,
      run2.failures,
      `${run2.seconds}s, ${(run2.orders.length / run2.seconds).toFixed(1)} orders/s`
    )
    const restartStarted = Date.now()
    const restart = kill.held
      ? await startWorkerA().then(
          (instance) => ({ instance, seconds: seconds(restartStarted) }),
          (error) => ({ error: error.message })
        )
      : { error: "worker-a was not killed holding an event" }
    const held = kill.held ?? []
    check(
      "phase 2: worker-a was killed while it held an event, and started again",
      [...kill.failures, ...(restart.error ? [restart.error] : [])],
      `at ${kill.placed} orders placed, attempt ${kill.attempts} of ${KILL_ATTEMPTS}` +
        (held.length
          ? `; worker-a held ${held.map((j) => `${j.id} (${j.name} ${j.entityId})`).join(", ")}; ` +
            `orders of those without a contact then: ${kill.withoutContact.length}; ` +
            `${kill.waiting} events waiting; restarted worker-a ready in ${restart.seconds}s`
          : "")
    )

    const settle2 = await settle(db, redis)
    const missingBefore = await ordersWithoutContact(
      db,
      run2.orders.map(({ order }) => order.id)
    )
    const processed = [workerA, workerB, restart.instance].map((w) =>
      w ? countInLog(w.logFile, PROCESSING_ORDER_PLACED) : 0
    )
    check(
      "phase 2: every event the killed worker held was taken back by the stalled-job check and completed, before any reconcile",
      [
        ...(held.length ? [] : ["worker-a held no event when it was killed"]),
        ...held.flatMap((job) => [
          ...(events.seen.stalled.has(job.id)
            ? []
            : [`job ${job.id} (${job.name}) was not taken back as stalled`]),
          ...(events.seen.completed.has(job.id)
            ? []
            : [`job ${job.id} (${job.name}) was not completed`]),
          ...(job.name === "order.placed" &&
          missingBefore.includes(job.entityId)
            ? [`order ${job.entityId} of job ${job.id} has no contact`]
            : []),
        ]),
        ...(settle2.settled
          ? []
          : [`queue not settled within ${SETTLE_TIMEOUT / 1000}s`]),
        ...[...events.seen.failed].map(
          ([id, reason]) => `job ${id} failed: ${reason}`
        ),
      ],
      `stalled jobs ${[...events.seen.stalled].join(", ") || "none"}; ` +
        `settled ${settle2.seconds}s after the last order; order.placed processing starts in phase 2: worker-a ${processed[0] - split1[0]}, ` +
        `worker-b ${processed[1] - split1[1]}, restarted worker-a ${processed[2]}, ` +
        `for ${run2.orders.length} orders; orders without a contact before reconcile: ${missingBefore.length}`
    )

    log("phase 2: running the reconcile job (medusa exec)")
    const reconcileStarted = Date.now()
    medusa(
      ["exec", "./integration-tests/multi-instance/reconcile.ts"],
      env,
      "pipe"
    )
    const reconcileSeconds = seconds(reconcileStarted)
    const settle3 = await settle(db, redis)
    log(
      `reconcile job: ${reconcileSeconds}s; settled after ${settle3.seconds}s`
    )
    await events.stop()
    const allOrders = [...run1.orders, ...run2.orders]
    checkInvariantGroups(
      `after reconcile, all ${2 * PEOPLE} people`,
      await checkInvariants(db, [...people1, ...people2], allOrders),
      [...people1, ...people2]
    )
  } catch (error) {
    check("the run itself", [error.stack || error.message])
    for (const file of fs
      .readdirSync(logDir)
      .filter((f) => f.endsWith(".log"))) {
      const lines = fs
        .readFileSync(path.join(logDir, file), "utf8")
        .trim()
        .split("\n")
      console.error(`--- last lines of ${file}\n${lines.slice(-15).join("\n")}`)
    }
  } finally {
    await cleanUp()
  }
  const failed = results.filter((ok) => !ok).length
  console.log(
    `\n${results.length - failed} passed, ${failed} failed (${seconds()}s; logs in ${logDir})`
  )
  return failed
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error) => {
    console.error(`[multi-instance] FAILED: ${error.stack || error.message}`)
    process.exit(1)
  }
)
