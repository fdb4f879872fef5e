const { MetadataStorage } = require("@mikro-orm/core")

// Each test file boots its own app or module; stale entity metadata from a previous file breaks it.
MetadataStorage.clear()

// Parallel jest workers each boot an app: on one Redis database they would take each other's events, jobs and locks.
if (process.env.REDIS_URL && process.env.JEST_WORKER_ID) {
  const url = new URL(process.env.REDIS_URL)
  const base = Number(url.pathname.slice(1) || 0)
  url.pathname = `/${base + Number(process.env.JEST_WORKER_ID) - 1}`
  process.env.REDIS_URL = url.toString()
}
