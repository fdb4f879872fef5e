import { BLANK_ADDRESS } from "../../../utils/address-fields"

type Address = { id: string } & Record<string, unknown>

/** A cart or an order: an email and two addresses. */
export interface RecordWithAddresses {
  id: string
  email?: string | null
  shipping_address?: Address | null
  billing_address?: Address | null
}

/** Blanked records and addresses as they were. */
export interface BlankedRecords {
  records: { id: string; email: string | null }[]
  addresses: Address[]
}

/** The module writes that blank a kind of record and put it back. */
export interface RecordWriter {
  records(data: { id: string; email: string | null }[]): Promise<unknown>
  addresses(data: Address[]): Promise<unknown>
}

/**
 * Blanks records' email and their addresses but the country (carts, or
 * orders when an erasure redacts them). Returns them as they were, for
 * `restoreRecords`.
 */
export async function blankRecords(
  records: RecordWithAddresses[],
  write: RecordWriter
): Promise<BlankedRecords> {
  const addresses = records.flatMap((record) =>
    [record.shipping_address, record.billing_address].filter(
      (address): address is Address => !!address
    )
  )
  const previous: BlankedRecords = {
    records: records.map((record) => ({
      id: record.id,
      email: record.email ?? null,
    })),
    addresses: addresses.map((address) => ({
      id: address.id,
      ...Object.fromEntries(
        Object.keys(BLANK_ADDRESS).map((field) => [
          field,
          address[field] ?? null,
        ])
      ),
    })),
  }
  if (records.length) {
    await write.records(
      records.map((record) => ({ id: record.id, email: null }))
    )
  }
  if (addresses.length) {
    await write.addresses(
      addresses.map((address) => ({ id: address.id, ...BLANK_ADDRESS }))
    )
  }
  return previous
}

/** Puts back what `blankRecords` blanked. */
export async function restoreRecords(
  previous: BlankedRecords,
  write: RecordWriter
): Promise<void> {
  if (previous.records.length) {
    await write.records(previous.records)
  }
  if (previous.addresses.length) {
    await write.addresses(previous.addresses)
  }
}
