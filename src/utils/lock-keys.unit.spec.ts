import { createHash } from "crypto"
import {
  checkoutLockKey,
  customerLockKeys,
  identifierLockKeys,
} from "./lock-keys"

/** Keys carry a hash, never the email or phone in clear (they end up in Redis and in errors). */
const sha = (value: string) =>
  createHash("sha256").update(value).digest("hex").slice(0, 32)

describe("identifierLockKeys", () => {
  it("should sort the keys so that overlapping sets are taken in one order", () => {
    expect(
      identifierLockKeys({
        email_normalized: "john@example.com",
        phone_e164: "+15551234567",
      })
    ).toEqual([
      `customer-identity:email:${sha("john@example.com")}`,
      `customer-identity:phone:${sha("+15551234567")}`,
    ])
    expect(identifierLockKeys({ email_normalized: null })).toEqual([])
  })
})

describe("checkoutLockKey", () => {
  it("should not share a key with the identifier locks", () => {
    const email = "john@example.com"
    expect(checkoutLockKey(email)).toBe(
      `customer-identity:checkout-email:${sha(email)}`
    )
    expect(identifierLockKeys({ email_normalized: email })).not.toContain(
      checkoutLockKey(email)
    )
  })
})

describe("customerLockKeys", () => {
  it("should take each customer once, in one order whichever way the pair is given", () => {
    const keys = customerLockKeys(["cus_b", "cus_a", "cus_b"])
    expect(keys).toEqual([
      "customer-identity:customer:cus_a",
      "customer-identity:customer:cus_b",
    ])
    expect(customerLockKeys(["cus_a", "cus_b"])).toEqual(keys)
  })
})
