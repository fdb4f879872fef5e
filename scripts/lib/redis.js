// Redis for the test suites: whether one answers, and keys of their own.
// A suite never empties a database: it runs the app under a key prefix of its
// own (REDIS_KEY_PREFIX, see medusa-config.ts) and deletes only keys under it.
const net = require("net")
const path = require("path")

const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"

// ioredis, the client of Medusa's Redis modules, resolved through one of them.
const Redis = require(
  require.resolve("ioredis", {
    paths: [path.dirname(require.resolve("@medusajs/event-bus-redis"))],
  })
)

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

/** A prefix no other run uses: the suite's name, this process and the time. */
function testKeyPrefix(suite) {
  return `customer-identity-test:${suite}:${process.pid}-${Date.now().toString(36)}:`
}

/** Deletes the keys that start with `prefix` (and no other); returns how many. */
async function deleteKeysWithPrefix(url, prefix) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 })
  try {
    const glob = prefix.replace(/[*?[\]\\]/g, "\\$&")
    let cursor = "0"
    let deleted = 0
    do {
      const [next, keys] = await redis.scan(
        cursor,
        "MATCH",
        `${glob}*`,
        "COUNT",
        1000
      )
      cursor = next
      if (keys.length) {
        deleted += await redis.unlink(...keys)
      }
    } while (cursor !== "0")
    return deleted
  } finally {
    redis.disconnect()
  }
}

module.exports = {
  DEFAULT_REDIS_URL,
  Redis,
  deleteKeysWithPrefix,
  redisAnswers,
  testKeyPrefix,
}
