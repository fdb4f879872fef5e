import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

const emailSchema = z.email()

/** The identifier form of an email: trimmed and lower-cased, nothing more. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Validates an email and returns it as given (trimmed) with its normalised form.
 * Throws INVALID_DATA naming the value when it is not an email address.
 */
export function parseEmail(input: unknown): {
  email: string
  email_normalized: string
} {
  const email = typeof input === "string" ? input.trim() : ""
  if (!emailSchema.safeParse(email).success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${describeInput(input)} is not a valid email address`
    )
  }
  return { email, email_normalized: normalizeEmail(email) }
}

/** An input as an error message shows it: a string quoted, anything else by its type (it may not even stringify). */
export function describeInput(input: unknown): string {
  return typeof input === "string" ? `"${input}"` : `A ${typeof input}`
}
