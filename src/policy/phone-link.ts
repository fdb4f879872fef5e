import { FoldEvidence, PhoneMatchMode } from "../types/constants"
import { FoldDecision, FoldParty, decideEmailFold } from "./fold"
import { namesAgree, PersonName } from "./orderer"

/** A canonical identity as the phone rule sees it, with every name it goes by. */
export interface PhoneLinkParty extends FoldParty {
  /** Its canonical customer's name and the orderer names on its order contacts. */
  names: PersonName[]
}

export interface PhoneLinkFacts {
  /**
   * The canonical identity of the order's customer. `fresh`: a guest this
   * checkout's email made (no account, no earlier orders) — the only guest a
   * phone may still tell the identity of.
   */
  own: FoldParty & { fresh: boolean }
  /** Another canonical identity owning the orderer's phone; null when none does. */
  owner: PhoneLinkParty | null
  /** The orderer's name on this order. */
  orderer: PersonName
}

export type PhoneLinkDecision =
  | (FoldDecision & { link: "fold" })
  /** No fold: the duplicate review shows the pair, with why it is no more. */
  | { link: "suggest"; reason: "same_phone" | "same_phone_different_name" }
  | { link: "none" }

/**
 * Whether the orderer's phone folds the order's identity into the one that
 * owns the phone. Only a fresh guest or an account is told by a phone (a
 * returning guest already is someone). The names must agree (`namesAgree`
 * against any name the owner goes by): one number shared by a household or
 * an office is never a fold. Under `phoneMatch: "auto"` the two fold as for
 * an email (an account wins; of two guests the phone's owner stays; two
 * accounts never fold); under `"suggest"` the pair is only suggested.
 */
export function decidePhoneLink(
  facts: PhoneLinkFacts,
  phoneMatch: `${PhoneMatchMode}`
): PhoneLinkDecision {
  const { own, owner } = facts
  if (!owner || owner.customer_id === own.customer_id) {
    return { link: "none" }
  }
  if (!own.fresh && !own.has_account) {
    return { link: "none" }
  }
  if (!owner.names.some((name) => namesAgree(name, facts.orderer))) {
    return { link: "suggest", reason: "same_phone_different_name" }
  }
  const fold = decideEmailFold(own, owner)
  if (phoneMatch !== PhoneMatchMode.AUTO || !fold.fold) {
    return { link: "suggest", reason: "same_phone" }
  }
  return {
    link: "fold",
    canonical_customer_id: fold.canonical_customer_id,
    fold: { ...fold.fold, evidence: FoldEvidence.PHONE },
  }
}
