import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BackfillRunDTO } from "../types/module"
import {
  resumeCustomerIdentityBackfill,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../workflows"

const BAR_WIDTH = 30

/**
 * Backfills the identity tables from customers, admin users and orders that
 * existed before the plugin:
 *
 *   npx medusa exec ./src/scripts/backfill-customer-identity.ts -- --dry-run
 *     --batch-size=1000 --cutoff-days=90 --resume=cibf_...
 *
 * The same flags can be given as BACKFILL_DRY_RUN, BACKFILL_BATCH_SIZE,
 * BACKFILL_CUTOFF_DAYS and BACKFILL_RESUME.
 */
export default async function backfillCustomerIdentity({
  container,
  args = [],
}: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const flag = (name: string) => {
    const given = args.find(
      (arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)
    )
    const env = process.env[`BACKFILL_${name.replace(/-/g, "_").toUpperCase()}`]
    return given ? (given.split("=")[1] ?? "true") : env
  }
  const number = (name: string) => {
    const value = flag(name)
    return value === undefined ? undefined : Number(value)
  }

  const resume = flag("resume")
  const run = resume
    ? await resumeCustomerIdentityBackfill(container, resume)
    : await startCustomerIdentityBackfill(container, {
        dry_run: flag("dry-run") === "true",
        batch_size: number("batch-size"),
        cutoff_days: number("cutoff-days"),
      })
  logger.info(
    `Backfill ${run.id}${run.dry_run ? " (dry run)" : ""}: ${run.total} rows, batches of ${run.batch_size}`
  )

  const startedAt = Date.now()
  const processedBefore = run.processed
  const done = await runCustomerIdentityBackfill(container, run.id, {
    onProgress: (progress) => logger.info(progressLine(progress)),
  })
  const seconds = (Date.now() - startedAt) / 1000
  logger.info(
    `Backfill ${done.id} ${done.status} in ${seconds.toFixed(1)} s: ${done.processed - processedBefore} rows this time, created ${done.created}, updated ${done.updated}, skipped ${done.skipped}`
  )

  function progressLine(progress: BackfillRunDTO) {
    const share = progress.total
      ? Math.min(progress.processed / progress.total, 1)
      : 1
    const filled = Math.round(share * BAR_WIDTH)
    const elapsed = (Date.now() - startedAt) / 1000
    const rate =
      (progress.processed - processedBefore) / Math.max(elapsed, 0.001)
    const eta = rate
      ? Math.max(progress.total - progress.processed, 0) / rate
      : 0
    return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(1)}% ${progress.processed}/${progress.total} ${progress.phase} · ${rate.toFixed(0)} rows/s · ETA ${eta.toFixed(0)} s`
  }
}
