import { ExecArgs } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { createReadStream } from "fs"
import path from "path"
import { pipeline } from "stream/promises"
import CustomerIdentityModuleService from "../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, ImportFormat } from "../types/constants"
import { CustomerImportDTO, ImportCounts } from "../types/module"
import { execFlags, progressLine } from "../utils/exec-args"
import {
  planCustomerImport,
  runCustomerImport,
  startCustomerImport,
} from "../workflows"

/**
 * Imports a customers file (see README, Importing customers):
 *
 *   npx medusa exec <script> -- --file=customers_export.csv --format=shopify
 *     [--mapping='{"email":"E-mail"}'] [--source-kind=shopify_customer_id]
 *     [--dry-run] [--resume=ciimp_...]
 *
 * The file is streamed into the app's file module, read from there as the
 * admin route reads it, and deleted at the end.
 */
export default async function importCustomers({
  container,
  args = [],
}: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const flag = execFlags(args)

  let id = flag("resume")
  if (!id) {
    const file = flag("file")
    const format = flag("format") as ImportFormat | undefined
    if (!file || !format || !Object.values(ImportFormat).includes(format)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Give --file=<path> and --format=${Object.values(ImportFormat).join("|")} (and --mapping for generic)`
      )
    }
    // Streamed: a file of a million rows never sits in memory.
    const upload = await container.resolve(Modules.FILE).getUploadStream({
      filename: path.basename(file),
      mimeType: "text/csv",
    })
    await pipeline(createReadStream(file), upload.writeStream)
    await upload.promise
    const mapping = flag("mapping")
    const started = await startCustomerImport(container, {
      file_key: upload.fileKey,
      filename: path.basename(file),
      format,
      mapping: mapping ? JSON.parse(mapping) : undefined,
      source_kind: flag("source-kind"),
    })
    id = started.id
    const planned = await planCustomerImport(container, id)
    logger.info(`Import ${id}, dry run: ${summary(planned.plan!)}`)
    for (const reject of planned.plan!.rejects.slice(0, 10)) {
      logger.info(`  line ${reject.line}: ${reject.reason}`)
    }
    if (flag("dry-run") === "true") {
      return
    }
  }

  const startedAt = Date.now()
  const doneBefore = (
    (await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .retrieveCustomerImport(id)) as unknown as CustomerImportDTO
  ).result?.rows
  const done = await runCustomerImport(container, id, {
    onProgress: (progress) =>
      logger.info(
        progressLine(progress.result?.rows ?? 0, progress.plan?.rows ?? 0, {
          startedAt,
          doneBefore,
        })
      ),
  })
  logger.info(
    `Import ${id} ${done.status} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${summary(done.result!)}`
  )
}

function summary(counts: ImportCounts): string {
  return `${counts.rows} rows: ${counts.created} new customers, ${counts.linked} found (${
    Object.entries(counts.linked_by)
      .map(([by, n]) => `${n} by ${by}`)
      .join(", ") || "none"
  }), ${counts.rejected} rejected`
}
