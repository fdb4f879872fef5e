import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  generateEntityId,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../modules/customer-identity/service"
import {
  BackfillPhase,
  BackfillStatus,
  CUSTOMER_IDENTITY_MODULE,
} from "../../types/constants"
import { BackfillRunDTO } from "../../types/module"
import { linkUserToCustomerWorkflow } from "../resolution/workflows/link-user-to-customer"
import { recordOrderContactWorkflow } from "../resolution/workflows/record-order-contact"
import { forgetBackfillReadAhead } from "./steps/backfill-conflict-free-rows"
import { BackfillCounts } from "./steps/plan-backfill-batch"
import { backfillCustomerIdentityBatchWorkflow } from "./workflows/backfill-customer-identity-batch"

export interface StartCustomerIdentityBackfillInput {
  /** Plan and count only: no identity row is written. */
  dry_run?: boolean
  /** Only customers and orders created in the last N days. */
  cutoff_days?: number | null
  batch_size?: number
}

export interface RunCustomerIdentityBackfillOptions {
  /** Called after every committed batch with the run as persisted. */
  onProgress?: (run: BackfillRunDTO) => void | Promise<void>
}

export const DEFAULT_BACKFILL_BATCH_SIZE = 2000
const LOCK_KEY = "customer-identity:backfill"
// Renewed every batch: the lock of a crashed run frees itself after this long.
const LOCK_EXPIRE_SECONDS = 300
const DAY_MS = 24 * 60 * 60 * 1000
const PHASES = [
  BackfillPhase.CUSTOMERS,
  BackfillPhase.USERS,
  BackfillPhase.ORDERS,
] as const
const ENTITIES = { customers: "customer", users: "user", orders: "order" }

/**
 * Creates a backfill run and takes the backfill lock for it; a backfill that
 * is still running is a NOT_ALLOWED. Run it with `runCustomerIdentityBackfill`.
 */
export async function startCustomerIdentityBackfill(
  container: MedusaContainer,
  input: StartCustomerIdentityBackfillInput = {}
): Promise<BackfillRunDTO> {
  const id = generateEntityId(undefined, "cibf")
  await lockBackfill(container, id)
  const service = identityService(container)
  const cutoffDays = input.cutoff_days ?? null
  const total = await countRows(
    container,
    await phasesToRun(service, BackfillPhase.CUSTOMERS),
    createdAfter(new Date(), cutoffDays)
  )
  return (await service.createBackfillRuns({
    id,
    dry_run: !!input.dry_run,
    cutoff_days: cutoffDays,
    batch_size: input.batch_size ?? DEFAULT_BACKFILL_BATCH_SIZE,
    total,
  })) as unknown as BackfillRunDTO
}

/**
 * Takes the backfill lock for a run that stopped (a crash, a failed batch),
 * to go on with `runCustomerIdentityBackfill` after its last committed batch.
 */
export async function resumeCustomerIdentityBackfill(
  container: MedusaContainer,
  id: string
): Promise<BackfillRunDTO> {
  const run = await retrieveRun(container, id)
  if (run.status === BackfillStatus.COMPLETED) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Backfill ${id} is already completed`
    )
  }
  await lockBackfill(container, id)
  return run
}

/**
 * Runs a backfill to its end, batch after batch: customers, then admin users
 * (unless `autoCreateForUsers` is off, as the live subscriber), then orders.
 * Each batch is one run of backfillCustomerIdentityBatchWorkflow; its cursor
 * and counts are persisted after it, so a run that stops resumes after its
 * last committed batch. Rows that need a new core customer go through the
 * live workflows. Releases the lock when done or failed.
 */
export async function runCustomerIdentityBackfill(
  container: MedusaContainer,
  id: string,
  { onProgress }: RunCustomerIdentityBackfillOptions = {}
): Promise<BackfillRunDTO> {
  const service = identityService(container)
  let run = await retrieveRun(container, id)
  const save = async (data: Partial<BackfillRunDTO>) =>
    (run = (await service.updateBackfillRuns({
      id,
      ...data,
    } as never)) as unknown as BackfillRunDTO)
  // A batch read ahead by an earlier run may be stale.
  forgetBackfillReadAhead()
  try {
    await save({
      status: BackfillStatus.RUNNING,
      started_at: run.started_at ?? new Date(),
      error: null,
    })
    const since = createdAfter(new Date(run.created_at), run.cutoff_days)
    for (const phase of await phasesToRun(service, run.phase)) {
      let cursor = phase === run.phase ? run.cursor : null
      for (;;) {
        await lockBackfill(container, id)
        const { result } = await backfillCustomerIdentityBatchWorkflow(
          container
        ).run({
          input: {
            phase,
            cursor,
            batch_size: run.batch_size,
            created_after: since,
            dry_run: run.dry_run,
          },
        })
        if (!result.processed) {
          break
        }
        const leftovers = run.dry_run
          ? { created: result.leftover_ids.length, updated: 0, skipped: 0 }
          : await runLeftovers(container, phase, result.leftover_ids)
        cursor = result.next_cursor
        await save({
          phase,
          cursor,
          processed: run.processed + result.processed,
          created: run.created + result.created + leftovers.created,
          updated: run.updated + result.updated,
          skipped: run.skipped + result.skipped + leftovers.skipped,
        })
        await onProgress?.(run)
        if (result.processed < run.batch_size) {
          break
        }
      }
    }
    await save({ status: BackfillStatus.COMPLETED, completed_at: new Date() })
    return run
  } catch (error) {
    const failed = {
      status: BackfillStatus.FAILED,
      error: (error as Error).message,
    }
    // A connection the database dropped may be handed out once more: the
    // failure is still recorded, and its cause thrown.
    await save(failed).catch(() => save(failed))
    throw error
  } finally {
    forgetBackfillReadAhead()
    await container.resolve(Modules.LOCKING).release(LOCK_KEY, { ownerId: id })
  }
}

function identityService(
  container: MedusaContainer
): CustomerIdentityModuleService {
  return container.resolve(CUSTOMER_IDENTITY_MODULE)
}

async function retrieveRun(
  container: MedusaContainer,
  id: string
): Promise<BackfillRunDTO> {
  return (await identityService(container).retrieveBackfillRun(
    id
  )) as unknown as BackfillRunDTO
}

/** Takes, or renews, the one backfill lock for the run. */
async function lockBackfill(container: MedusaContainer, id: string) {
  try {
    await container
      .resolve(Modules.LOCKING)
      .acquire(LOCK_KEY, { ownerId: id, expire: LOCK_EXPIRE_SECONDS })
  } catch {
    const [running] = await identityService(container).listBackfillRuns(
      { status: [BackfillStatus.PENDING, BackfillStatus.RUNNING] },
      { order: { created_at: "DESC" }, take: 1 }
    )
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `A backfill is already running${running ? ` (${running.id})` : ""}; wait for it to finish before starting another`
    )
  }
}

async function phasesToRun(
  service: CustomerIdentityModuleService,
  from: `${BackfillPhase}`
): Promise<BackfillPhase[]> {
  const { autoCreateForUsers } = await service.getOptions()
  return PHASES.slice(PHASES.indexOf(from as BackfillPhase)).filter(
    (phase) => phase !== BackfillPhase.USERS || autoCreateForUsers
  )
}

function createdAfter(from: Date, cutoffDays: number | null): string | null {
  return cutoffDays
    ? new Date(from.getTime() - cutoffDays * DAY_MS).toISOString()
    : null
}

async function countRows(
  container: MedusaContainer,
  phases: BackfillPhase[],
  since: string | null
): Promise<number> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let total = 0
  for (const phase of phases) {
    const filters: Record<string, unknown> = {}
    if (since && phase !== BackfillPhase.USERS) {
      filters.created_at = { $gte: since }
    }
    if (phase === BackfillPhase.ORDERS) {
      filters.is_draft_order = false
    }
    const { metadata } = await query.graph({
      entity: ENTITIES[phase],
      fields: ["id"],
      filters,
      pagination: { take: 1, skip: 0 },
    })
    total += metadata?.count ?? 0
  }
  return total
}

/** Rows that need a new core customer, through the live workflows one by one. */
async function runLeftovers(
  container: MedusaContainer,
  phase: BackfillPhase,
  ids: string[]
): Promise<BackfillCounts> {
  const counts: BackfillCounts = { created: 0, updated: 0, skipped: 0 }
  for (const id of ids) {
    try {
      if (phase === BackfillPhase.USERS) {
        await linkUserToCustomerWorkflow(container).run({
          input: { user_id: id },
        })
      } else {
        await recordOrderContactWorkflow(container).run({
          input: { order_id: id },
        })
      }
      counts.created += 1
    } catch (error) {
      // As the live subscriber: a customer already linked to another user stays so.
      if ((error as MedusaError).type !== MedusaError.Types.DUPLICATE_ERROR) {
        throw error
      }
      counts.skipped += 1
    }
  }
  return counts
}
