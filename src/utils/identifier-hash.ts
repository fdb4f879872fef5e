import { createHmac } from "crypto"

/**
 * The keyed hash under which an erased identifier is suppressed:
 * HMAC-SHA256 of `kind:normalised value`, hex. Without the key, a list of
 * hashes cannot be turned back into addresses by hashing guesses.
 */
export function hashIdentifier(
  secret: string,
  /** `email`, `phone` or a kind of the `identifierKinds` option. */
  kind: string,
  normalized: string
): string {
  return createHmac("sha256", secret)
    .update(`${kind}:${normalized}`)
    .digest("hex")
}
