const { randomUUID } = require("crypto")
const { MetadataStorage } = require("@mikro-orm/core")

// Each test file boots its own app or module; stale entity metadata from a previous file breaks it.
MetadataStorage.clear()

// On Redis each test file runs its app under a key prefix of its own (within
// the run's, which scripts/test.js deletes afterwards): files running at once
// would otherwise take each other's events and workflow steps.
if (process.env.TEST_REDIS_KEY_PREFIX) {
  process.env.REDIS_KEY_PREFIX = `${process.env.TEST_REDIS_KEY_PREFIX}${randomUUID().slice(0, 8)}:`
}
