const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const testMatch = {
  unit: ["<rootDir>/src/**/*.unit.spec.ts"],
  "integration:modules": ["<rootDir>/src/modules/*/__tests__/**/*.spec.ts"],
  "integration:http": ["<rootDir>/integration-tests/http/**/*.spec.ts"],
}

const testType = process.env.TEST_TYPE || "unit"
if (!testMatch[testType]) {
  throw new Error(
    `TEST_TYPE must be one of ${Object.keys(testMatch).join(", ")}; got "${testType}"`
  )
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  testMatch: testMatch[testType],
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  ...(testType === "unit"
    ? {}
    : {
        globalSetup: "<rootDir>/integration-tests/global-setup.js",
        globalTeardown: "<rootDir>/integration-tests/global-teardown.js",
      }),
}
