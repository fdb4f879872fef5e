import { MatchedBy, MatchIdentifier, PhoneMatchMode } from "../types/constants"

/** A customer that holds an identifier, or that a caller named, and its canonical customer. */
export interface IdentityHolder {
  customer_id: string
  canonical_customer_id: string
}

/** The owner of an email row: primary or secondary. */
export interface EmailHolder extends IdentityHolder {
  is_primary: boolean
}

/**
 * What is known about the person a contact stands for. Holders may carry more
 * (`H`): the match returns the holder it picked as given.
 */
export interface ResolveFacts<H extends IdentityHolder = IdentityHolder> {
  /** The customer the caller named (an order's customer), when it named one. */
  customer?: H
  email?: {
    /** The customer owning the email row; null when nobody does. */
    owner: (H & Pick<EmailHolder, "is_primary">) | null
    /**
     * A core customer with the email that has no email row yet (made before
     * the plugin, or its subscriber has not run); null when there is none,
     * undefined when nobody has looked yet (it costs a query).
     */
    unindexed?: H | null
  }
  phone?: {
    /** The customer owning the phone row; null when nobody does. */
    owner: H | null
  }
  /** Values of identifier kinds given, by kind: the customer owning each (kinds that suggest own nothing). */
  identifiers?: Record<string, { owner: H | null }>
}

export interface ResolveRules {
  /** `email`, `phone` and kinds of `identifierKinds`. */
  matchOrder: readonly string[]
  phoneMatch: `${PhoneMatchMode}`
}

export type IdentityMatch<H extends IdentityHolder = IdentityHolder> = H & {
  matched_by: `${MatchedBy}`
  /** The identifier kind that matched, with `matched_by: "identifier"`. */
  matched_kind?: string
}

export type ResolveDecision<H extends IdentityHolder = IdentityHolder> =
  | { match: IdentityMatch<H> }
  /** Nothing matches: a new customer stands for the person. */
  | { match: null }
  /** Look up `facts.email.unindexed` and decide again. */
  | { lookup: "unindexed_email" }

/**
 * Who a contact is. The customer a caller names is the person; else the
 * identifiers are tried in `matchOrder`: an email by its row (primary or
 * secondary), else by a core customer not yet indexed; a phone by its row,
 * only when `phoneMatch` is `"auto"` (under `"suggest"` a shared phone links
 * nobody); a value of an identifier kind by its owner (a kind that suggests
 * has none). The first that matches wins, so under the default order the email
 * wins when email and phone point at different customers.
 */
export function resolveIdentity<H extends IdentityHolder>(
  facts: ResolveFacts<H>,
  rules: ResolveRules
): ResolveDecision<H> {
  if (facts.customer) {
    return { match: { ...facts.customer, matched_by: MatchedBy.CUSTOMER } }
  }
  for (const identifier of rules.matchOrder) {
    if (identifier === MatchIdentifier.EMAIL && facts.email) {
      const { owner, unindexed } = facts.email
      if (owner) {
        return {
          match: {
            ...owner,
            matched_by: owner.is_primary
              ? MatchedBy.EMAIL
              : MatchedBy.SECONDARY_EMAIL,
          },
        }
      }
      if (unindexed === undefined) {
        return { lookup: "unindexed_email" }
      }
      if (unindexed) {
        return { match: { ...unindexed, matched_by: MatchedBy.EMAIL } }
      }
    }
    if (
      identifier === MatchIdentifier.PHONE &&
      facts.phone?.owner &&
      rules.phoneMatch === PhoneMatchMode.AUTO
    ) {
      return { match: { ...facts.phone.owner, matched_by: MatchedBy.PHONE } }
    }
    const owner = facts.identifiers?.[identifier]?.owner
    if (owner) {
      return {
        match: {
          ...owner,
          matched_by: MatchedBy.IDENTIFIER,
          matched_kind: identifier,
        },
      }
    }
  }
  return { match: null }
}
