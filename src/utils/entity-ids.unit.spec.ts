import { decodeTime } from "ulid"
import { generateEntityIds } from "./entity-ids"

describe("generateEntityIds", () => {
  it("should make distinct ULID ids with the prefix, timed now", () => {
    const before = Date.now()
    const ids = generateEntityIds("cilink", 2_000)
    const after = Date.now()

    expect(new Set(ids).size).toBe(2_000)
    for (const id of ids) {
      expect(id).toMatch(/^cilink_[0-9A-HJKMNP-TV-Z]{26}$/)
    }
    const time = decodeTime(ids[0].slice("cilink_".length))
    expect(time).toBeGreaterThanOrEqual(before)
    expect(time).toBeLessThanOrEqual(after)
  })

  it("should use every base32 digit in the random part", () => {
    const digits = new Set(
      generateEntityIds("x", 1_000).flatMap((id) => [...id.slice(12)])
    )
    expect(digits.size).toBe(32)
  })

  it("should make none for a count of 0", () => {
    expect(generateEntityIds("cioc", 0)).toEqual([])
  })
})
