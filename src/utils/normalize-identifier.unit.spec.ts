import { identifierKindOf, parseIdentifier } from "./normalize-identifier"

const kind = (normalize: string) =>
  ({ kind: "k", label: "Kind", normalize }) as never

describe("parseIdentifier", () => {
  it.each([
    ["trim-lower", "  Card-AB 12 ", "Card-AB 12", "card-ab 12"],
    ["alnum-upper", "DE 123.456-789", "DE 123.456-789", "DE123456789"],
    ["alnum-upper", "Çé 1", "Çé 1", "CE1"],
    ["digits", "#1001", "#1001", "1001"],
    ["digits", 42, "42", "42"],
  ])(
    "should read a %s value %j as %j, compared as %j",
    (normalize, input, value, normalized) => {
      expect(parseIdentifier(kind(normalize), input)).toEqual({
        kind: "k",
        value,
        value_normalized: normalized,
      })
    }
  )

  it.each([
    ["digits", "abc", '"abc" is not a valid Kind (k): it has no digits'],
    ["alnum-upper", " -/ ", "it has no letters or digits"],
    ["trim-lower", "   ", "it is empty"],
    ["trim-lower", { a: 1 }, "A object is not a valid Kind (k)"],
    ["digits", "1".repeat(201), "longer than 200 characters"],
  ])("should refuse a %s value %j", (normalize, input, message) => {
    expect(() => parseIdentifier(kind(normalize), input)).toThrow(message)
  })
})

describe("identifierKindOf", () => {
  it("should name the declared kinds for an undeclared one", () => {
    const options = {
      identifierKinds: [
        {
          kind: "tax_id",
          label: "VAT",
          normalize: "alnum-upper",
          match: "suggest",
          shopperVisible: false,
        },
      ],
    } as never
    expect(identifierKindOf(options, "tax_id").label).toBe("VAT")
    expect(() => identifierKindOf(options, "passport")).toThrow(
      '"passport" is not an identifier kind of this store: use tax_id'
    )
    expect(() => identifierKindOf({ identifierKinds: [] }, "passport")).toThrow(
      "declare it in the identifierKinds option"
    )
  })
})
