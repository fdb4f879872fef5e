/** A canonical customer as the fold rule sees it. */
export interface FoldParty {
  customer_id: string
  has_account: boolean
}

export interface FoldDecision {
  /** The customer's canonical customer once the fold (if any) is done. */
  canonical_customer_id: string
  fold: { target_customer_id: string; source_customer_ids: string[] } | null
}

/**
 * Whether indexing a customer folds two identities: `own` is the canonical
 * customer being indexed, `owner` the canonical customer that owns its email
 * (null when nobody does). Different owners of one email are one person: a
 * registered account wins over a guest; of two guests the one that owned the
 * email first (`owner`) stays canonical; two accounts are never folded.
 */
export function decideEmailFold(
  own: FoldParty,
  owner: FoldParty | null
): FoldDecision {
  if (!owner || owner.customer_id === own.customer_id) {
    return { canonical_customer_id: own.customer_id, fold: null }
  }
  if (own.has_account && owner.has_account) {
    return { canonical_customer_id: own.customer_id, fold: null }
  }
  const [target, source] =
    own.has_account && !owner.has_account ? [own, owner] : [owner, own]
  return {
    canonical_customer_id: target.customer_id,
    fold: {
      target_customer_id: target.customer_id,
      source_customer_ids: [source.customer_id],
    },
  }
}
