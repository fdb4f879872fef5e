import { MedusaError } from "@medusajs/framework/utils"
import { normalizePhone, parsePhone, toPhoneRegion } from "./normalize-phone"

describe("normalizePhone", () => {
  it.each([
    ["+1 (555) 123-4567", undefined],
    ["5551234567", "US"],
    ["(555) 123-4567", "us"],
    ["555.123.4567", "US"],
    ["+15551234567", "GB"],
  ])("should read %j (region %s) as +15551234567", (phone, region) => {
    expect(normalizePhone(phone, region)).toBe("+15551234567")
  })

  it("should read a national number in the region given", () => {
    expect(normalizePhone("020 7946 0958", "GB")).toBe("+442079460958")
  })

  it("should return null for a national number without a region", () => {
    expect(normalizePhone("5551234567")).toBeNull()
  })

  it.each(["abc", "12", "+999 123", "555-123-4567-8910-1112"])(
    "should return null for %j",
    (phone) => {
      expect(normalizePhone(phone, "US")).toBeNull()
    }
  )
})

describe("toPhoneRegion", () => {
  it("should upper-case a known region and drop an unknown one", () => {
    expect(toPhoneRegion(" gb ")).toBe("GB")
    expect(toPhoneRegion("XX")).toBeUndefined()
    expect(toPhoneRegion(null)).toBeUndefined()
  })
})

describe("parsePhone", () => {
  it("should keep the phone as given, trimmed, next to its E.164 form", () => {
    expect(parsePhone(" (555) 123-4567 ", "US")).toEqual({
      phone: "(555) 123-4567",
      phone_e164: "+15551234567",
    })
  })

  it("should refuse an unreadable number with INVALID_DATA naming it and the region", () => {
    expect(() => parsePhone("not a phone", "US")).toThrow(
      expect.objectContaining({
        type: MedusaError.Types.INVALID_DATA,
        message: '"not a phone" is not a valid phone number in region US',
      })
    )
  })

  it("should tell how to write a number that has no region to be read in", () => {
    expect(() => parsePhone("5551234567")).toThrow(
      "write it with its country prefix"
    )
  })
})
