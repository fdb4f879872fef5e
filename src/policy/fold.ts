import { FoldEvidence } from "../types/constants"

/** A canonical customer as the fold rule sees it. */
export interface FoldParty {
  customer_id: string
  has_account: boolean
}

/** Identities to fold into a target, and the evidence that they are one person. */
export interface PlannedFold {
  target_customer_id: string
  source_customer_ids: string[]
  evidence: `${FoldEvidence}`
}

export interface FoldDecision {
  /** The customer's canonical customer once the fold (if any) is done. */
  canonical_customer_id: string
  fold: PlannedFold | null
}

/**
 * Whether indexing a customer folds two identities: `own` is the canonical
 * customer being indexed, `owner` the canonical customer that owns its email
 * (null when nobody does). Different owners of one email are one person: a
 * registered account wins over a guest; of two guests the one that owned the
 * email first (`owner`) stays canonical; two accounts are never folded.
 * With an account the evidence is `account_email`: nobody has verified
 * that the account's email is the registrant's, so the fold stays unproven.
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
      evidence: target.has_account
        ? FoldEvidence.ACCOUNT_EMAIL
        : FoldEvidence.EMAIL,
    },
  }
}
