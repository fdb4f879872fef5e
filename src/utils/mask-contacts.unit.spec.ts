import { maskContacts } from "./mask-contacts"

describe("maskContacts", () => {
  it.each([
    [
      "Erin@Example.com belongs to another account; sign in with it instead",
      "<email> belongs to another account; sign in with it instead",
    ],
    [
      "Too many codes were requested for +1 (555) 987-6543; try again",
      "Too many codes were requested for <phone>; try again",
    ],
    ["Customer cus_01J8 was not found", "Customer cus_01J8 was not found"],
    ["try again in 59 minutes", "try again in 59 minutes"],
  ])("should mask %j", (text, masked) => {
    expect(maskContacts(text)).toBe(masked)
  })
})
