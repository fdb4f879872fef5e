import { FoldEvidence } from "../types/constants"
import { PlannedFold } from "./fold"

export interface ClaimContactFact {
  order_id: string
  /** The order's own customer. */
  customer_id: string | null
  /** Whether that customer is a registered account. */
  customer_has_account: boolean
  /** Whether the order was placed with the claimed identifier (a phone: as the orderer's). */
  used_identifier: boolean
  placed_at: Date
}

export interface ClaimFacts {
  /** The shopper's own customer and its canonical customer. */
  customer_id: string
  canonical_customer_id: string
  /** The canonical customer owning the identifier now; null when nobody does. */
  owner: { customer_id: string; has_account: boolean } | null
  /** Order contacts of the shopper's and the owner's identities, canceled ones left out. */
  contacts: ClaimContactFact[]
  /** For a phone: orders placed before this moment stay (`claimWindowDays`); numbers change owners. */
  reach_since?: Date
}

export type ClaimDecision =
  | { refused: "owned_by_account" }
  | {
      refused: null
      /** The guest identity that owned the identifier, folded into the shopper's. */
      fold: PlannedFold | null
      /** Guest orders placed with the identifier, to move to the shopper. */
      order_ids: string[]
      from_customer_ids: string[]
    }

/**
 * What a proven claim changes. The identifier's owner may be nobody, the
 * shopper's own identity, a guest identity (folded into the shopper's), or
 * another registered account (refused: two accounts are never folded). The
 * guest orders placed with the identifier move to the shopper (a phone's
 * only within its reach); its own orders and accounts' orders stay where
 * they are.
 */
export function decideClaim(facts: ClaimFacts): ClaimDecision {
  const { owner } = facts
  const foreignOwner =
    owner && owner.customer_id !== facts.canonical_customer_id ? owner : null
  if (foreignOwner?.has_account) {
    return { refused: "owned_by_account" }
  }
  const claimed = facts.contacts.filter(
    (contact) =>
      !!contact.customer_id &&
      contact.customer_id !== facts.customer_id &&
      !contact.customer_has_account &&
      contact.used_identifier &&
      (!facts.reach_since ||
        new Date(contact.placed_at) >= new Date(facts.reach_since))
  )
  return {
    refused: null,
    fold: foreignOwner
      ? {
          target_customer_id: facts.canonical_customer_id,
          source_customer_ids: [foreignOwner.customer_id],
          evidence: FoldEvidence.PROOF,
        }
      : null,
    order_ids: claimed.map((contact) => contact.order_id),
    from_customer_ids: [
      ...new Set(claimed.map((contact) => contact.customer_id!)),
    ],
  }
}
