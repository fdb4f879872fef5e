// Imported first by bench/index.ts: Medusa's logger and medusa-config.ts read
// these when they load. Request logging would sit inside every timed request.
import { randomBytes } from "crypto"

process.env.LOG_LEVEL ??= "error"
process.env.NODE_ENV ??= "production"
process.env.MEDUSA_ADMIN_DISABLED ??= "true"
// In production the plugin refuses Medusa's default cookie secret (the
// suppression list's key): a throwaway one, as the bench's database is.
process.env.COOKIE_SECRET ??= randomBytes(32).toString("hex")
