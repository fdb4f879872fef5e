import { normalizeEmail } from "./normalize-email"

/** Providers that ignore dots in the local part and treat both domains as one. */
const GMAIL_DOMAINS = ["gmail.com", "googlemail.com"]

/**
 * The address an email reaches after its provider's rules: `+tag` dropped
 * everywhere, and for Gmail/Googlemail the dots of the local part dropped and
 * the domain written `gmail.com`. A suggestion signal for duplicate review
 * only, never a key to link customers on: other providers treat dots and
 * tags as they please. The SQL function `customer_identity_fold_email`
 * (migration Migration20261123110900) applies the same rules to the
 * duplicate scan.
 */
export function foldEmailForProvider(email: string): string {
  const normalized = normalizeEmail(email)
  const at = normalized.lastIndexOf("@")
  if (at < 1) {
    return normalized
  }
  const domain = normalized.slice(at + 1)
  const local = normalized.slice(0, at).split("+")[0]
  return GMAIL_DOMAINS.includes(domain)
    ? `${local.replace(/\./g, "")}@gmail.com`
    : `${local}@${domain}`
}
