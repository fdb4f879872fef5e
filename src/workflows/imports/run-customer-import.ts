import { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "crypto"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../modules/customer-identity/service"
import { IdentityHolder, resolveIdentity } from "../../policy"
import {
  CUSTOMER_IDENTITY_MODULE,
  ImportFormat,
  ImportStatus,
  PhoneMatchMode,
} from "../../types/constants"
import {
  CustomerImportDTO,
  IdentityOwner,
  ImportCounts,
} from "../../types/module"
import {
  PLATFORM_IDENTIFIER_KINDS,
  ResolvedCustomerIdentityOptions,
} from "../../types/options"
import { acquireLocksInOrder } from "../../utils/acquire-locks"
import {
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
  identifierLockKeys,
} from "../../utils/lock-keys"
import { identifierKindOf } from "../../utils/normalize-identifier"
import { maskContacts } from "../../utils/mask-contacts"
import { findOrCreateCustomerWorkflow } from "../resolution/workflows/find-or-create-customer"
import { findUnindexedCustomersByEmail } from "../resolution/steps/resolve-customer"
import { enrichImportedCustomer } from "./utils/enrich-imported-customer"
import { createImportedCustomersWorkflow } from "./workflows/create-imported-customers"
import { joinImportedCustomersWorkflow } from "./workflows/join-imported-customers"
import {
  ImportContact,
  ImportReject,
  readImportContacts,
} from "./utils/import-contact"
import {
  ImportMapping,
  ImportRow,
  mappingFor,
  mappingOf,
  readImportHeader,
  readImportRows,
} from "./utils/import-rows"

export interface StartCustomerImportInput {
  file_key: string
  filename: string
  format: `${ImportFormat}`
  mapping?: ImportMapping | null
  /** The identifier kind the file's customer ids are kept as. */
  source_kind?: string | null
}

export interface RunCustomerImportOptions {
  /** Rows per committed batch. */
  batch_size?: number
  /** Called after every committed batch with the import as persisted. */
  onProgress?: (customerImport: CustomerImportDTO) => void | Promise<void>
}

const DEFAULT_BATCH_SIZE = 500
/** The rejected rows an import keeps, to show the first ones. */
const REJECTS_KEPT = 50
// Renewed every batch: a crashed run's lock frees itself after this long.
const LOCK_EXPIRE_SECONDS = 300

/** What one row did, or would do. */
type Outcome = { created: true } | { created: false; linked_by: string }

const emptyCounts = (): ImportCounts => ({
  rows: 0,
  created: 0,
  linked: 0,
  linked_by: {},
  rejected: 0,
  rejects: [],
})

function count(
  counts: ImportCounts,
  outcomes: Outcome[],
  rejects: ImportReject[]
): ImportCounts {
  const next = { ...counts, linked_by: { ...counts.linked_by } }
  next.rows += outcomes.length + rejects.length
  for (const outcome of outcomes) {
    if (outcome.created) {
      next.created += 1
    } else {
      next.linked += 1
      next.linked_by[outcome.linked_by] =
        (next.linked_by[outcome.linked_by] ?? 0) + 1
    }
  }
  next.rejected += rejects.length
  next.rejects = [...counts.rejects, ...rejects].slice(0, REJECTS_KEPT)
  return next
}

/**
 * Records an import of an uploaded customer file, after checking that the
 * file has the columns its mapping names, or its platform's customer id and
 * email columns (a 400 naming the missing ones) and that the kind its customer ids are kept as is declared. Plan it
 * with `planCustomerImport`.
 */
export async function startCustomerImport(
  container: MedusaContainer,
  input: StartCustomerImportInput
): Promise<CustomerImportDTO> {
  const service = identityService(container)
  const options = await service.getOptions()
  const header = await readImportHeader(
    await container.resolve(Modules.FILE).getDownloadStream(input.file_key)
  )
  // A platform's layout changes between versions: only the columns that say
  // who a row is must be there. A mapping names each column it needs.
  const { mapping, missing } = mappingFor(input.format, header, input.mapping)
  if (!header.length || missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      header.length
        ? `${input.filename} has no column ${missing.join(", ")}, which the ${input.format} format reads`
        : `${input.filename} is empty`
    )
  }
  const sourceKind =
    input.source_kind ??
    (input.format === ImportFormat.GENERIC
      ? null
      : PLATFORM_IDENTIFIER_KINDS[input.format].kind)
  if (sourceKind && mapping.source_id) {
    identifierKindOf(options, sourceKind)
  }
  return (await service.createCustomerImports({
    format: input.format,
    file_key: input.file_key,
    filename: input.filename,
    mapping,
    source_kind: mapping.source_id ? sourceKind : null,
  } as never)) as unknown as CustomerImportDTO
}

/**
 * The dry run: reads the whole file and decides every row as the run would,
 * carrying what earlier rows decide into later ones (a customer an earlier
 * row creates is found by a later row), writing nothing but those decisions
 * (the import's plan values, dropped at the end). Saves the counts as the
 * import's `plan`.
 */
export async function planCustomerImport(
  container: MedusaContainer,
  id: string
): Promise<CustomerImportDTO> {
  return await guarded(
    container,
    id,
    [ImportStatus.PLANNING],
    async (imp, _save, renew) => {
      const service = identityService(container)
      const options = await service.getOptions()
      // A dry run that died left its decisions: start from none.
      await service.clearImportPlanValues(imp.id)
      let plan = emptyCounts()
      try {
        for await (const { outcomes, rejects } of decidedBatches(
          container,
          imp,
          { afterLine: 0, size: DEFAULT_BATCH_SIZE, renew },
          (contacts) => predictBatch(container, options, imp.id, contacts)
        )) {
          // Else each batch's lookup of earlier decisions reads them all.
          if (!plan.rows) {
            await service.analyzeImportPlanValues()
          }
          plan = count(plan, outcomes, rejects)
        }
      } finally {
        await service.clearImportPlanValues(imp.id)
      }
      return { status: ImportStatus.PLANNED, plan }
    }
  )
}

/**
 * Runs a planned import (or resumes one that stopped) to its end, in batches
 * after each of which the last line and the counts are saved: a batch's
 * plain new customers created together, its rows joining one known customer
 * joined together, every other row through find-or-create, its names,
 * address and history onto the customer. A
 * run that stops resumes after its last committed batch; rows it redoes find
 * what they made. The uploaded file is deleted at the end.
 */
export async function runCustomerImport(
  container: MedusaContainer,
  id: string,
  { batch_size = DEFAULT_BATCH_SIZE, onProgress }: RunCustomerImportOptions = {}
): Promise<CustomerImportDTO> {
  return await guarded(
    container,
    id,
    [ImportStatus.PLANNED, ImportStatus.RUNNING, ImportStatus.FAILED],
    async (imp, save, renew) => {
      let current = await save({
        status: ImportStatus.RUNNING,
        started_at: imp.started_at ?? new Date(),
        error: null,
        result: imp.result ?? emptyCounts(),
      })
      for await (const { line, outcomes, rejects } of decidedBatches(
        container,
        imp,
        { afterLine: imp.line, size: batch_size, renew },
        (contacts) => importBatch(container, contacts)
      )) {
        current = await save({
          line,
          result: count(current.result!, outcomes, rejects),
        })
        await onProgress?.(current)
      }
      await deleteFile(container, imp)
      return {
        status: ImportStatus.COMPLETED,
        completed_at: new Date(),
        file_key: null,
      }
    }
  )
}

/** Cancels an import that is not running, and deletes its file. */
export async function cancelCustomerImport(
  container: MedusaContainer,
  id: string
): Promise<CustomerImportDTO> {
  return await guarded(
    container,
    id,
    [ImportStatus.PLANNING, ImportStatus.PLANNED, ImportStatus.FAILED],
    async (imp) => {
      await deleteFile(container, imp)
      return { status: ImportStatus.CANCELED, file_key: null }
    }
  )
}

/** An owner as the dry run sees it: in the tables, or made by an earlier row. */
type Holder = IdentityHolder & { is_primary: boolean }

/** The values a row is found by, as `kind:value`: how owners and dry-run decisions are keyed. */
const keysOf = (contact: ImportContact) => ({
  email: contact.email && `email:${contact.email.email_normalized}`,
  phone: contact.phone && `phone:${contact.phone.phone_e164}`,
  source:
    contact.source &&
    `${contact.source.kind}:${contact.source.value_normalized}`,
})

const keyList = (contact: ImportContact) =>
  Object.values(keysOf(contact)).filter((key): key is string => !!key)

const asHolder = (owner: IdentityOwner): Holder => ({
  customer_id: owner.customer_id,
  canonical_customer_id: owner.canonical_customer_id ?? owner.customer_id,
  is_primary: owner.is_primary,
})

/** What a batch's rows find in the tables, read for the whole batch at once. */
interface BatchFacts {
  /** The owners of the rows' values, by `kind:value`. */
  owners: Map<string, IdentityOwner>
  /** Core customers without email rows, by normalised email, for the emails nobody owns. */
  unindexed: Map<string, string>
}

async function batchFacts(
  container: MedusaContainer,
  contacts: ImportContact[]
): Promise<BatchFacts> {
  const service = identityService(container)
  const found = await service.findIdentityOwnersOfMany({
    email_normalized: contacts.flatMap((c) =>
      c.email ? [c.email.email_normalized] : []
    ),
    phone_e164: contacts.flatMap((c) => (c.phone ? [c.phone.phone_e164] : [])),
    identifiers: contacts.flatMap((c) => (c.source ? [c.source] : [])),
  })
  const owners = new Map(
    found.map(({ kind, value, ...owner }) => [`${kind}:${value}`, owner])
  )
  const unowned = contacts.flatMap((c) =>
    c.email && !owners.has(keysOf(c).email!) ? [c.email] : []
  )
  return {
    owners,
    unindexed: await findUnindexedCustomersByEmail(container, service, unowned),
  }
}

/**
 * The dry run of a batch: each row decided by `predict`, in order, over what
 * the tables hold and what earlier rows decided (this batch's in memory,
 * earlier batches' in the import's plan values, where this batch's decisions
 * go next): memory stays flat in the file's size.
 */
async function predictBatch(
  container: MedusaContainer,
  options: ResolvedCustomerIdentityOptions,
  importId: string,
  contacts: ImportContact[]
): Promise<Outcome[]> {
  const service = identityService(container)
  const [facts, planned] = await Promise.all([
    batchFacts(container, contacts),
    service.findImportPlanValues(importId, contacts.flatMap(keyList)),
  ])
  const seen = new Map<string, Holder>(
    planned.map((row) => [
      row.value,
      {
        customer_id: row.customer_id,
        canonical_customer_id: row.customer_id,
        is_primary: row.is_primary,
      },
    ])
  )
  const before = new Set(seen.keys())
  const outcomes: Outcome[] = []
  for (const contact of contacts) {
    outcomes.push(await predict(container, options, contact, facts, seen))
  }
  await service.addImportPlanValues(
    importId,
    [...seen]
      .filter(([value]) => !before.has(value))
      .map(([value, holder]) => ({
        value,
        customer_id: holder.canonical_customer_id,
        is_primary: holder.is_primary,
      }))
  )
  return outcomes
}

/** What `importContact` will do with a row, from the tables and the rows before it. */
async function predict(
  container: MedusaContainer,
  options: ResolvedCustomerIdentityOptions,
  contact: ImportContact,
  { owners, unindexed }: BatchFacts,
  seen: Map<string, Holder>
): Promise<Outcome> {
  const service = identityService(container)
  const keys = keysOf(contact)
  const holder = (key: string | undefined): Holder | null => {
    const owner = key && owners.get(key)
    return (key && seen.get(key)) || (owner ? asHolder(owner) : null)
  }
  const bySource = holder(keys.source)
  let target: Holder | null = bySource
  let outcome: Outcome = bySource
    ? { created: false, linked_by: `identifier:${contact.source!.kind}` }
    : { created: true }
  if (!bySource) {
    const facts = {
      email: contact.email && { owner: holder(keys.email) },
      phone: contact.phone && { owner: holder(keys.phone) },
    } as Parameters<typeof resolveIdentity<Holder>>[0]
    let decision = resolveIdentity(facts, options)
    if ("lookup" in decision) {
      const customerId = unindexed.get(contact.email!.email_normalized)
      facts.email!.unindexed = customerId
        ? {
            customer_id: customerId,
            canonical_customer_id:
              (await service.findIdentityOwners({ customer_id: customerId }))
                .customer?.canonical_customer_id ?? customerId,
            is_primary: true,
          }
        : null
      decision = resolveIdentity(facts, options)
    }
    if ("match" in decision && decision.match) {
      target = decision.match
      outcome = { created: false, linked_by: decision.match.matched_by }
    }
  }
  const id = target?.canonical_customer_id ?? `line:${contact.line}`
  for (const key of keyList(contact)) {
    if (!holder(key)) {
      // A new customer's first email is its primary one; a match's is added.
      seen.set(key, {
        customer_id: id,
        canonical_customer_id: id,
        is_primary: outcome.created,
      })
    }
  }
  return outcome
}

/**
 * The run of a batch: its plain creates made set-based
 * (`createPlainCustomers`), then its rows joining one known customer
 * (`joinKnownCustomers`), every other row through `importContact`, in order.
 */
async function importBatch(
  container: MedusaContainer,
  contacts: ImportContact[]
): Promise<Outcome[]> {
  const created = await createPlainCustomers(container, contacts)
  const joined = await joinKnownCustomers(
    container,
    contacts.filter((contact) => !created.has(contact))
  )
  const outcomes: Outcome[] = []
  for (const contact of contacts) {
    outcomes.push(
      created.has(contact)
        ? { created: true }
        : (joined.get(contact) ?? (await importContact(container, contact)))
    )
  }
  return outcomes
}

/**
 * Creates, in one workflow, the batch's rows that find-or-create would
 * create a customer for and that depend on no earlier row of the batch: none
 * of their values is owned or held by an earlier row, and no core customer
 * has their email. They are read under the locks of their values, as
 * find-or-create reads one row. The other rows (joining, or sharing a value
 * with an earlier row) go through `importContact` afterwards, in order, so
 * that the identity policy decides them as before: a later row sharing a
 * created row's value finds its customer as it would one row at a time, and
 * no created row depends on them. Returns the rows created.
 */
async function createPlainCustomers(
  container: MedusaContainer,
  contacts: ImportContact[]
): Promise<Set<ImportContact>> {
  // A row sharing a value with an earlier row of the batch depends on it.
  const earlier = new Set<string>()
  const alone = contacts.filter((c) => {
    const keys = keyList(c)
    const first = keys.every((k) => !earlier.has(k))
    keys.forEach((k) => earlier.add(k))
    return first
  })
  if (!alone.length) {
    return new Set()
  }
  const created = await underValueLocks(container, alone, async () => {
    const { owners, unindexed } = await batchFacts(container, alone)
    const plain = alone.filter(
      (c) =>
        keyList(c).every((k) => !owners.has(k)) &&
        !(c.email && unindexed.has(c.email.email_normalized))
    )
    if (plain.length) {
      await createImportedCustomersWorkflow(container).run({
        input: {
          customers: plain.map(({ email, phone, source, row, input }) => ({
            email,
            phone,
            identifiers: source ? [source] : [],
            // Read with `trim`, empty cells left out: as find-or-create keeps names.
            first_name: row.first_name,
            last_name: row.last_name,
            company_name: row.company_name,
            created_customer: input.created_customer,
          })),
        },
      })
    }
    return new Set(plain)
  })
  return created ?? new Set()
}

/**
 * Joins, in one workflow, the rows (of a batch, after its plain creates)
 * whose values resolve to one existing canonical customer, decided by the
 * identity policy under the locks of their values as find-or-create decides
 * one row: their values nobody owns attached, their names, history and
 * address added as `importContact` adds them. A row is left to
 * `importContact` when another of these rows touches one of its values or
 * its customer, when its values belong to more than one customer (or to one
 * not canonical), when it needs core's unindexed customers, or when its
 * source kind suggests only. Returns the rows joined.
 */
async function joinKnownCustomers(
  container: MedusaContainer,
  contacts: ImportContact[]
): Promise<Map<ImportContact, Outcome>> {
  if (!contacts.length) {
    return new Map()
  }
  const options = await identityService(container).getOptions()
  const joined = await underValueLocks(container, contacts, async () => {
    const facts = await batchFacts(container, contacts)
    const targets = joinTargets(options, contacts, facts)
    if (targets.size) {
      await joinImportedCustomersWorkflow(container).run({
        input: {
          customers: [...targets].map(([contact, { customer_id }]) => {
            const keys = keysOf(contact)
            const unowned = (key?: string) => !!key && !facts.owners.has(key)
            return {
              customer_id,
              email: unowned(keys.email) ? contact.email : undefined,
              phone: unowned(keys.phone) ? contact.phone : undefined,
              identifiers: unowned(keys.source) ? [contact.source!] : [],
              row: contact.row,
            }
          }),
        },
      })
    }
    return new Map(
      [...targets].map(([contact, { outcome }]) => [contact, outcome])
    )
  })
  return joined ?? new Map()
}

/**
 * The rows of `contacts` that join one existing customer and share neither
 * a value nor that customer with another of them: each with its customer
 * and outcome, as `importContact` would decide it.
 */
function joinTargets(
  options: ResolvedCustomerIdentityOptions,
  contacts: ImportContact[],
  facts: BatchFacts
): Map<ImportContact, { customer_id: string; outcome: Outcome }> {
  const targets = new Map(
    contacts.flatMap((contact) => {
      const target = joinTarget(options, contact, facts)
      return target ? [[contact, target] as const] : []
    })
  )
  // The values and customers a row touches, whichever way it goes.
  const touched = (contact: ImportContact) => {
    const owned = keyList(contact).flatMap((key) => {
      const owner = facts.owners.get(key)
      return owner ? [asHolder(owner).canonical_customer_id] : []
    })
    const unindexed =
      contact.email && facts.unindexed.get(contact.email.email_normalized)
    return new Set([
      ...keyList(contact),
      ...owned,
      ...(unindexed ? [unindexed] : []),
    ])
  }
  const touches = new Map<string, number>()
  for (const contact of contacts) {
    for (const value of touched(contact)) {
      touches.set(value, (touches.get(value) ?? 0) + 1)
    }
  }
  return new Map(
    [...targets].filter(([contact]) =>
      [...touched(contact)].every((value) => touches.get(value) === 1)
    )
  )
}

/**
 * The existing customer a row joins, as `importContact` decides it (its
 * source id's owner, else the identity policy's match), when that customer
 * is canonical and holds every value of the row that has an owner.
 */
function joinTarget(
  options: ResolvedCustomerIdentityOptions,
  contact: ImportContact,
  { owners, unindexed }: BatchFacts
): { customer_id: string; outcome: Outcome } | null {
  if (
    contact.source &&
    identifierKindOf(options, contact.source.kind).match !== PhoneMatchMode.AUTO
  ) {
    return null
  }
  const keys = keysOf(contact)
  const holder = (key?: string) => {
    const owner = key && owners.get(key)
    return owner ? asHolder(owner) : null
  }
  const bySource = holder(keys.source)
  let target: { customer_id: string; outcome: Outcome } | null = bySource && {
    customer_id: bySource.customer_id,
    outcome: {
      created: false,
      linked_by: `identifier:${contact.source!.kind}`,
    },
  }
  if (!bySource) {
    const decision = resolveIdentity<Holder>(
      {
        email: contact.email && {
          owner: holder(keys.email),
          // A core customer without email rows: find-or-create's to read.
          unindexed: unindexed.has(contact.email.email_normalized)
            ? undefined
            : null,
        },
        phone: contact.phone && { owner: holder(keys.phone) },
      },
      options
    )
    target =
      "match" in decision && decision.match
        ? {
            customer_id: decision.match.customer_id,
            outcome: { created: false, linked_by: decision.match.matched_by },
          }
        : null
  }
  const canonical = keyList(contact).every((key) => {
    const owner = owners.get(key)
    return (
      !owner ||
      (owner.customer_id === target?.customer_id &&
        owner.canonical_customer_id === owner.customer_id)
    )
  })
  return canonical ? target : null
}

/**
 * Runs `work` under the locks find-or-create takes on these rows' values;
 * null when another caller holds one longer than the lock timeout (the rows
 * then go the per-row way).
 */
async function underValueLocks<T>(
  container: MedusaContainer,
  contacts: ImportContact[],
  work: () => Promise<T>
): Promise<T | null> {
  const options = await identityService(container).getOptions()
  const locking = container.resolve(Modules.LOCKING)
  const ownerId = randomUUID()
  const keys = identifierLockKeys({
    email_normalized: contacts.flatMap((c) =>
      c.email ? [c.email.email_normalized] : []
    ),
    phone_e164: contacts.flatMap((c) => (c.phone ? [c.phone.phone_e164] : [])),
    identifiers: contacts.flatMap((c) =>
      c.source &&
      identifierKindOf(options, c.source.kind).match === PhoneMatchMode.AUTO
        ? [c.source]
        : []
    ),
  })
  if (
    !(await acquireLocksInOrder(locking, keys, {
      ownerId,
      expire: IDENTIFIER_LOCK_TTL,
      timeout: IDENTIFIER_LOCK_TIMEOUT,
    }))
  ) {
    return null
  }
  try {
    return await work()
  } finally {
    await locking.release(keys, { ownerId })
  }
}

/** One row: its customer found by its source id, else found or made by find-or-create. */
async function importContact(
  container: MedusaContainer,
  contact: ImportContact
): Promise<Outcome> {
  const service = identityService(container)
  const owner = contact.source
    ? (await service.findIdentityOwners({ identifiers: [contact.source] }))
        .identifiers[contact.source.kind]
    : undefined
  const { result } = await findOrCreateCustomerWorkflow(container).run({
    input: owner
      ? { ...contact.input, customer_id: owner.customer_id }
      : contact.input,
  })
  // A customer the row created has its names, history and address already.
  if (!result.created) {
    await enrichImportedCustomer(container, result.customer_id, contact.row)
  }
  if (owner) {
    return { created: false, linked_by: `identifier:${contact.source!.kind}` }
  }
  return result.created
    ? { created: true }
    : { created: false, linked_by: result.matched_by }
}

/**
 * The file's rows after `afterLine`, a batch at a time, each row read (or
 * rejected) and the batch's importable rows decided by `decide`.
 */
async function* decidedBatches(
  container: MedusaContainer,
  imp: CustomerImportDTO,
  {
    afterLine,
    size,
    renew,
  }: { afterLine: number; size: number; renew: () => Promise<void> },
  decide: (contacts: ImportContact[]) => Promise<Outcome[]>
): AsyncGenerator<{
  line: number
  outcomes: Outcome[]
  rejects: ImportReject[]
}> {
  const options = await identityService(container).getOptions()
  const sourceKind = imp.source_kind
    ? identifierKindOf(options, imp.source_kind)
    : undefined
  for await (const rows of batches(container, imp, afterLine, size)) {
    await renew()
    const { contacts, rejects } = await readImportContacts(
      container,
      rows,
      sourceKind,
      options.defaultCountry
    )
    yield {
      line: rows[rows.length - 1].line,
      outcomes: await decide(contacts),
      rejects,
    }
  }
}

/** The file's rows after `afterLine`, in batches. */
async function* batches(
  container: MedusaContainer,
  imp: CustomerImportDTO,
  afterLine: number,
  size: number
): AsyncGenerator<ImportRow[]> {
  if (!imp.file_key) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The file of import ${imp.id} is gone: upload it again`
    )
  }
  const stream = await container
    .resolve(Modules.FILE)
    .getDownloadStream(imp.file_key)
  let batch: ImportRow[] = []
  for await (const row of readImportRows(
    stream,
    mappingOf(imp.format, imp.mapping),
    afterLine
  )) {
    batch.push(row)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length) {
    yield batch
  }
}

/**
 * Runs `work` on an import in one of `from`, under the import's lock, and
 * saves what it returns; a failure is saved as `failed` with its message.
 */
async function guarded(
  container: MedusaContainer,
  id: string,
  from: ImportStatus[],
  work: (
    imp: CustomerImportDTO,
    save: (data: Partial<CustomerImportDTO>) => Promise<CustomerImportDTO>,
    renew: () => Promise<void>
  ) => Promise<Partial<CustomerImportDTO>>
): Promise<CustomerImportDTO> {
  const service = identityService(container)
  // Its own owner: a second confirmation of one import finds the lock taken.
  const owner = randomUUID()
  const renew = () => lock(container, id, owner)
  const save = async (data: Partial<CustomerImportDTO>) =>
    (await service.updateCustomerImports({
      id,
      ...data,
    } as never)) as unknown as CustomerImportDTO
  await renew()
  try {
    const imp = (await service.retrieveCustomerImport(
      id
    )) as unknown as CustomerImportDTO
    if (!from.includes(imp.status as ImportStatus)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Import ${id} is ${imp.status}`
      )
    }
    try {
      return await save(await work(imp, save, renew))
    } catch (error) {
      await save({
        status: ImportStatus.FAILED,
        error: maskContacts((error as Error).message),
      })
      throw error
    }
  } finally {
    await container.resolve(Modules.LOCKING).release(lockKey(id), {
      ownerId: owner,
    })
  }
}

const lockKey = (id: string) => `customer-identity:import:${id}`

/** Takes, or renews, the import's lock: one planning, run or cancel at a time. */
async function lock(container: MedusaContainer, id: string, owner: string) {
  try {
    await container
      .resolve(Modules.LOCKING)
      .acquire(lockKey(id), { ownerId: owner, expire: LOCK_EXPIRE_SECONDS })
  } catch {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Import ${id} is already being worked on`
    )
  }
}

async function deleteFile(container: MedusaContainer, imp: CustomerImportDTO) {
  if (imp.file_key) {
    await container.resolve(Modules.FILE).deleteFiles(imp.file_key)
  }
}

function identityService(
  container: MedusaContainer
): CustomerIdentityModuleService {
  return container.resolve(CUSTOMER_IDENTITY_MODULE)
}

/** Starts the dry run, or the run, without waiting: progress and failures are saved on the import. */
export function inBackground(
  container: MedusaContainer,
  id: string,
  work: (container: MedusaContainer, id: string) => Promise<unknown>
) {
  work(container, id).catch((error) =>
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`Import ${id} failed: ${maskContacts(error.message)}`)
  )
}
