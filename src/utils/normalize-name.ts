import { MedusaError } from "@medusajs/framework/utils"

/**
 * Trims a name. Absent stays absent; a name that is empty once trimmed is
 * refused with INVALID_DATA naming the field.
 */
export function normalizeName(
  value: string | null | undefined,
  field: string
): string | undefined {
  if (value === undefined || value === null) {
    return undefined
  }
  const name = value.trim()
  if (!name) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${field} must not be empty`
    )
  }
  return name
}
