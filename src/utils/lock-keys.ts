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
 * Seconds a store cart request waits for its email's checkout lock before it
 * goes on to core without it: a slow lock must never fail a checkout.
 */
export const CHECKOUT_LOCK_TIMEOUT = 5

/**
 * The lock a store cart request setting an email holds until its response is
 * sent. Its own key, not the identifier key of the plugin's workflows: it is
 * held for a whole request, so sharing it would make the plugin's subscribers
 * wait behind storefront traffic, and anything taking the identifier lock
 * inside a cart request (a future hook or middleware) would wait on its own
 * request until it timed out.
 */
export function checkoutLockKey(emailNormalized: string): string {
  return `customer-identity:checkout-email:${emailNormalized}`
}
