import { MatchedBy } from "../types/constants"

export interface OrderEvidenceFacts {
  /** The order's customer as core set it. `fresh`: a guest this checkout's email made. */
  customer: {
    customer_id: string
    canonical_customer_id: string
    has_account: boolean
    fresh: boolean
    /**
     * Its canonical customer (when another) existed before the order: the
     * order was placed with an email that identity already held. One made
     * later (the shopper registered after ordering) explains nothing about
     * this order.
     */
    canonical_before_order: boolean
  }
  /** The email row of the order's email, when one exists. */
  email_owner: { canonical_customer_id: string; is_primary: boolean } | null
}

/**
 * How an order's customer was recognised, from the evidence rather than from
 * the fact that core put a customer on the order: an account's own order
 * (`account`); a guest whose identity its email leads to — a returning
 * guest, or a new one folded into an identity that held that email before
 * the order, as primary (`email`) or secondary (`secondary_email`); else a
 * new person (`created`).
 * A fold by the orderer's phone is the phone rule's (`decidePhoneLink`).
 */
export function explainOrderMatch(facts: OrderEvidenceFacts): `${MatchedBy}` {
  const { customer, email_owner } = facts
  if (customer.has_account) {
    return MatchedBy.ACCOUNT
  }
  const known =
    !customer.fresh ||
    (customer.canonical_customer_id !== customer.customer_id &&
      customer.canonical_before_order)
  if (!known) {
    return MatchedBy.CREATED
  }
  return email_owner?.canonical_customer_id ===
    customer.canonical_customer_id && !email_owner.is_primary
    ? MatchedBy.SECONDARY_EMAIL
    : MatchedBy.EMAIL
}
