import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaContainer } from "@medusajs/framework/types"
import {
  BackfillBatch,
  BackfillCustomerRow,
  BackfillOrderRow,
  BackfillRow,
  loadBackfillBatch,
  LoadBackfillBatchInput,
} from "../../../core-tables/backfill-batch"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { ordererContact } from "../../../policy"
import { normalizePhone } from "../../../utils/normalize-phone"
import {
  BackfillPhase,
  CUSTOMER_IDENTITY_MODULE,
} from "../../../types/constants"
import { BackfillJournal } from "../../../types/module"
import { identifierHasher } from "../../common/utils/suppression"
import { ownedOrderContact } from "../../resolution/utils/record-known-order-contact"
import { backfillRowReader, ReadRow } from "../utils/read-backfill-row"
import { revertBackfillJournal } from "../utils/revert-backfill-journal"

export type BackfillConflictFreeRowsStepInput = LoadBackfillBatchInput

export interface BackfillConflictFreeRowsStepOutput {
  /** Rows read: fewer than the batch size at the phase's end. */
  processed: number
  /** The last id read; null when the phase has no rows left. */
  next_cursor: string | null
  /** Rows written, each given its identity or its order contact. */
  created: number
  /** The batch's other rows, in id order: planBackfillBatchStep's. */
  rest_ids: string[]
}

type Written = { ids: string[]; journal: BackfillJournal }

export const backfillConflictFreeRowsStepId = "backfill-conflict-free-rows"
/**
 * This step writes the common case of a customers or orders batch
 * set-based, in one statement, which is what the identity policy would
 * decide for those rows:
 * - a customer without a link whose email and phone nobody else holds (no
 *   identity, no other row of the batch, no erasure) gets its link, primary
 *   email and primary phone (`insertConflictFreeCustomers`);
 * - an order whose customer is its own canonical customer and owns the
 *   order's email and phone, none erased, gets its contact and its
 *   customer's stats (`insertConflictFreeOrderContacts`), unless another
 *   order of the batch involves that customer.
 * The other rows, and any the statement did not write, are returned for
 * planBackfillBatchStep: they share nothing with the rows written, so
 * planning them after the write decides what planning the whole batch
 * would. While its statement runs, it reads the next batch of the phase
 * (core's rows and their identifiers only: the statement reads the identity
 * tables itself), which that batch's run takes if the cursor matches. Its
 * compensation deletes the rows it wrote and puts the stats back.
 */
export const backfillConflictFreeRowsStep = createStep(
  backfillConflictFreeRowsStepId,
  async (load: BackfillConflictFreeRowsStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const ahead =
      readAhead?.key === batchKey(load) ? await readAhead.read : null
    readAhead = undefined
    const { batch, rows, unhashed } =
      ahead ?? (await readBatch(container, load))
    // Reading a batch (parsing its phones above all) is most of its JavaScript.
    if (batch.rows.length === load.batch_size) {
      const next = { ...load, cursor: batch.next_cursor }
      readAhead = {
        key: batchKey(next),
        read: readBatch(container, next).catch(() => null),
      }
    }
    const { ids, journal }: Written =
      load.phase === BackfillPhase.ORDERS
        ? await writeOrders(
            service,
            rows as HashedRow<BackfillOrderRow>[],
            unhashed
          )
        : await writeCustomers(
            service,
            rows as HashedRow<BackfillCustomerRow>[],
            unhashed
          )
    const written = new Set(ids)
    return new StepResponse<
      BackfillConflictFreeRowsStepOutput,
      BackfillJournal
    >(
      {
        processed: batch.rows.length,
        next_cursor: batch.next_cursor,
        created: written.size,
        rest_ids: batch.rows
          .filter((row) => !written.has(row.id))
          .map((row) => row.id),
      },
      journal
    )
  },
  revertBackfillJournal
)

/** A backfill row read, with its suppression hashes. */
type HashedRow<T extends BackfillRow = BackfillRow> = ReadRow<T> & {
  hashes: string[]
}

interface ReadBatch {
  batch: BackfillBatch
  rows: HashedRow[]
  /** The suppression list was empty: the rows carry no hashes. */
  unhashed: boolean
}

/** The next batch of the run, read ahead; forgotten when a run starts or ends. */
let readAhead: { key: string; read: Promise<ReadBatch | null> } | undefined

/** Drops the batch read ahead: a run reads its own batches. */
export function forgetBackfillReadAhead() {
  readAhead = undefined
}

const batchKey = (load: LoadBackfillBatchInput) =>
  JSON.stringify([load.phase, load.cursor, load.batch_size, load.created_after])

/** The next batch after the cursor, with its identifiers read and hashed. */
async function readBatch(
  container: MedusaContainer,
  load: LoadBackfillBatchInput
): Promise<ReadBatch> {
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const batch = await loadBackfillBatch(container, load)
  const { defaultCountry } = await service.getOptions()
  const read = backfillRowReader(defaultCountry)
  // Two HMACs a row are most of reading it: skipped while the list is empty (the statement re-checks).
  const hashOf = (await service.hasSuppressions())
    ? await identifierHasher(container)
    : null
  const rows = batch.rows.map((row) => {
    const readRow: ReadRow =
      "billing" in row
        ? read({ ...row, orderer: ordererContact(row) })
        : read(row)
    if (!hashOf) {
      return { ...readRow, hashes: [] }
    }
    const { email, phone, orderer } = readRow
    // A gift's recipient erased since: the planner drops that phone.
    const recipient =
      orderer?.recipient_phone &&
      normalizePhone(
        orderer.recipient_phone,
        (row as BackfillOrderRow).shipping?.country_code || defaultCountry
      )
    return {
      ...readRow,
      hashes: [
        ...(email ? hashOf("email", email.email_normalized) : []),
        ...(phone ? hashOf("phone", phone.phone_e164) : []),
        ...(recipient ? hashOf("phone", recipient) : []),
      ],
    }
  })
  return { batch, rows, unhashed: !hashOf }
}

async function writeCustomers(
  service: CustomerIdentityModuleService,
  rows: HashedRow<BackfillCustomerRow>[],
  unhashed: boolean
): Promise<Written> {
  // An identifier two rows give is for the planner: the first gets it, the other may fold.
  const given = new Map<string, number>()
  const keys = rows.map(({ email, phone }) => [
    email && `email:${email.email_normalized}`,
    phone && `phone:${phone.phone_e164}`,
  ])
  for (const key of keys.flat()) {
    if (key) {
      given.set(key, (given.get(key) ?? 0) + 1)
    }
  }
  const { customer_ids, journal } = await service.insertConflictFreeCustomers({
    rows: rows
      .filter((_, i) => keys[i].every((key) => !key || given.get(key) === 1))
      .map((row) => ({
        customer_id: row.row.id,
        has_account: row.row.has_account,
        email: row.email?.email ?? null,
        email_normalized: row.email?.email_normalized ?? null,
        phone: row.phone?.phone ?? null,
        phone_e164: row.phone?.phone_e164 ?? null,
        suppression_hashes: row.hashes,
      })),
    unhashed,
  })
  return { ids: customer_ids, journal }
}

async function writeOrders(
  service: CustomerIdentityModuleService,
  rows: HashedRow<BackfillOrderRow>[],
  unhashed: boolean
): Promise<Written> {
  // An order with an unreadable email or phone is the planner's, as the live fast path's.
  const candidate = ({
    row,
    orderer,
    email,
    phone,
  }: ReadRow<BackfillOrderRow>) =>
    !!row.customer_id && (!row.email || !!email) && (!orderer!.phone || !!phone)
  const { order_ids, journal } = await service.insertConflictFreeOrderContacts({
    candidates: rows
      .filter(candidate)
      .map((read) =>
        ownedOrderContact(
          read.row as BackfillOrderRow & { customer_id: string },
          read.orderer!,
          read.email,
          read.phone,
          read.hashes
        )
      ),
    others: rows
      .filter((read) => !candidate(read))
      .map(({ row, email, phone }) => ({
        customer_id: row.customer_id,
        email_normalized: email?.email_normalized ?? null,
        phone_e164: phone?.phone_e164 ?? null,
      })),
    unhashed,
  })
  return { ids: order_ids, journal }
}
