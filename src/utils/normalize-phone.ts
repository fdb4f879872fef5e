import { MedusaError } from "@medusajs/framework/utils"
import { describeInput } from "./normalize-email"
import {
  CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js"

/** An ISO 3166-1 alpha-2 code libphonenumber knows, upper-cased; undefined for anything else. */
export function toPhoneRegion(
  country: string | null | undefined
): CountryCode | undefined {
  const region = country?.trim().toUpperCase()
  return region && isSupportedCountry(region) ? region : undefined
}

/**
 * The E.164 form of a phone number, or null when it cannot be read.
 * Numbers without a `+` prefix are read in `region`.
 */
export function normalizePhone(
  phone: string,
  region?: string | null
): string | null {
  const parsed = parsePhoneNumberFromString(phone, {
    defaultCountry: toPhoneRegion(region),
  })
  // isPossible (length per region) rather than isValid (assigned ranges): merchants
  // hold test and newly allocated numbers that the bundled metadata does not know.
  return parsed?.isPossible() ? parsed.number : null
}

/**
 * Reads a phone number and returns it as given (trimmed) with its E.164 form.
 * Throws INVALID_DATA naming the value when it cannot be read.
 */
export function parsePhone(
  input: unknown,
  region?: string | null
): { phone: string; phone_e164: string } {
  const phone = typeof input === "string" ? input.trim() : ""
  const e164 = phone ? normalizePhone(phone, region) : null
  if (!e164) {
    const hint = toPhoneRegion(region)
      ? ` in region ${toPhoneRegion(region)}`
      : "; write it with its country prefix (e.g. +1 555 123 4567) or give a country code"
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${describeInput(input)} is not a valid phone number${hint}`
    )
  }
  return { phone, phone_e164: e164 }
}
