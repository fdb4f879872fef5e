import { PLATFORM_IDENTIFIER_KINDS } from "../../../types/options"
import { resolveOptions, weakSuppressionKey } from "./resolve-options"

const platformKinds = Object.values(PLATFORM_IDENTIFIER_KINDS)

describe("resolveOptions", () => {
  it("should fill in the defaults", () => {
    expect(resolveOptions(undefined)).toEqual({
      matchOrder: ["email", "phone"],
      identifierKinds: platformKinds,
      phoneMatch: "auto",
      claimWindowDays: 365,
      autoCreateForUsers: true,
      serializeCheckoutCustomer: true,
      verification: {
        template: "customer-identity-verification",
        emailChannel: "email",
        phoneChannel: "sms",
        codeTtlMinutes: 10,
      },
    })
  })

  it("should keep given values and upper-case the country", () => {
    expect(
      resolveOptions({
        matchOrder: ["phone", "email"],
        defaultCountry: "gb" as never,
        phoneMatch: "suggest",
        claimWindowDays: 90,
        autoCreateForUsers: false,
        serializeCheckoutCustomer: false,
        verification: { phoneChannel: "whatsapp", codeTtlMinutes: 15 },
        suppressionSecret: "a-long-enough-secret",
      })
    ).toEqual({
      matchOrder: ["phone", "email"],
      identifierKinds: platformKinds,
      defaultCountry: "GB",
      phoneMatch: "suggest",
      claimWindowDays: 90,
      autoCreateForUsers: false,
      serializeCheckoutCustomer: false,
      verification: {
        template: "customer-identity-verification",
        emailChannel: "email",
        phoneChannel: "whatsapp",
        codeTtlMinutes: 15,
      },
      suppressionSecret: ["a-long-enough-secret"],
    })
  })

  it("should take a list of keys, newest first, to rotate them", () => {
    expect(
      resolveOptions({
        suppressionSecret: ["the-new-long-secret", "the-old-long-secret"],
      }).suppressionSecret
    ).toEqual(["the-new-long-secret", "the-old-long-secret"])
  })

  it("should take Medusa's default cookie secret after a new key, so that erasures made under it keep matching", () => {
    expect(
      resolveOptions({
        suppressionSecret: ["the-new-long-secret", "supersecret"],
      }).suppressionSecret
    ).toEqual(["the-new-long-secret", "supersecret"])
  })

  it("should declare identifier kinds, a kind that matches taking a place in matchOrder", () => {
    const options = resolveOptions({
      identifierKinds: [
        { kind: "passport", label: "Passport", normalize: "alnum-upper" },
        {
          kind: "tax_id",
          label: "VAT number",
          normalize: "alnum-upper",
          match: "suggest",
          shopperVisible: true,
        },
      ],
      matchOrder: ["passport", "email"],
    })
    expect(options.identifierKinds).toEqual([
      {
        kind: "passport",
        label: "Passport",
        normalize: "alnum-upper",
        match: "auto",
        shopperVisible: false,
      },
      {
        kind: "tax_id",
        label: "VAT number",
        normalize: "alnum-upper",
        match: "suggest",
        shopperVisible: true,
      },
      ...platformKinds,
    ])
    expect(options.matchOrder).toEqual(["passport", "email"])
  })

  it("should give every store the kinds of the platforms imports read, unless it declares them itself", () => {
    expect(
      resolveOptions({ matchOrder: ["woocommerce_customer_id", "email"] })
        .identifierKinds
    ).toEqual([
      expect.objectContaining({ kind: "shopify_customer_id", match: "auto" }),
      expect.objectContaining({
        kind: "woocommerce_customer_id",
        match: "auto",
      }),
    ])
    const shopify = {
      kind: "shopify_customer_id",
      label: "Old store",
      normalize: "trim-lower",
    } as const
    expect(
      resolveOptions({ identifierKinds: [shopify] }).identifierKinds
    ).toEqual([
      { ...shopify, match: "auto", shopperVisible: false },
      PLATFORM_IDENTIFIER_KINDS.woocommerce,
    ])
  })

  const passport = {
    kind: "passport",
    label: "Passport",
    normalize: "alnum-upper",
  }
  it.each([
    [
      { matchOrder: ["email", "passport"] },
      'matchOrder.1: "passport" is not an identifier: use email, phone, shopify_customer_id, woocommerce_customer_id (kinds are declared in identifierKinds)',
    ],
    [
      {
        identifierKinds: [{ ...passport, match: "suggest" }],
        matchOrder: ["passport"],
      },
      'matchOrder.0: "passport" has match "suggest", so it finds nobody',
    ],
    [
      { identifierKinds: [passport, passport] },
      "identifierKinds: must not declare a kind twice",
    ],
    [
      { identifierKinds: [{ ...passport, kind: "email" }] },
      "identifierKinds.0.kind: must not be email or phone",
    ],
    [
      { identifierKinds: [{ ...passport, kind: "Pass port" }] },
      "identifierKinds.0.kind: must be lower case letters",
    ],
    [
      { identifierKinds: [{ ...passport, normalize: "upper" }] },
      "identifierKinds.0.normalize",
    ],
    [
      { identifierKinds: [{ ...passport, label: " " }] },
      "identifierKinds.0.label",
    ],
    [{ identifierKinds: [{ ...passport, unique: true }] }, "identifierKinds.0"],
  ])(
    "should refuse the kinds of %j with a message naming them",
    (options, message) => {
      expect(() => resolveOptions(options as never)).toThrow(message)
    }
  )

  it.each([
    [{ matchOrder: [] }, "matchOrder: must name at least one identifier"],
    [
      { matchOrder: ["email", "email"] },
      "matchOrder: must not name an identifier twice",
    ],
    [{ matchOrder: ["fax"] }, "matchOrder.0"],
    [
      { defaultCountry: "USA" },
      "defaultCountry: must be an ISO 3166-1 alpha-2",
    ],
    [{ phoneMatch: "always" }, "phoneMatch"],
    [{ claimWindowDays: 0 }, "claimWindowDays: must be at least 1 day"],
    [{ claimWindowDays: 1.5 }, "claimWindowDays"],
    [{ autoCreateForUsers: "yes" }, "autoCreateForUsers"],
    [{ serializeCheckoutCustomer: "false" }, "serializeCheckoutCustomer"],
    [
      { welcomeNotification: { template: "welcome" } },
      "welcomeNotification.channel",
    ],
    [{ verification: { codeTtlMinutes: 0 } }, "verification.codeTtlMinutes"],
    [{ verification: { channel: "sms" } }, "verification"],
    [
      { suppressionSecret: "short" },
      "suppressionSecret.0: the first key, which hashes new erasures, must be at least 16 characters",
    ],
    [
      { suppressionSecret: ["short", "a-long-enough-secret"] },
      "suppressionSecret.0: the first key",
    ],
    [
      { suppressionSecret: ["a-long-enough-secret", ""] },
      "suppressionSecret.1: a key must not be empty",
    ],
    [{ suppressionSecret: [] }, "suppressionSecret: give at least one key"],
    [{ suppressionSecret: 42 }, "suppressionSecret"],
  ])(
    "should refuse %j with a message naming the option",
    (options, message) => {
      expect(() => resolveOptions(options as never)).toThrow(
        `Invalid customer_identity options: `
      )
      expect(() => resolveOptions(options as never)).toThrow(message)
    }
  )
})

describe("weakSuppressionKey", () => {
  const strong = "x".repeat(32)
  it.each([
    [
      "Medusa's default cookie secret",
      undefined,
      "supersecret",
      /Medusa's default "supersecret"/,
    ],
    [
      "a short cookie secret",
      undefined,
      "x".repeat(31),
      /shorter than 32 characters/,
    ],
    ["no cookie secret at all", undefined, undefined, /Medusa's default/],
    ["a long cookie secret", undefined, strong, null],
    [
      "its own key, whatever the cookie secret",
      ["a-long-enough-secret"],
      "supersecret",
      null,
    ],
  ])("should judge %s", (_, suppressionSecret, cookieSecret, expected) => {
    const message = weakSuppressionKey({ suppressionSecret }, cookieSecret)
    if (expected) {
      expect(message).toMatch(expected)
      expect(message).toMatch(/set the suppressionSecret option/)
    } else {
      expect(message).toBeNull()
    }
  })
})
