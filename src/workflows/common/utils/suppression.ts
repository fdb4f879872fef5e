import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { isSuppressed } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { hashIdentifier } from "../../../utils/identifier-hash"
import { normalizeEmail } from "../../../utils/normalize-email"
import { normalizePhone } from "../../../utils/normalize-phone"

export type SuppressedKind = "email" | "phone"

/** An email and phone as some stored record holds them, and when it was recorded. */
export interface RecordedContact {
  email?: string | null
  phone?: string | null
  /** Region for a phone without a country prefix; else the `defaultCountry` option. */
  country_code?: string | null
  /** A recipient's phone on an order (a gift to an erased person), and its region. */
  recipient_phone?: string | null
  recipient_country_code?: string | null
  recorded_at: Date | string
}

function identityService(
  container: MedusaContainer
): CustomerIdentityModuleService {
  return container.resolve(CUSTOMER_IDENTITY_MODULE)
}

/**
 * The HMAC keys of the suppression list, newest first: the
 * `suppressionSecret` option, else the app's cookie secret. The first hashes
 * new rows; every one matches.
 */
export async function suppressionSecrets(
  container: MedusaContainer
): Promise<string[]> {
  const { suppressionSecret } = await identityService(container).getOptions()
  const { projectConfig } = container.resolve(
    ContainerRegistrationKeys.CONFIG_MODULE
  )
  // Medusa fills in a cookie secret when the app sets none.
  return suppressionSecret ?? [projectConfig.http.cookieSecret!]
}

/** The key new suppression rows and code-send records are hashed under. */
export async function suppressionSecret(
  container: MedusaContainer
): Promise<string> {
  return (await suppressionSecrets(container))[0]
}

/**
 * The suppression list's hashes of a normalised identifier under every key
 * (`suppressionSecrets`), as a function: the keys are read once.
 */
export async function identifierHasher(
  container: MedusaContainer
): Promise<(kind: string, normalized: string) => string[]> {
  const secrets = await suppressionSecrets(container)
  return (kind, normalized) =>
    secrets.map((secret) => hashIdentifier(secret, kind, normalized))
}

/** The normalised email and phone of a contact; null where there is none or it cannot be read. */
export function normalizedContact(
  contact: Omit<RecordedContact, "recorded_at">,
  defaultCountry?: string
): { email: string | null; phone: string | null } {
  return {
    email: contact.email ? normalizeEmail(contact.email) : null,
    phone: contact.phone
      ? normalizePhone(contact.phone, contact.country_code || defaultCountry)
      : null,
  }
}

/**
 * The suppression list's hashes of each contact's email and phone, under
 * every key (`suppressionSecrets`); none for a value that cannot be read.
 */
export async function contactHashes<
  T extends Omit<RecordedContact, "recorded_at">,
>(
  container: MedusaContainer,
  contacts: T[]
): Promise<
  { contact: T; email: string[]; phone: string[]; recipient: string[] }[]
> {
  const { defaultCountry } = await identityService(container).getOptions()
  const hashOf = await identifierHasher(container)
  // A batch repeats values (a customer's phone on each of its orders): parse and hash each once.
  const hashes = new Map<string, string[]>()
  const hash = (
    kind: SuppressedKind,
    value?: string | null,
    region?: string | null
  ): string[] => {
    if (!value) {
      return []
    }
    const key = `${kind}|${value}|${region ?? ""}`
    if (!hashes.has(key)) {
      const normalized = normalizedContact(
        { [kind]: value, country_code: region },
        defaultCountry
      )[kind]
      hashes.set(key, normalized ? hashOf(kind, normalized) : [])
    }
    return hashes.get(key)!
  }
  return contacts.map((contact) => ({
    contact,
    email: hash("email", contact.email),
    phone: hash("phone", contact.phone, contact.country_code),
    recipient: hash(
      "phone",
      contact.recipient_phone,
      contact.recipient_country_code
    ),
  }))
}

/**
 * Returns the contacts with every email and phone (a recipient's phone
 * included) that the identity policy's `isSuppressed` drops (erased at or
 * after the contact was recorded) set to null.
 */
export async function dropSuppressedIdentifiers<T extends RecordedContact>(
  container: MedusaContainer,
  contacts: T[]
): Promise<T[]> {
  const service = identityService(container)
  const keyed = await contactHashes(container, contacts)
  const hashes = [
    ...new Set(keyed.flatMap((k) => [...k.email, ...k.phone, ...k.recipient])),
  ]
  if (!hashes.length) {
    return contacts
  }
  const erasedAt = new Map(
    (await service.findLatestErasures(hashes)).map((row) => [
      row.identifier_hash,
      row.erased_at,
    ])
  )
  // Under any key: an erasure made before a rotation still matches.
  const suppressed = (hashes: string[], recordedAt: Date | string) =>
    hashes.some((hash) => isSuppressed(erasedAt.get(hash), recordedAt))
  return keyed.map(({ contact, email, phone, recipient }) => ({
    ...contact,
    email: suppressed(email, contact.recorded_at) ? null : contact.email,
    phone: suppressed(phone, contact.recorded_at) ? null : contact.phone,
    ...(contact.recipient_phone && suppressed(recipient, contact.recorded_at)
      ? { recipient_phone: null }
      : {}),
  }))
}
