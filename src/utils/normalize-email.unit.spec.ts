import { MedusaError } from "@medusajs/framework/utils"
import { normalizeEmail, parseEmail } from "./normalize-email"

describe("normalizeEmail", () => {
  it("should trim and lower-case, and nothing more", () => {
    expect(normalizeEmail("  John.Doe+Shop@Example.COM ")).toBe(
      "john.doe+shop@example.com"
    )
  })
})

describe("parseEmail", () => {
  it("should keep the email as given, trimmed, next to its normalised form", () => {
    expect(parseEmail(" John@Example.com ")).toEqual({
      email: "John@Example.com",
      email_normalized: "john@example.com",
    })
  })

  it.each(["", "   ", "john", "john@", "@example.com", "john@@example.com"])(
    "should refuse %j with INVALID_DATA naming the value",
    (value) => {
      expect(() => parseEmail(value)).toThrow(
        expect.objectContaining({
          type: MedusaError.Types.INVALID_DATA,
          message: `"${value}" is not a valid email address`,
        })
      )
    }
  )

  it("should refuse a value that is not a string", () => {
    expect(() => parseEmail(42)).toThrow("is not a valid email address")
  })
})
