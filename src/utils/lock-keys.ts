import { createHash } from "crypto"

/**
 * Seconds a lock on an identifier may be held, and how long a caller waits for
 * it: longer than the hold, so that a caller queued behind an instance that
 * died holding the lock gets it when the lock expires instead of failing.
 */
export const IDENTIFIER_LOCK_TTL = 30
export const IDENTIFIER_LOCK_TIMEOUT = 45

/**
 * An identifier as lock keys carry it: a SHA-256, so that Redis, the locking
 * module's tables and lock errors never hold an email or phone in clear.
 */
function lockHash(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 32)
}

/**
 * The lock keys of a set of identifiers (hashed, see `lockHash`), sorted so
 * that two callers taking overlapping sets always take them in the same
 * order.
 */
export function identifierLockKeys(identifiers: {
  email_normalized?: string | string[] | null
  phone_e164?: string | string[] | null
  /** Values of identifier kinds that belong to one customer. */
  identifiers?: { kind: string; value_normalized: string }[]
}): string[] {
  const list = (value?: string | string[] | null) =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => !!v)
  return [
    ...list(identifiers.email_normalized).map(
      (email) => `customer-identity:email:${lockHash(email)}`
    ),
    ...list(identifiers.phone_e164).map(
      (phone) => `customer-identity:phone:${lockHash(phone)}`
    ),
    ...(identifiers.identifiers ?? []).map(
      ({ kind, value_normalized }) =>
        `customer-identity:kind:${lockHash(`${kind}:${value_normalized}`)}`
    ),
  ].sort()
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
  return `customer-identity:checkout-email:${lockHash(emailNormalized)}`
}

/** Seconds a merge or revert waits for another one on the same customers. */
export const CUSTOMER_LOCK_TIMEOUT = 5
/** Long enough for a merge that moves many orders. */
export const CUSTOMER_LOCK_TTL = 120

/** The locks merges and reverts take on their customers, sorted (see identifierLockKeys). */
export function customerLockKeys(customerIds: string[]): string[] {
  return [...new Set(customerIds)]
    .map((id) => `customer-identity:customer:${id}`)
    .sort()
}

/**
 * The lock recording an order's contact holds, from reading the order to
 * writing its contact: a redelivered order.placed, or an order.canceled,
 * arriving meanwhile waits and then finds the contact recorded.
 */
export function orderLockKey(orderId: string): string {
  return `customer-identity:order:${orderId}`
}
/** Outlasts the identifier locks the recording waits for inside it. */
export const ORDER_LOCK_TTL = 60
export const ORDER_LOCK_TIMEOUT = 90

/**
 * The lock under which code requests and wrong guesses for one identifier
 * are counted and recorded.
 */
export function codeLimitsLockKey(identifierHash: string): string {
  return `customer-identity:code-limits:${identifierHash}`
}
