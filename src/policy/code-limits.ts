/** A code request for an identifier within the send window, by anyone. */
export interface CodeSendFact {
  customer_id: string
  /** False when the request was answered as sent but nothing was sent. */
  sent: boolean
  created_at: Date | string
}

export interface CodeSendLimits {
  /** Requests per identifier and customer within the window. */
  perCustomer: number
  /** Codes actually sent per identifier, whoever asked, within the window. */
  perIdentifier: number
  windowMinutes: number
}

export type CodeSendDecision =
  | { send: "send" }
  /** Answered like a send, but nothing is sent. */
  | { send: "silent" }
  | { send: "refuse"; retry_after_seconds: number }

/** A wrong guess at a code for an identifier within the window, by anyone. */
export interface CodeGuessFact {
  customer_id: string
  created_at: Date | string
}

export interface CodeGuessLimits {
  /** Wrong guesses per identifier and customer within the window. */
  perCustomer: number
  windowMinutes: number
}

export type CodeGuessDecision =
  { guess: "check" } | { guess: "refuse"; retry_after_seconds: number }

/**
 * Whether a shopper's request for a one-time code sends one (invariant 7:
 * limits hold per identifier, whoever asks and however often a claim is
 * re-added, so they are counted on the identifier, never on a claim). Past
 * `perCustomer` requests of this customer for the identifier in the window,
 * the request is refused and says when the oldest leaves the window. Past
 * `perIdentifier` codes sent for the identifier to anyone, the request
 * answers as if sent and sends nothing: a refusal would tell the shopper
 * that somebody else is claiming the value (invariant 4).
 */
export function decideCodeSend(
  customerId: string,
  sends: CodeSendFact[],
  limits: CodeSendLimits,
  now: Date = new Date()
): CodeSendDecision {
  const windowStart = now.getTime() - limits.windowMinutes * 60_000
  const retryAfter = secondsUntilUnderLimit(
    customerId,
    sends,
    limits.perCustomer,
    windowStart
  )
  if (retryAfter) {
    return { send: "refuse", retry_after_seconds: retryAfter }
  }
  const sent = sends.filter((s) => s.sent && time(s) > windowStart)
  if (sent.length >= limits.perIdentifier) {
    return { send: "silent" }
  }
  return { send: "send" }
}

/**
 * Whether a shopper's code is checked at all (invariant 7, as for sends):
 * past `perCustomer` wrong guesses of this customer at codes for the
 * identifier in the window, whichever codes and claims they were made on,
 * the guess is refused unchecked and says when the oldest leaves the
 * window. A refusal tells nothing about the value: it counts only the
 * shopper's own guesses.
 */
export function decideCodeGuess(
  customerId: string,
  wrongGuesses: CodeGuessFact[],
  limits: CodeGuessLimits,
  now: Date = new Date()
): CodeGuessDecision {
  const retryAfter = secondsUntilUnderLimit(
    customerId,
    wrongGuesses,
    limits.perCustomer,
    now.getTime() - limits.windowMinutes * 60_000
  )
  return retryAfter
    ? { guess: "refuse", retry_after_seconds: retryAfter }
    : { guess: "check" }
}

const time = (fact: { created_at: Date | string }) =>
  new Date(fact.created_at).getTime()

/**
 * Null while the customer has fewer than `limit` facts in the window; else
 * the seconds until enough of its oldest have left it (at least 1).
 */
function secondsUntilUnderLimit(
  customerId: string,
  facts: { customer_id: string; created_at: Date | string }[],
  limit: number,
  windowStart: number
): number | null {
  const own = facts
    .filter((f) => f.customer_id === customerId)
    .map(time)
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b)
  if (own.length < limit) {
    return null
  }
  const freedAt = own[own.length - limit] - windowStart
  return Math.max(1, Math.ceil(freedAt / 1000))
}
