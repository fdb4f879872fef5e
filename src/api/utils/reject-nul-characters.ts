import {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** The path (dotted) of the first string holding a NUL character, if any. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === "string") {
    return value.includes("\u0000") ? path : null
  }
  if (value && typeof value === "object") {
    for (const [key, nested] of Object.entries(value)) {
      const found = findNul(nested, path ? `${path}.${key}` : key)
      if (found) {
        return found
      }
    }
  }
  return null
}

/**
 * Refuses NUL characters anywhere in a request: Postgres cannot store or
 * even compare them in text, so they would otherwise surface as a 500.
 */
export function rejectNulCharacters(
  req: MedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  let path: string
  try {
    path = decodeURIComponent(req.originalUrl.split("?")[0])
  } catch {
    return next(
      new MedusaError(MedusaError.Types.INVALID_DATA, "The URL is malformed")
    )
  }
  const field =
    (path.includes("\u0000") && "the URL") ||
    findNul(req.query, "") ||
    findNul(req.body, "")
  next(
    field
      ? new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${field} must not contain NUL characters`
        )
      : undefined
  )
}
