import { Context, ModulesSdkTypes } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { IdentitySource, PhoneMatchMode } from "../../../types/constants"
import { IdentifierKindDefinition } from "../../../types/options"
import {
  CreateCustomerEmailDTO,
  CreateCustomerIdentifierDTO,
  CreateCustomerPhoneDTO,
  JournaledIdentifier,
  RowSnapshot,
} from "../../../types/module"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { parseIdentifier } from "../../../utils/normalize-identifier"
import { generateEntityIds } from "../../../utils/entity-ids"
import { sql } from "./run"

const UNIQUE_VIOLATION = "23505"

/**
 * The tables of identifiers: their journal key, and the column a customer
 * has one primary per (emails and phones: one per customer; other kinds:
 * one per kind).
 */
export const IDENTIFIER_TABLES = [
  ["customer_identity_email", "emails", "customer_id"],
  ["customer_identity_phone", "phones", "customer_id"],
  ["customer_identity_identifier", "identifiers", "kind"],
] as const

export type IdentifierTable = (typeof IDENTIFIER_TABLES)[number][0]

/** An email or phone row ready to insert, with the value it is unique on. */
export type IdentifierRow = {
  customer_id: string
  is_primary?: boolean
  /** The normalised value: `email_normalized` or `phone_e164`. */
  key: string
  /** The value as given, for messages. */
  given: string
  data: Record<string, unknown>
}

export type IdentifierKind = {
  label: string
  column: "email_normalized" | "phone_e164" | "value_normalized"
  service: ModulesSdkTypes.IMedusaInternalService<any>
  /** The rows of this kind in a table that holds several (identifier kinds). */
  scope?: { kind: string }
  /** Values several customers may each hold (a kind that suggests). */
  shared?: boolean
}

export type IdentifierKinds = Record<"email" | "phone", IdentifierKind>

/** The module's internal services of emails and phones, with what tells them apart. */
export function identifierKinds(services: {
  customerEmailService: IdentifierKind["service"]
  customerPhoneService: IdentifierKind["service"]
}): IdentifierKinds {
  return {
    email: {
      label: "Email",
      column: "email_normalized",
      service: services.customerEmailService,
    },
    phone: {
      label: "Phone",
      column: "phone_e164",
      service: services.customerPhoneService,
    },
  }
}

/** An identifier kind of the options as `createIdentifiers` takes it. */
export function optionKind(
  definition: IdentifierKindDefinition,
  service: IdentifierKind["service"]
): IdentifierKind {
  return {
    label: definition.label,
    column: "value_normalized",
    service,
    scope: { kind: definition.kind },
    shared: definition.match === PhoneMatchMode.SUGGEST,
  }
}

/** Values of one identifier kind, validated and normalised, ready for `createIdentifiers`. */
export function kindRows(
  definition: IdentifierKindDefinition,
  data: CreateCustomerIdentifierDTO[]
): IdentifierRow[] {
  return data.map(({ value, ...rest }) => {
    const parsed = parseIdentifier(definition, value)
    return {
      customer_id: rest.customer_id,
      is_primary: rest.is_primary,
      key: parsed.value_normalized,
      given: parsed.value,
      data: {
        ...rest,
        ...parsed,
        shared: definition.match === PhoneMatchMode.SUGGEST,
      },
    }
  })
}

/** Emails as given, validated and normalised, ready for `createIdentifiers`. */
export function emailRows(data: CreateCustomerEmailDTO[]): IdentifierRow[] {
  return data.map(({ email, ...rest }) => {
    const parsed = parseEmail(email)
    return {
      customer_id: rest.customer_id,
      is_primary: rest.is_primary,
      key: parsed.email_normalized,
      given: parsed.email,
      data: { ...rest, ...parsed },
    }
  })
}

/**
 * Phones as given and in E.164, ready for `createIdentifiers`: a number
 * without a country prefix is read in its `country_code`, else the default.
 */
export function phoneRows(
  data: CreateCustomerPhoneDTO[],
  defaultCountry: string | undefined
): IdentifierRow[] {
  return data.map(({ phone, country_code, ...rest }) => {
    const parsed = parsePhone(phone, country_code ?? defaultCountry)
    return {
      customer_id: rest.customer_id,
      is_primary: rest.is_primary,
      key: parsed.phone_e164,
      given: parsed.phone,
      data: { ...rest, ...parsed },
    }
  })
}

/**
 * Inserts new emails or phones after checking that no row holds their values
 * (a DUPLICATE_ERROR naming the owner) and deciding the primaries.
 */
export async function createIdentifiers(
  context: Context,
  kind: IdentifierKind,
  rows: IdentifierRow[]
): Promise<unknown[]> {
  assertNoRepeats(kind, rows)

  const customerIds = [...new Set(rows.map((row) => row.customer_id))]
  const owners = await kind.service.list(
    {
      ...kind.scope,
      [kind.column]: rows.map((row) => row.key),
      // A shared value is taken only if the customer holds it already.
      ...(kind.shared ? { shared: true, customer_id: customerIds } : {}),
    },
    { select: ["id", "customer_id", kind.column] },
    context
  )
  const taken = owners
    .map((owner) => ({
      owner,
      row: rows.find(
        (r) =>
          r.key === owner[kind.column] &&
          (!kind.shared || r.customer_id === owner.customer_id)
      ),
    }))
    .find(({ row }) => row)
  if (taken) {
    const { owner, row } = taken as { owner: any; row: IdentifierRow }
    const where =
      owner.customer_id === row.customer_id
        ? `is already on customer ${row.customer_id}`
        : `already belongs to customer ${owner.customer_id}`
    throw new MedusaError(
      MedusaError.Types.DUPLICATE_ERROR,
      `${kind.label} "${row.given}" ${where}`
    )
  }

  const currentPrimaries = await kind.service.list(
    { ...kind.scope, customer_id: customerIds, is_primary: true },
    { select: ["id", "customer_id"] },
    context
  )
  const { toInsert, toDemote } = assignPrimaries(rows, currentPrimaries)

  const manager = context.transactionManager as {
    flush(): Promise<void>
  }
  try {
    if (toDemote.length) {
      await kind.service.update(
        toDemote.map((id) => ({ id, is_primary: false })),
        context
      )
      // The partial unique index on the primary is checked per statement: demote first.
      await manager.flush()
    }
    const created = await kind.service.create(toInsert, context)
    await manager.flush()
    return created
  } catch (error) {
    throw asDuplicateError(kind, error)
  }
}

function assertNoRepeats(kind: IdentifierKind, rows: IdentifierRow[]) {
  const seen = new Set<string>()
  for (const row of rows) {
    // A shared value repeats across customers, never on one.
    const key = kind.shared ? `${row.customer_id} ${row.key}` : row.key
    if (seen.has(key)) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `${kind.label} "${row.given}" is given more than once`
      )
    }
    seen.add(key)
  }
}

/**
 * Decides `is_primary` for new rows: of those marked primary, the first per
 * customer wins and replaces the current primary; with none marked and no
 * current primary, the customer's first new row becomes primary.
 */
function assignPrimaries(
  rows: IdentifierRow[],
  currentPrimaries: { id: string; customer_id: string }[]
): { toInsert: Record<string, unknown>[]; toDemote: string[] } {
  const primaryOf = new Map(
    currentPrimaries.map((row) => [row.customer_id, row.id])
  )
  const winner = new Map<string, IdentifierRow>()
  for (const row of rows) {
    if (row.is_primary && !winner.has(row.customer_id)) {
      winner.set(row.customer_id, row)
    }
  }
  for (const row of rows) {
    if (!winner.has(row.customer_id) && !primaryOf.has(row.customer_id)) {
      winner.set(row.customer_id, row)
    }
  }
  const toDemote = [...winner.keys()]
    .map((customerId) => primaryOf.get(customerId))
    .filter((id): id is string => !!id)
  const toInsert = rows.map((row) => ({
    ...row.data,
    is_primary: winner.get(row.customer_id) === row,
  }))
  return { toInsert, toDemote }
}

/** A unique violation that got past the ownership check (a concurrent insert) as a DUPLICATE_ERROR. */
function asDuplicateError(kind: IdentifierKind, error: unknown): unknown {
  const code = (error as { code?: string })?.code
  if (code !== UNIQUE_VIOLATION) {
    return error
  }
  const detail = String((error as { detail?: string }).detail ?? "")
  // A kind's index is on (kind, value_normalized): the value is the last part.
  const value = detail
    .match(/\)=\((.*)\) already exists/)?.[1]
    ?.split(", ")
    .pop()
  const message = detail.includes(kind.column)
    ? `${kind.label} "${value}" already belongs to another customer`
    : `${kind.label} could not be saved: the customer already has a primary ${kind.label.toLowerCase()}`
  return new MedusaError(MedusaError.Types.DUPLICATE_ERROR, message)
}

/** Makes an email or phone its customer's primary; returns the rows it changed as they were. */
export async function setPrimary(
  context: Context,
  kind: "email" | "phone",
  id: string
): Promise<RowSnapshot> {
  const table = `customer_identity_${kind}`
  const entity = kind === "email" ? "CustomerEmail" : "CustomerPhone"
  const rows = await sql<JournaledIdentifier>(
    context,
    `SELECT id, customer_id, is_primary, updated_at::text AS updated_at
       FROM ${table}
      WHERE deleted_at IS NULL
        AND customer_id = (SELECT customer_id FROM ${table} WHERE id = ? AND deleted_at IS NULL)
        AND (is_primary OR id = ?)
      FOR UPDATE`,
    [id, id]
  )
  const row = rows.find((r) => r.id === id)
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `${kind === "email" ? "Email" : "Phone"} ${id} was not found`
    )
  }
  if (row.is_primary) {
    return { entity, rows: [] }
  }
  // The one-primary index is checked row by row: demote before promoting.
  await sql(
    context,
    `UPDATE ${table} SET is_primary = false, updated_at = now()
      WHERE id = ANY(?) AND is_primary`,
    [rows.map((r) => r.id)]
  )
  await sql(
    context,
    `UPDATE ${table} SET is_primary = true, updated_at = now() WHERE id = ?`,
    [id]
  )
  return { entity, rows }
}

/** Puts rows back exactly as journaled (owner, primary flag, updated_at). */
export async function restoreIdentifiers(
  context: Context,
  table: IdentifierTable,
  rows: JournaledIdentifier[]
): Promise<void> {
  if (!rows.length) {
    return
  }
  const ids = rows.map((row) => row.id)
  // Primaries off first: the one-primary index is checked row by row.
  await sql(
    context,
    `UPDATE ${table} SET is_primary = false WHERE id = ANY(?)`,
    [ids]
  )
  await sql(
    context,
    `UPDATE ${table} t
        SET customer_id = v.customer_id, is_primary = v.is_primary, updated_at = v.updated_at
       FROM unnest(?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
            AS v(id, customer_id, is_primary, updated_at)
      WHERE t.id = v.id`,
    [
      ids,
      rows.map((row) => row.customer_id),
      rows.map((row) => row.is_primary),
      rows.map((row) => row.updated_at),
    ]
  )
}

/**
 * Inserts emails or phones in the order given, skipping any that a row
 * already holds. A customer's first new one becomes primary when it has none.
 */
export async function insertIdentifiers(
  context: Context,
  table: IdentifierTable,
  [[prefix, given, key], rows]: [
    [string, string, string],
    [customerId: string, given: string, key: string][],
  ]
): Promise<{ id: string }[]> {
  if (!rows.length) {
    return []
  }
  const seen = new Set<string>()
  const first = rows.map(
    ([customerId]) => !seen.has(customerId) && !!seen.add(customerId)
  )
  return await sql(
    context,
    `INSERT INTO ${table} (id, customer_id, ${given}, ${key}, is_primary, source)
     SELECT v.id, v.customer_id, v.given, v.key,
            v.first AND NOT EXISTS (
              SELECT 1 FROM ${table} p
               WHERE p.customer_id = v.customer_id AND p.is_primary AND p.deleted_at IS NULL),
            ?
       FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
            WITH ORDINALITY AS v(id, customer_id, given, key, first, n)
      ORDER BY v.n
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      IdentitySource.BACKFILL,
      generateEntityIds(prefix, rows.length),
      rows.map(([customerId]) => customerId),
      rows.map(([, value]) => value),
      rows.map(([, , value]) => value),
      first,
    ]
  )
}
