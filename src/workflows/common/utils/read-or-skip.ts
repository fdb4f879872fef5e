import { MedusaError } from "@medusajs/framework/utils"

/** The value read, or undefined for unreadable input when lenient. */
export function readOrSkip<T>(read: () => T, lenient: boolean): T | undefined {
  try {
    return read()
  } catch (error) {
    if (
      lenient &&
      (error as MedusaError).type === MedusaError.Types.INVALID_DATA
    ) {
      return undefined
    }
    throw error
  }
}
