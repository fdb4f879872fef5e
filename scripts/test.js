#!/usr/bin/env node
// Runs every suite, or the one named, and prints what each took:
//   npm test                         all of them, in two lanes side by side
//   npm test -- integration:http     one suite; further arguments go to jest
// The multi-instance, packed and browser suites are node scripts, not jest:
// one server and two worker Medusa processes on Redis; the packed tarball in a
// scratch app; the admin UI in Chromium against the demo app.
// The HTTP suite runs twice: with Medusa's in-memory event bus, workflow engine
// and locking, and with their Redis modules (REDIS_URL, else 127.0.0.1:6379).
// Without a Redis the Redis suites are skipped with a line in the log, or fail
// when CI=true. They write only keys under a prefix of their own run and
// delete those keys afterwards (scripts/lib/redis.js).
const fs = require("fs")
const os = require("os")
const path = require("path")
const readline = require("readline")
const { spawn } = require("child_process")
const {
  DEFAULT_REDIS_URL,
  deleteKeysWithPrefix,
  redisAnswers,
  testKeyPrefix,
} = require("./lib/redis")

const SUITES = {
  unit: { type: "unit" },
  // The module's tests, and the boot check (`medusa start` in production).
  "integration:modules": { type: "integration:modules" },
  "integration:http": { type: "integration:http" },
  // The files whose behaviour depends on the event bus, the workflow engine
  // or the locking provider run on Redis too; admin.spec.ts (admin and store
  // routes and their validation, the duplicate scan, data requests, the
  // policy's differential check) reads and writes the same way on either,
  // and runs in memory only.
  "integration:http:redis": {
    type: "integration:http",
    redis: true,
    skip: ["admin"],
  },
  // One server and two worker instances on Redis.
  "multi-instance": {
    script: "integration-tests/multi-instance/run.js",
    redis: true,
  },
  // The packed tarball installed into a scratch app with only the plugin.
  packed: { script: "integration-tests/packed/run.js" },
  browser: { script: "integration-tests/browser/admin.js" },
}

// Suites of a lane run one after another, the lanes side by side: much of
// each suite's time is spent waiting (database restores, subscribers, a single
// server process), which the other lane fills.
const LANES = [
  ["integration:http", "browser"],
  [
    "integration:modules",
    "unit",
    "multi-instance",
    "integration:http:redis",
    "packed",
  ],
]

/**
 * Runs node with `args`; with `label`, each output line is prefixed by it and
 * the last lines are kept (`tail`): a failed script suite's reason is printed
 * again at the end, where CI's kept output is.
 */
function run(args, env, label) {
  const tail = []
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: label ? ["ignore", "pipe", "pipe"] : "inherit",
      env,
    })
    if (label) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        readline
          .createInterface({ input: from, crlfDelay: Infinity })
          .on("line", (line) => {
            to.write(`[${label}] ${line}\n`)
            tail.push(line)
            if (tail.length > 20) {
              tail.shift()
            }
          })
      }
    }
    child.once("close", (code, signal) =>
      resolve({ status: signal ? 1 : (code ?? 1), tail })
    )
  })
}

/**
 * Passed/failed counts of a jest JSON report, and each failed test with the
 * first lines of its failure: CI keeps only the tail of the output.
 */
function countsOf(report) {
  try {
    const json = JSON.parse(fs.readFileSync(report, "utf8"))
    const failures = json.testResults.flatMap((file) => {
      const where = path.relative(process.cwd(), file.name)
      const tests = file.assertionResults
        .filter((test) => test.status === "failed")
        .map((test) => ({
          title: `${where} › ${test.fullName}`,
          message: test.failureMessages.join("\n"),
        }))
      // A file that fails before any test runs has its message on the file.
      return tests.length || file.status !== "failed"
        ? tests
        : [{ title: where, message: file.message }]
    })
    const slowest = json.testResults
      .map((file) => ({
        where: path.relative(process.cwd(), file.name),
        seconds: (file.endTime - file.startTime) / 1000,
      }))
      .sort((a, b) => b.seconds - a.seconds)
    return {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      failures,
      slowest,
    }
  } catch {
    return null
  }
}

async function runSuite(name, suite, jestArgs, label) {
  const env = {
    ...process.env,
    TEST_TYPE: suite.type,
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    // Both Medusa test runners load the app through a dynamic import.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"]
      .filter(Boolean)
      .join(" "),
  }
  delete env.REDIS_URL
  delete env.REDIS_KEY_PREFIX
  let prefix
  if (suite.redis) {
    const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
    if (!(await redisAnswers(redisUrl))) {
      const why = `no Redis answers at ${redisUrl}`
      if (process.env.CI === "true") {
        console.log(`\n=== ${name}: FAILED, ${why} (CI=true) ===`)
        return { status: 1, note: why }
      }
      console.log(`\n=== ${name}: not run, ${why} ===`)
      return { status: 0, note: `not run: ${why}` }
    }
    prefix = testKeyPrefix(name)
    env.REDIS_URL = redisUrl
    // Jest files add a part of their own (integration-tests/setup.js).
    env[suite.script ? "REDIS_KEY_PREFIX" : "TEST_REDIS_KEY_PREFIX"] = prefix
  }
  console.log(`\n=== ${name} ===`)
  const report = path.join(
    os.tmpdir(),
    `customer-identity-${name.replace(/:/g, "-")}-${process.pid}.json`
  )
  const args = suite.script
    ? [suite.script]
    : [
        require.resolve("jest/bin/jest"),
        // Test files each boot their own app on their own database: two at a
        // time use both cores.
        ...(suite.type === "integration:http"
          ? [`--maxWorkers=${process.env.TEST_WORKERS || 2}`]
          : ["--runInBand"]),
        "--forceExit",
        ...(suite.skip ?? []).map(
          (file) => `--testPathIgnorePatterns=/${file}\\.spec\\.ts$`
        ),
        "--json",
        `--outputFile=${report}`,
        ...jestArgs,
      ]
  const { status, tail } = await run(args, env, label)
  const counts = suite.script ? null : countsOf(report)
  fs.rmSync(report, { force: true })
  if (prefix) {
    const deleted = await deleteKeysWithPrefix(env.REDIS_URL, prefix).catch(
      (error) => `not deleted (${error.message})`
    )
    console.log(`[${name}] Redis keys under ${prefix}: ${deleted} deleted`)
  }
  return { status, counts, tail: suite.script && status !== 0 ? tail : [] }
}

async function main() {
  const [first, ...rest] = process.argv.slice(2)
  const results = []
  const runLane = async (names, jestArgs, labelled) => {
    for (const name of names) {
      const started = Date.now()
      const result = await runSuite(
        name,
        SUITES[name],
        jestArgs,
        labelled ? name : undefined
      )
      results.push({ name, seconds: (Date.now() - started) / 1000, ...result })
    }
  }
  const started = Date.now()
  if (SUITES[first]) {
    await runLane([first], rest, false)
  } else {
    await Promise.all(
      LANES.map((lane) => runLane(lane, process.argv.slice(2), true))
    )
  }
  const order = Object.keys(SUITES)
  results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
  for (const { name, counts, tail } of results) {
    if (tail?.length) {
      console.log(`\n✕ [${name}] last lines\n${tail.join("\n")}`)
    }
    for (const { title, message } of counts?.failures ?? []) {
      const lines = (message || "").split("\n").filter((l) => l.trim())
      console.log(`\n✕ [${name}] ${title}\n${lines.slice(0, 12).join("\n")}`)
    }
  }
  // Where a jest suite's time went: CI's budget is spent file by file.
  for (const { name, counts } of results) {
    if (counts?.slowest.length > 1) {
      console.log(`\n[${name}] slowest files`)
      for (const { where, seconds } of counts.slowest.slice(0, 8)) {
        console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${where}`)
      }
    }
  }
  console.log("\n=== suites ===")
  for (const { name, seconds, status, counts, note } of results) {
    const tests = counts
      ? `${counts.passed} passed, ${counts.failed} failed`
      : ""
    console.log(
      `${status === 0 ? "ok  " : "FAIL"} ${name.padEnd(24)} ${seconds
        .toFixed(0)
        .padStart(5)} s  ${tests}${note ? ` (${note})` : ""}`
    )
  }
  const total = (Date.now() - started) / 1000
  console.log(`     ${"all".padEnd(24)} ${total.toFixed(0).padStart(5)} s`)
  const failed = results.filter((r) => r.status !== 0)
  console.log(
    `Suites: ${results.length - failed.length} passed, ${failed.length} failed`
  )
  process.exit(failed.length ? 1 : 0)
}

main()
