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
