export interface UserLinkFacts {
  user_id: string
  /** The customer the user is linked to now, if any. */
  user_customer_id: string | null
  /** The customer to link, with the user it is linked to now, if any. */
  customer: { customer_id: string; user_id: string | null }
}

export type UserLinkDecision =
  { link: "keep" } | { link: "set" } | { link: "refuse"; reason: string }

/**
 * Whether an admin user gets linked to a customer: one user stands for at
 * most one customer and the other way round, so a user linked elsewhere, or
 * a customer linked to another user, is refused; the same pair is kept.
 */
export function decideUserLink(facts: UserLinkFacts): UserLinkDecision {
  const { user_id, user_customer_id, customer } = facts
  if (user_customer_id && user_customer_id !== customer.customer_id) {
    return {
      link: "refuse",
      reason: `User ${user_id} is already linked to customer ${user_customer_id}`,
    }
  }
  if (customer.user_id && customer.user_id !== user_id) {
    return {
      link: "refuse",
      reason: `Customer ${customer.customer_id} is already linked to user ${customer.user_id}`,
    }
  }
  return customer.user_id === user_id ? { link: "keep" } : { link: "set" }
}
