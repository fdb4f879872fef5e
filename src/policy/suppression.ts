/**
 * Whether an erasure suppresses an identifier recorded at `recordedAt`:
 * data recorded at or before the erasure (a redelivered event, a backfill of
 * old rows) never brings the person back; data recorded after it (the person
 * came back and gave it again) is new consent. `erasedAt` is the latest
 * erasure of the identifier, undefined when it was never erased.
 */
export function isSuppressed(
  erasedAt: Date | string | number | undefined,
  recordedAt: Date | string | number
): boolean {
  return (
    erasedAt !== undefined &&
    new Date(erasedAt).getTime() >= new Date(recordedAt).getTime()
  )
}

/** An order's contact as recorded: its email, its orderer and a recipient's phone. */
export interface RecordedOrderer {
  email: string | null
  phone: string | null
  recipient_phone: string | null
  first_name: string | null
  last_name: string | null
}

/**
 * What of an order's contact may be recorded once `isSuppressed` has dropped
 * erased identifiers (`kept`): an order whose email or orderer's phone was
 * erased is an erased person's, and nothing of theirs comes back, the
 * orderer's name and a recipient's phone included; a recipient's phone that
 * was erased (a gift to an erased person) is dropped alone.
 */
export function keptOrderer(
  given: RecordedOrderer,
  kept: {
    email: string | null
    phone: string | null
    recipient_phone?: string | null
  }
): RecordedOrderer {
  const erased =
    (!!given.email && !kept.email) || (!!given.phone && !kept.phone)
  return erased
    ? {
        email: kept.email,
        phone: kept.phone,
        recipient_phone: null,
        first_name: null,
        last_name: null,
      }
    : { ...given, ...kept }
}
