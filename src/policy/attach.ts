/**
 * What happens to an email or phone given for a canonical customer: one
 * nobody owns is added to it (`"add"`), one it owns is kept (`"keep"`), one
 * another customer owns stays where it is (`"leave"`): identifiers are never
 * moved by a contact, only by a fold, a merge or a proven claim.
 */
export function decideAttach(
  canonicalCustomerId: string,
  ownerCustomerId: string | null | undefined
): "add" | "keep" | "leave" {
  if (!ownerCustomerId) {
    return "add"
  }
  return ownerCustomerId === canonicalCustomerId ? "keep" : "leave"
}
