const { MetadataStorage } = require("@mikro-orm/core")

// Each test file boots its own app or module; stale entity metadata from a previous file breaks it.
MetadataStorage.clear()

// HTTP files running at once on Redis each get their own Redis database: one
// app's workers would otherwise take the other's events and workflow steps.
if (process.env.REDIS_URL && process.env.JEST_WORKER_ID) {
  const url = new URL(process.env.REDIS_URL)
  const base = Number(url.pathname.slice(1) || 0)
  url.pathname = `/${base + Number(process.env.JEST_WORKER_ID)}`
  process.env.REDIS_URL = url.toString()
}
