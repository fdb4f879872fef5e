#!/usr/bin/env node
// Runs the suites one after another (unit, module, HTTP), or the one named:
//   npm test            all of them
//   npm test -- unit    one TEST_TYPE; extra arguments go to jest
const { spawnSync } = require("child_process")

const ALL = ["unit", "integration:modules", "integration:http"]
const [first, ...rest] = process.argv.slice(2)
const types = ALL.includes(first) ? [first] : ALL
const jestArgs = ALL.includes(first) ? rest : process.argv.slice(2)

for (const type of types) {
  console.log(`\n=== ${type} ===`)
  const result = spawnSync(
    process.execPath,
    [
      require.resolve("jest/bin/jest"),
      "--runInBand",
      "--forceExit",
      ...jestArgs,
    ],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        TEST_TYPE: type,
        LOG_LEVEL: process.env.LOG_LEVEL || "error",
        // Both Medusa test runners load the app through a dynamic import.
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"]
          .filter(Boolean)
          .join(" "),
      },
    }
  )
  if (result.status !== 0) {
    process.exit(result.status ?? 1)
  }
}
