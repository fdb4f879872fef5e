import { MedusaError } from "@medusajs/framework/utils"
import fc from "fast-check"
import { normalizeEmail, parseEmail } from "./normalize-email"
import { normalizePhone, parsePhone } from "./normalize-phone"

const RUNS = { numRuns: 1000 }

/** The value, or the MedusaError it threw; anything else thrown fails the property. */
function outcome<T>(run: () => T): T | MedusaError {
  try {
    return run()
  } catch (error) {
    expect(error).toBeInstanceOf(MedusaError)
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect((error as MedusaError).message).toMatch(/is not a valid/)
    return error as MedusaError
  }
}

/** Flips the case of ASCII letters where `mask` says so. */
const recase = (text: string, mask: boolean[]) =>
  [...text]
    .map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase()))
    .join("")

/** Addresses this plugin accepts (stricter than RFC 5322: no quoted or symbol-laden local parts). */
const acceptedEmail = fc
  .emailAddress()
  .filter((email) => !(outcome(() => parseEmail(email)) instanceof MedusaError))

const anyText = fc.oneof(
  fc.string(),
  fc.fullUnicodeString(),
  fc.string({ unit: "binary" })
)

describe("email normalisation (property-based)", () => {
  it("should be idempotent on any string", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(normalizeEmail(normalizeEmail(s))).toBe(normalizeEmail(s))
      }),
      RUNS
    )
  })

  it("should give one identifier for an address in any case and with surrounding spaces", () => {
    fc.assert(
      fc.property(
        acceptedEmail,
        fc.array(fc.boolean(), { minLength: 1 }),
        fc.constantFrom("", " ", "\t", "  \n"),
        (email, mask, pad) => {
          const variant = `${pad}${recase(email, mask)}${pad}`
          expect(parseEmail(variant).email_normalized).toBe(
            parseEmail(email).email_normalized
          )
        }
      ),
      RUNS
    )
  })

  it("should never throw anything but a 400 on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        outcome(() => parseEmail(input))
      }),
      RUNS
    )
  })

  it("should never make a look-alike identifier from invisible, bidi or non-ASCII characters", () => {
    const hostile = fc.constantFrom(
      "\u200b",
      "\u200d",
      "\u2060",
      "\ufeff",
      "\u202e",
      "\u200f",
      "\u0430", // Cyrillic a
      "\u03bf", // Greek omicron
      "\uff41" // fullwidth a
    )
    fc.assert(
      fc.property(acceptedEmail, hostile, fc.nat(), (email, char, at) => {
        const i = at % (email.length + 1)
        const spoofed = `${email.slice(0, i)}${char}${email.slice(i)}`
        const result = outcome(() => parseEmail(spoofed))
        // Refused, or (a BOM at either end is whitespace to trim) the same identifier.
        if (!(result instanceof MedusaError)) {
          expect(result.email_normalized).toBe(normalizeEmail(email))
        }
      }),
      RUNS
    )
  })
})

describe("phone normalisation (property-based)", () => {
  const regions = fc.constantFrom(undefined, null, "US", "GB", "DE", "xx", "")

  it("should never throw, and give E.164 or null, on arbitrary strings", () => {
    fc.assert(
      fc.property(anyText, regions, (s, region) => {
        const e164 = normalizePhone(s, region)
        if (e164 !== null) {
          expect(e164).toMatch(/^\+[1-9]\d{1,14}$/)
        }
      }),
      RUNS
    )
  })

  it("should be idempotent: an E.164 number normalises to itself in any region", () => {
    fc.assert(
      fc.property(anyText, regions, regions, (s, region, other) => {
        const e164 = normalizePhone(s, region)
        if (e164 !== null) {
          expect(normalizePhone(e164, other)).toBe(e164)
        }
      }),
      RUNS
    )
  })

  it("should give one identifier for a US number in any formatting", () => {
    const digit = fc.integer({ min: 0, max: 9 })
    const leading = fc.integer({ min: 2, max: 9 })
    fc.assert(
      fc.property(
        fc.tuple(leading, digit, digit),
        fc.tuple(leading, digit, digit),
        fc.tuple(digit, digit, digit, digit),
        (area, exchange, line) => {
          const [a, e, l] = [area, exchange, line].map((d) => d.join(""))
          const formats = [
            `${a}${e}${l}`,
            `(${a}) ${e}-${l}`,
            `${a}.${e}.${l}`,
            `${a} ${e} ${l}`,
            `+1 ${a} ${e} ${l}`,
            `1-${a}-${e}-${l}`,
            `+1 (${a}) ${e}-${l}`,
            ` ${a}-${e}-${l} `,
          ]
          const normalised = formats.map((f) => normalizePhone(f, "US"))
          expect(new Set(normalised)).toEqual(new Set([`+1${a}${e}${l}`]))
        }
      ),
      RUNS
    )
  })

  it("should never throw anything but a 400 on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), regions, (input, region) => {
        outcome(() => parsePhone(input, region))
      }),
      RUNS
    )
  })
})
