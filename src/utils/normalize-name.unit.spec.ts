import { MedusaError } from "@medusajs/framework/utils"
import { normalizeName } from "./normalize-name"

describe("normalizeName", () => {
  it("should trim a name", () => {
    expect(normalizeName("  Ada ", "first_name")).toBe("Ada")
  })

  it("should leave an absent name absent", () => {
    expect(normalizeName(undefined, "first_name")).toBeUndefined()
    expect(normalizeName(null, "first_name")).toBeUndefined()
  })

  it.each(["", "   ", "\t\n"])(
    "should refuse %j with INVALID_DATA naming the field",
    (value) => {
      expect(() => normalizeName(value, "last_name")).toThrow(
        expect.objectContaining({
          type: MedusaError.Types.INVALID_DATA,
          message: "last_name must not be empty",
        })
      )
    }
  )
})
