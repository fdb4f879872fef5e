import { createHmac } from "crypto"
import { hashIdentifier } from "./identifier-hash"

describe("hashIdentifier", () => {
  it("should be the HMAC-SHA256 of kind and value under the secret", () => {
    expect(hashIdentifier("s3cret", "email", "jo@example.com")).toBe(
      createHmac("sha256", "s3cret")
        .update("email:jo@example.com")
        .digest("hex")
    )
  })

  it("should differ by secret and by kind, and never contain the value", () => {
    const hash = hashIdentifier("a".repeat(16), "phone", "+15551234567")
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toBe(
      hashIdentifier("b".repeat(16), "phone", "+15551234567")
    )
    expect(hash).not.toBe(
      hashIdentifier("a".repeat(16), "email", "+15551234567")
    )
  })
})
