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
  const recent = sends.filter(
    (s) => new Date(s.created_at).getTime() > windowStart
  )
  const own = recent
    .filter((s) => s.customer_id === customerId)
    .map((s) => new Date(s.created_at).getTime())
    .sort((a, b) => a - b)
  if (own.length >= limits.perCustomer) {
    // When enough of this customer's requests have left the window.
    const freedAt = own[own.length - limits.perCustomer] - windowStart
    return {
      send: "refuse",
      retry_after_seconds: Math.max(1, Math.ceil(freedAt / 1000)),
    }
  }
  if (recent.filter((s) => s.sent).length >= limits.perIdentifier) {
    return { send: "silent" }
  }
  return { send: "send" }
}
