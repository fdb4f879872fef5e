import { FoldEvidence, PhoneMatchMode } from "../types/constants"
import { FoldDecision, FoldParty, decideEmailFold } from "./fold"
import { foldName, namesAgree, PersonName } from "./orderer"

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

/** Edits (insert, delete, replace) between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    previous = current
  }
  return previous[b.length]
}

/** One name written two ways: an initial of it, or a typo away (same first letter, two edits at most). */
function sameName(a: string, b: string): boolean {
  if (a.length === 1 || b.length === 1) {
    return a[0] === b[0]
  }
  return a === b || (a[0] === b[0] && editDistance(a, b) <= 2)
}

/** Two names that cannot be one person's: another first name or another last name, typos and initials aside. */
function twoPeople(a: PersonName, b: PersonName): boolean {
  return (
    !sameName(foldName(a.first_name), foldName(b.first_name)) ||
    !sameName(foldName(a.last_name), foldName(b.last_name))
  )
}

/**
 * Whether two identities that share a phone go by names of two people (a
 * household, an office): both have a full name and every name of one is
 * another person's than every name of the other. Without names nothing
 * tells them apart; "A. Silva" may be Ana Silva, "Katharine" Katherine.
 */
export function namesDiffer(a: PersonName[], b: PersonName[]): boolean {
  const named = (names: PersonName[]) =>
    names.filter(
      (name) => !!foldName(name.first_name) && !!foldName(name.last_name)
    )
  const [x, y] = [named(a), named(b)]
  return (
    x.length > 0 &&
    y.length > 0 &&
    x.every((one) => y.every((other) => twoPeople(one, other)))
  )
}
