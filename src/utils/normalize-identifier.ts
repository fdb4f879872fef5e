import { MedusaError } from "@medusajs/framework/utils"
import { IdentifierNormalizer } from "../types/constants"
import {
  IdentifierKindDefinition,
  ResolvedCustomerIdentityOptions,
} from "../types/options"
import { describeInput } from "./normalize-email"

const NORMALIZERS: Record<
  `${IdentifierNormalizer}`,
  (value: string) => string
> = {
  [IdentifierNormalizer.TRIM_LOWER]: (value) => value.toLowerCase(),
  [IdentifierNormalizer.ALNUM_UPPER]: (value) =>
    value
      .normalize("NFKD")
      .replace(/[^\p{L}\p{N}]/gu, "")
      .toUpperCase(),
  [IdentifierNormalizer.DIGITS]: (value) => value.replace(/\D/g, ""),
}

/** A value of an identifier kind as given (trimmed) and normalised. */
export interface ParsedIdentifier {
  kind: string
  value: string
  value_normalized: string
}

/**
 * Reads a value of an identifier kind with the kind's normaliser. Throws
 * INVALID_DATA naming the kind and the value when nothing is left of it.
 */
export function parseIdentifier(
  kind: Pick<IdentifierKindDefinition, "kind" | "label" | "normalize">,
  input: unknown
): ParsedIdentifier {
  const value =
    typeof input === "string" || typeof input === "number"
      ? String(input).trim()
      : ""
  const normalized = value && NORMALIZERS[kind.normalize](value)
  if (!normalized || normalized.length > 200) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${describeInput(input)} is not a valid ${kind.label} (${kind.kind}): ` +
        (normalized ? "longer than 200 characters" : expected(kind.normalize))
    )
  }
  return { kind: kind.kind, value, value_normalized: normalized }
}

function expected(normalize: `${IdentifierNormalizer}`): string {
  switch (normalize) {
    case IdentifierNormalizer.DIGITS:
      return "it has no digits"
    case IdentifierNormalizer.ALNUM_UPPER:
      return "it has no letters or digits"
    default:
      return "it is empty"
  }
}

/** A kind of the `identifierKinds` option; INVALID_DATA naming the declared ones for any other. */
export function identifierKindOf(
  options: Pick<ResolvedCustomerIdentityOptions, "identifierKinds">,
  kind: string
): IdentifierKindDefinition {
  const definition = options.identifierKinds.find((k) => k.kind === kind)
  if (!definition) {
    const declared = options.identifierKinds.map((k) => k.kind)
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `"${kind}" is not an identifier kind of this store: ` +
        (declared.length
          ? `use ${declared.join(", ")}`
          : "declare it in the identifierKinds option")
    )
  }
  return definition
}
