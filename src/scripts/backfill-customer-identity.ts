import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { execFlags, progressLine } from "../utils/exec-args"
import {
  resumeCustomerIdentityBackfill,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../workflows"

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
  const flag = execFlags(args, "BACKFILL")
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
    onProgress: (progress) =>
      logger.info(
        `${progressLine(progress.processed, progress.total, { startedAt, doneBefore: processedBefore })} · ${progress.phase}`
      ),
  })
  const seconds = (Date.now() - startedAt) / 1000
  logger.info(
    `Backfill ${done.id} ${done.status} in ${seconds.toFixed(1)} s: ${done.processed - processedBefore} rows this time, created ${done.created}, updated ${done.updated}, skipped ${done.skipped}`
  )
}
