import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ParsedEmail } from "../types/workflows"

/**
 * Core customers by email: per normalised email, the first of its customers,
 * accounts first then the oldest. `exact` looks only for the forms core's
 * unique index on `email` serves (as typed and lower-cased); otherwise the
 * match is case-insensitive, which no index of core's serves: one scan of
 * the table for all the emails, where a list through the Customer module
 * (an `$or` of `ILIKE`s) tested every customer against every email. Core
 * columns this depends on: `customer`: id, email, has_account, created_at,
 * deleted_at.
 */
export async function findCustomersByEmail(
  container: MedusaContainer,
  emails: ParsedEmail[],
  exact: boolean
): Promise<Map<string, string>> {
  if (!emails.length) {
    return new Map()
  }
  const values = exact
    ? emails.flatMap((email) => [email.email, email.email_normalized])
    : emails.map((email) => email.email_normalized)
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `SELECT DISTINCT ON (lower(email)) lower(email) AS email_normalized, id
         FROM customer
        WHERE deleted_at IS NULL
          AND ${exact ? "email" : "lower(email)"} = ANY(?::text[])
        ORDER BY lower(email), has_account DESC, created_at ASC, id`,
      [[...new Set(values)]]
    )
  return new Map(
    rows.map((row: { email_normalized: string; id: string }) => [
      row.email_normalized,
      row.id,
    ])
  )
}
