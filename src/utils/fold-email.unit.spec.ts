import { foldEmailForProvider } from "./fold-email"

describe("foldEmailForProvider", () => {
  it.each([
    ["J.Doe+Shop@Gmail.com", "jdoe@gmail.com"],
    ["j.d.o.e@googlemail.com", "jdoe@gmail.com"],
    ["jdoe+a+b@gmail.com", "jdoe@gmail.com"],
    [" jdoe@GMAIL.COM ", "jdoe@gmail.com"],
  ])("should fold the Gmail address %j to %j", (email, folded) => {
    expect(foldEmailForProvider(email)).toBe(folded)
  })

  it.each([
    ["john.doe+news@example.com", "john.doe@example.com"],
    ["John.Doe@Outlook.com", "john.doe@outlook.com"],
    ["j.doe@gmail.co.uk", "j.doe@gmail.co.uk"],
  ])("should only drop the +tag of %j", (email, folded) => {
    expect(foldEmailForProvider(email)).toBe(folded)
  })

  it("should leave a value without a local part as normalised", () => {
    expect(foldEmailForProvider("@gmail.com")).toBe("@gmail.com")
    expect(foldEmailForProvider("not an email")).toBe("not an email")
  })
})
