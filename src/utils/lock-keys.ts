/** Seconds a caller waits for an identifier's lock, and how long a lock may be held. */
export const IDENTIFIER_LOCK_TIMEOUT = 30
export const IDENTIFIER_LOCK_TTL = 30

/**
 * The lock keys of a set of identifiers, sorted so that two callers taking
 * overlapping sets always take them in the same order.
 */
export function identifierLockKeys(identifiers: {
  email_normalized?: string | string[] | null
  phone_e164?: string | string[] | null
}): string[] {
  const list = (value?: string | string[] | null) =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => !!v)
  return [
    ...list(identifiers.email_normalized).map(
      (email) => `customer-identity:email:${email}`
    ),
    ...list(identifiers.phone_e164).map(
      (phone) => `customer-identity:phone:${phone}`
    ),
  ].sort()
}
