import {
  generateVerificationCode,
  hashVerificationCode,
  VERIFICATION_CODE_LENGTH,
  verificationCodeMatches,
} from "./verification-code"

describe("verification codes", () => {
  it("should generate codes of six digits, not all the same", () => {
    const codes = Array.from({ length: 50 }, generateVerificationCode)
    for (const code of codes) {
      expect(code).toMatch(new RegExp(`^\\d{${VERIFICATION_CODE_LENGTH}}$`))
    }
    expect(new Set(codes).size).toBeGreaterThan(40)
  })

  it("should store a salted hash that does not contain the code", () => {
    const stored = hashVerificationCode("123456")
    expect(stored).not.toContain("123456")
    expect(hashVerificationCode("123456")).not.toEqual(stored)
  })

  it("should match the right code only", () => {
    const stored = hashVerificationCode("012345")
    expect(verificationCodeMatches("012345", stored)).toBe(true)
    expect(verificationCodeMatches(" 012345 ", stored)).toBe(true)
    expect(verificationCodeMatches("12345", stored)).toBe(false)
    expect(verificationCodeMatches("012346", stored)).toBe(false)
    expect(verificationCodeMatches("", stored)).toBe(false)
  })
})
