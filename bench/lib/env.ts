// Imported first by bench/index.ts: Medusa's logger and medusa-config.ts read
// these when they load. Request logging would sit inside every timed request.
process.env.LOG_LEVEL ??= "error"
process.env.NODE_ENV ??= "production"
process.env.MEDUSA_ADMIN_DISABLED ??= "true"
