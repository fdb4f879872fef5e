import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// With REDIS_URL the app runs as in production: events, workflows and locks
// are shared through Redis by every server and worker instance.
const redisUrl = process.env.REDIS_URL
// Keys of this app's queues and locks start with REDIS_KEY_PREFIX when set, so
// that several apps (a test run beside a developer's own) share one Redis
// database without taking each other's jobs.
const redisKeyPrefix = process.env.REDIS_KEY_PREFIX
const bullPrefix = (name: string) =>
  redisKeyPrefix ? { prefix: `${redisKeyPrefix}${name}` } : {}

const redisModules = redisUrl
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        key: Modules.EVENT_BUS,
        // Core tries an event once; a subscriber that failed (a lock timeout, a
        // dropped connection) is tried again, the ones that succeeded are not.
        options: {
          redisUrl,
          queueOptions: bullPrefix("event-bus"),
          workerOptions: {
            ...bullPrefix("event-bus"),
            // Events one worker instance handles at a time (BullMQ's default: 1);
            // subscribers mostly wait on Postgres (README: Redis).
            concurrency: Number(process.env.EVENT_BUS_CONCURRENCY || 10),
          },
          jobOptions: {
            attempts: 3,
            backoff: { type: "exponential", delay: 1000 },
          },
        },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        key: Modules.WORKFLOW_ENGINE,
        options: {
          redis: {
            redisUrl,
            queueOptions: bullPrefix("workflows"),
            workerOptions: bullPrefix("workflows"),
          },
        },
      },
      {
        resolve: "@medusajs/medusa/locking",
        key: Modules.LOCKING,
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: {
                redisUrl,
                ...(redisKeyPrefix && { namespace: `${redisKeyPrefix}lock:` }),
              },
            },
          ],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE as
      "shared" | "worker" | "server" | undefined,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors:
        process.env.AUTH_CORS || "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    {
      resolve: "./src/modules/customer-identity",
      options: {
        defaultCountry: process.env.CUSTOMER_IDENTITY_DEFAULT_COUNTRY || "US",
        // Off for `medusa user` in the demo set-up, which exits without
        // waiting for subscribers: the demo seed links its users itself.
        autoCreateForUsers:
          process.env.CUSTOMER_IDENTITY_AUTO_CREATE_FOR_USERS !== "false",
        // The demo's other identifiers: a store migrating from Shopify, a
        // loyalty card, and B2B buyers' VAT numbers (shared by colleagues).
        // shopify_customer_id and woocommerce_customer_id are built in.
        identifierKinds: [
          {
            kind: "loyalty_card",
            label: "Loyalty card",
            normalize: "alnum-upper",
            shopperVisible: true,
          },
          {
            kind: "tax_id",
            label: "VAT number",
            normalize: "alnum-upper",
            match: "suggest",
          },
        ],
        matchOrder: ["email", "phone", "shopify_customer_id", "loyalty_card"],
        // Comma-separated, newest first: "new,old" rotates the key while
        // earlier erasures keep matching. Unset: the cookie secret.
        suppressionSecret:
          process.env.CUSTOMER_IDENTITY_SUPPRESSION_SECRET?.split(","),
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: ["email", "sms"] },
          },
        ],
      },
    },
    ...redisModules,
  ],
})
