/** Seconds a caller waits for an identifier's lock, and how long a lock may be held. */
export const IDENTIFIER_LOCK_TIMEOUT = 30
export const IDENTIFIER_LOCK_TTL = 30

/**
 * The lock keys of a set of identifiers, sorted so that two callers taking
 * overlapping sets always take them in the same order.
 */
export function identifierLockKeys(identifiers: {
  email_normalized?: string | null
  phone_e164?: string | null
}): string[] {
  const keys: string[] = []
  if (identifiers.email_normalized) {
    keys.push(`customer-identity:email:${identifiers.email_normalized}`)
  }
  if (identifiers.phone_e164) {
    keys.push(`customer-identity:phone:${identifiers.phone_e164}`)
  }
  return keys.sort()
}

/**
 * Seconds a store cart request waits for its email's lock before it goes on
 * to core without it: a slow lock must never fail a checkout.
 */
export const CHECKOUT_LOCK_TIMEOUT = 5
