import { MedusaError } from "@medusajs/framework/utils"
import { retryOnDuplicate } from "./retry-on-duplicate"

const lostRace = () =>
  new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "Customer with email: jo@example.com, has_account: false, already exists."
  )

describe("retryOnDuplicate", () => {
  it("should run the work again once when a unique index refused its row", async () => {
    const work = jest
      .fn()
      .mockRejectedValueOnce(lostRace())
      .mockResolvedValueOnce("found")

    await expect(retryOnDuplicate(work)).resolves.toBe("found")
    expect(work).toHaveBeenCalledTimes(2)
  })

  it("should throw a second loss", async () => {
    const work = jest.fn().mockRejectedValue(lostRace())

    await expect(retryOnDuplicate(work)).rejects.toThrow("already exists")
    expect(work).toHaveBeenCalledTimes(2)
  })

  it.each([
    [
      "an invalid input",
      new MedusaError(MedusaError.Types.INVALID_DATA, "Email is not valid"),
    ],
    ["a plain error", new Error("connection refused")],
  ])("should throw %s without running again", async (_, error) => {
    const work = jest.fn().mockRejectedValue(error)

    await expect(retryOnDuplicate(work)).rejects.toBe(error)
    expect(work).toHaveBeenCalledTimes(1)
  })
})
