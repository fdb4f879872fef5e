// A stock Medusa app in a scratch directory, as a merchant has one: the
// packed suite installs the plugin's tarball into it, the load benchmark runs
// it with and without the plugin. Its packages are the repository's own
// (node_modules entries symlinked), so that it needs no second install.
const fs = require("fs")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { ROOT, medusa } = require("./demo-app")

const PACKAGE = require(path.join(ROOT, "package.json"))
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")
const BOOT_TIMEOUT = 180_000

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${result.status})\n${result.stdout}${result.stderr}`
    )
  }
  return result.stdout
}

/** `medusa plugin:build` and `npm pack` into `dir`; returns the tarball's path. */
function packPlugin(dir, env) {
  medusa(["plugin:build"], env, "pipe")
  const [{ filename }] = JSON.parse(
    run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT })
  )
  return path.join(dir, filename)
}

/**
 * With REDIS_URL: Medusa's Redis event bus (EVENT_BUS_CONCURRENCY events at
 * once per worker), workflow engine and locking, their keys under
 * REDIS_KEY_PREFIX; MEDUSA_WORKER_MODE picks server or worker.
 */
const REDIS_MODULES = `process.env.REDIS_URL
    ? [
        {
          resolve: "@medusajs/medusa/event-bus-redis",
          key: Modules.EVENT_BUS,
          options: {
            redisUrl: process.env.REDIS_URL,
            queueOptions: { prefix: \`\${prefix}event-bus\` },
            workerOptions: {
              prefix: \`\${prefix}event-bus\`,
              concurrency: Number(process.env.EVENT_BUS_CONCURRENCY || 10),
            },
          },
        },
        {
          resolve: "@medusajs/medusa/workflow-engine-redis",
          key: Modules.WORKFLOW_ENGINE,
          options: {
            redis: {
              redisUrl: process.env.REDIS_URL,
              queueOptions: { prefix: \`\${prefix}workflows\` },
              workerOptions: { prefix: \`\${prefix}workflows\` },
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
                options: { redisUrl: process.env.REDIS_URL, namespace: \`\${prefix}lock:\` },
              },
            ],
          },
        },
      ]
    : []`

/**
 * The stock project settings of a new Medusa app, with or without the
 * plugin; with `redis`, Medusa's Redis modules when REDIS_URL is set.
 */
const medusaConfig = ({
  plugin,
  redis,
}) => `import { defineConfig, loadEnv${redis ? ", Modules" : ""} } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())
${
  redis
    ? `
const prefix = process.env.REDIS_KEY_PREFIX || ""
`
    : ""
}
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,${
      redis
        ? `
    redisUrl: process.env.REDIS_URL,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined,`
        : ""
    }
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
${
  redis
    ? `  modules: ${REDIS_MODULES},
`
    : ""
}  plugins: [${plugin ? `{ resolve: "${PACKAGE.name}", options: {} }` : ""}],
})
`

/**
 * A scratch app in `dir`; with `tarball`, the plugin unpacked from it and in
 * `plugins` with `options: {}`; `redis` as for the config. Its `src/scripts/seed.ts` writes a checkout
 * fixture (`MULTI_INSTANCE_FIXTURE`). Returns the plugin's directory.
 */
function scratchApp(dir, { tarball, redis = false } = {}) {
  const modules = path.join(dir, "node_modules")
  fs.mkdirSync(modules, { recursive: true })
  const from = path.join(ROOT, "node_modules")
  for (const entry of fs.readdirSync(from)) {
    if (entry === PACKAGE.name) continue
    fs.symlinkSync(path.join(from, entry), path.join(modules, entry))
  }
  const plugin = path.join(modules, PACKAGE.name)
  if (tarball) {
    fs.mkdirSync(plugin)
    run("tar", ["xzf", tarball, "-C", plugin, "--strip-components=1"])
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "scratch-store",
        private: true,
        dependencies: {
          ...(tarball && { [PACKAGE.name]: `file:${tarball}` }),
          ...Object.fromEntries(
            Object.keys(PACKAGE.peerDependencies).map((name) => [
              name,
              PACKAGE.devDependencies[name],
            ])
          ),
        },
      },
      null,
      2
    )
  )
  fs.writeFileSync(
    path.join(dir, "medusa-config.ts"),
    medusaConfig({ plugin: !!tarball, redis })
  )
  fs.copyFileSync(
    path.join(ROOT, "tsconfig.json"),
    path.join(dir, "tsconfig.json")
  )
  // The HTTP tests' checkout fixture, made inside the scratch app.
  fs.mkdirSync(path.join(dir, "src", "scripts"), { recursive: true })
  fs.writeFileSync(
    path.join(dir, "src", "scripts", "seed.ts"),
    `export { default } from ${JSON.stringify(
      path.join(ROOT, "integration-tests", "multi-instance", "seed")
    )}\n`
  )
  return plugin
}

/**
 * Migrates the database of `env.DATABASE_URL` from the app in `dir` and
 * seeds a checkout fixture there; returns the fixture.
 */
function seedScratchApp(dir, env, fixtureFile) {
  medusa(["db:migrate", "--execute-safe-links"], env, "pipe", dir)
  medusa(
    ["exec", "./src/scripts/seed.ts"],
    { ...env, MULTI_INSTANCE_FIXTURE: fixtureFile },
    "pipe",
    dir
  )
  return JSON.parse(fs.readFileSync(fixtureFile, "utf8"))
}

/**
 * `medusa start` of the app in `cwd` on `port`, its output in `logFile`.
 * Resolves once it answers /health (workers answer it too); `stop()` ends it.
 */
async function startScratchApp({ cwd, port, env, logFile }) {
  const out = fs.openSync(logFile, "w")
  // node + the CLI directly (not npx): the pid is Medusa's own.
  const child = spawn(
    process.execPath,
    [MEDUSA_CLI, "start", "--port", `${port}`],
    { cwd, env, stdio: ["ignore", out, out] }
  )
  fs.closeSync(out)
  const exited = new Promise((resolve) => child.once("exit", resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM")
      await exited
    }
  }
  let gone = false
  exited.then(() => (gone = true))
  const deadline = Date.now() + BOOT_TIMEOUT
  for (;;) {
    if (gone) {
      throw new Error(`medusa start exited before it was ready (${logFile})`)
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`medusa start not ready within ${BOOT_TIMEOUT} ms`)
    }
    try {
      if ((await fetch(`http://localhost:${port}/health`)).ok) {
        return { child, stop }
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

module.exports = {
  PACKAGE,
  packPlugin,
  scratchApp,
  seedScratchApp,
  startScratchApp,
}
