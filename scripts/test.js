#!/usr/bin/env node
// Runs every suite one after another, or the one named:
//   npm test                         all of them
//   npm test -- integration:http     one suite; further arguments go to jest
// The multi-instance suite and the browser suite (last) are node scripts, not
// jest: one server and two worker Medusa processes on Redis, and the admin UI
// in Chromium against the demo app.
// The HTTP suite runs twice: with Medusa's in-memory event bus, workflow engine
// and locking, and with their Redis modules (REDIS_URL, else 127.0.0.1:6379 when
// a Redis answers there).
const { spawnSync } = require("child_process")
const net = require("net")

const SUITES = {
  unit: { type: "unit" },
  "integration:modules": { type: "integration:modules" },
  "integration:http": { type: "integration:http" },
  "integration:http:redis": { type: "integration:http", redis: true },
  // One server and two worker instances on Redis; empties its Redis database.
  "multi-instance": {
    script: "integration-tests/multi-instance/run.js",
    redis: true,
  },
  browser: { script: "integration-tests/browser/admin.js" },
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) })
    socket.setTimeout(2000)
    const done = (answered) => {
      socket.destroy()
      resolve(answered)
    }
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
    socket.once("timeout", () => done(false))
  })
}

async function main() {
  const [first, ...rest] = process.argv.slice(2)
  const names = SUITES[first] ? [first] : Object.keys(SUITES)
  const jestArgs = SUITES[first] ? rest : process.argv.slice(2)
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379"

  for (const name of names) {
    const suite = SUITES[name]
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
    if (suite.redis) {
      if (!(await redisAnswers(redisUrl))) {
        console.log(
          `\n=== ${name}: not run, no Redis answers at ${redisUrl} ===`
        )
        continue
      }
      env.REDIS_URL = redisUrl
    }
    console.log(`\n=== ${name} ===`)
    const args = suite.script
      ? [suite.script]
      : [
          require.resolve("jest/bin/jest"),
          // Test files each boot their own app on their own database (and on
          // Redis their own Redis database, see integration-tests/setup.js):
          // two at a time use both cores.
          ...(suite.type === "integration:http"
            ? [`--maxWorkers=${process.env.TEST_WORKERS || 2}`]
            : ["--runInBand"]),
          "--forceExit",
          ...jestArgs,
        ]
    const result = spawnSync(process.execPath, args, { stdio: "inherit", env })
    if (result.status !== 0) {
      process.exit(result.status ?? 1)
    }
  }
  process.exit(0)
}

main()
