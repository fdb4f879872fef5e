import { createHash, randomBytes, randomInt, timingSafeEqual } from "crypto"

/** Digits in a verification code. */
export const VERIFICATION_CODE_LENGTH = 6

/** A fresh random code of `VERIFICATION_CODE_LENGTH` digits, zero-padded. */
export function generateVerificationCode(): string {
  return randomInt(0, 10 ** VERIFICATION_CODE_LENGTH)
    .toString()
    .padStart(VERIFICATION_CODE_LENGTH, "0")
}

/** The code as stored: `salt:sha256(salt + code)`; the code itself is never stored. */
export function hashVerificationCode(
  code: string,
  salt = randomBytes(16).toString("hex")
): string {
  return `${salt}:${createHash("sha256").update(`${salt}${code}`).digest("hex")}`
}

/**
 * A stored code that no code matches (its secret is 32 hex characters, not
 * digits): what a claim holds after a request answered as sent but not sent.
 */
export function unguessableCodeHash(): string {
  return hashVerificationCode(randomBytes(16).toString("hex"))
}

/** Whether a code matches a stored hash, in constant time. */
export function verificationCodeMatches(code: string, stored: string): boolean {
  const [salt] = stored.split(":")
  const expected = Buffer.from(stored)
  const actual = Buffer.from(hashVerificationCode(code.trim(), salt))
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** Wrong guesses allowed per code before it stops working. */
export const MAX_CODE_ATTEMPTS = 5
/**
 * Wrong guesses one customer may make per email or phone within
 * `CODE_WINDOW_MINUTES`, at any of its codes: two codes' worth.
 */
export const MAX_WRONG_CODE_GUESSES = 10
/** Codes one customer may ask for, per email or phone, within `CODE_WINDOW_MINUTES`. */
export const MAX_CODE_SENDS = 5
/** Codes sent per email or phone, whoever asked, within `CODE_WINDOW_MINUTES`. */
export const MAX_IDENTIFIER_CODE_SENDS = 10
/** The window the code send and guess limits count over. */
export const CODE_WINDOW_MINUTES = 60
/** Unproven emails and phones a customer may have pending at once. */
export const MAX_OPEN_CLAIMS = 10
/** The `code` of errors the store API answers with 429. */
export const RATE_LIMITED = "rate_limited"
