import {
  decideAttach,
  decideClaim,
  decideCodeGuess,
  decideCodeSend,
  decideEmailFold,
  decidePhoneLink,
  explainOrderMatch,
  OrderEvidenceFacts,
  PhoneLinkFacts,
  decideUserLink,
  isSuppressed,
  keptOrderer,
  namesAgree,
  namesDiffer,
  ordererContact,
  OrdererContact,
  OrdererFacts,
  resolveIdentity,
  ResolveFacts,
  ResolveRules,
} from "."

const DEFAULT: ResolveRules = {
  matchOrder: ["email", "phone"],
  phoneMatch: "auto",
}
const PHONE_FIRST: ResolveRules = { ...DEFAULT, matchOrder: ["phone", "email"] }
const SUGGEST: ResolveRules = { ...DEFAULT, phoneMatch: "suggest" }
const EMAIL_ONLY: ResolveRules = { ...DEFAULT, matchOrder: ["email"] }

const holder = (id: string, canonical = id) => ({
  customer_id: id,
  canonical_customer_id: canonical,
})
const primary = (id: string, canonical = id) => ({
  ...holder(id, canonical),
  is_primary: true,
})
const secondary = (id: string, canonical = id) => ({
  ...holder(id, canonical),
  is_primary: false,
})

describe("resolveIdentity (README: How customers are resolved)", () => {
  const cases: [string, ResolveFacts, ResolveRules, unknown][] = [
    [
      "a customer the caller names is the person, whatever its identifiers say",
      {
        customer: holder("cus_guest", "cus_account"),
        email: { owner: primary("cus_other") },
      },
      DEFAULT,
      {
        match: {
          ...holder("cus_guest", "cus_account"),
          matched_by: "customer",
        },
      },
    ],
    [
      "a primary email matches as email",
      { email: { owner: primary("cus_a") }, phone: { owner: null } },
      DEFAULT,
      { match: { ...primary("cus_a"), matched_by: "email" } },
    ],
    [
      "a secondary email matches as secondary_email",
      { email: { owner: secondary("cus_a") } },
      DEFAULT,
      { match: { ...secondary("cus_a"), matched_by: "secondary_email" } },
    ],
    [
      "the email wins over the phone when they point at different customers",
      { email: { owner: primary("cus_a") }, phone: { owner: holder("cus_b") } },
      DEFAULT,
      { match: { ...primary("cus_a"), matched_by: "email" } },
    ],
    [
      "the phone wins when matchOrder puts it first",
      { email: { owner: primary("cus_a") }, phone: { owner: holder("cus_b") } },
      PHONE_FIRST,
      { match: { ...holder("cus_b"), matched_by: "phone" } },
    ],
    [
      "a kind placed before the email in matchOrder wins over it",
      {
        email: { owner: primary("cus_a") },
        identifiers: { passport: { owner: holder("cus_p") } },
      },
      { ...DEFAULT, matchOrder: ["passport", "email"] },
      {
        match: {
          ...holder("cus_p"),
          matched_by: "identifier",
          matched_kind: "passport",
        },
      },
    ],
    [
      "a kind matches after an email and a phone nobody owns",
      {
        email: { owner: null, unindexed: null },
        phone: { owner: null },
        identifiers: {
          tax_id: { owner: null },
          passport: { owner: holder("cus_p") },
        },
      },
      { ...DEFAULT, matchOrder: ["email", "phone", "tax_id", "passport"] },
      {
        match: {
          ...holder("cus_p"),
          matched_by: "identifier",
          matched_kind: "passport",
        },
      },
    ],
    [
      "a kind left out of matchOrder finds nobody",
      { identifiers: { passport: { owner: holder("cus_p") } } },
      DEFAULT,
      { match: null },
    ],
    [
      "an email nobody owns asks for the core customers not yet indexed",
      { email: { owner: null }, phone: { owner: holder("cus_b") } },
      DEFAULT,
      { lookup: "unindexed_email" },
    ],
    [
      "a core customer not yet indexed matches by email",
      {
        email: { owner: null, unindexed: holder("cus_core") },
        phone: { owner: holder("cus_b") },
      },
      DEFAULT,
      { match: { ...holder("cus_core"), matched_by: "email" } },
    ],
    [
      "with no email match the phone matches under phoneMatch auto",
      {
        email: { owner: null, unindexed: null },
        phone: { owner: holder("cus_b", "cus_c") },
      },
      DEFAULT,
      { match: { ...holder("cus_b", "cus_c"), matched_by: "phone" } },
    ],
    [
      "a phone links nobody under phoneMatch suggest",
      {
        email: { owner: null, unindexed: null },
        phone: { owner: holder("cus_b") },
      },
      SUGGEST,
      { match: null },
    ],
    [
      "a phone links nobody when matchOrder leaves it out",
      { phone: { owner: holder("cus_b") } },
      EMAIL_ONLY,
      { match: null },
    ],
    [
      "a phone first in matchOrder matches before the unindexed lookup",
      { email: { owner: null }, phone: { owner: holder("cus_b") } },
      PHONE_FIRST,
      { match: { ...holder("cus_b"), matched_by: "phone" } },
    ],
    ["no identifier matches nobody", {}, DEFAULT, { match: null }],
  ]

  it.each(cases)("should decide: %s", (_, facts, rules, expected) => {
    expect(resolveIdentity(facts, rules)).toEqual(expected)
  })

  it("should return the holder it picked with what the caller put on it", () => {
    const decision = resolveIdentity(
      { phone: { owner: { ...holder("cus_b"), linked: false } } },
      DEFAULT
    )
    expect(decision).toEqual({
      match: { ...holder("cus_b"), linked: false, matched_by: "phone" },
    })
  })
})

describe("decideEmailFold (DESIGN: fold; invariant 5, accounts win)", () => {
  const guest = (id: string) => ({ customer_id: id, has_account: false })
  const account = (id: string) => ({ customer_id: id, has_account: true })
  const cases: [
    string,
    ReturnType<typeof guest>,
    ReturnType<typeof guest> | null,
    unknown,
  ][] = [
    [
      "nobody else owns the email: no fold",
      guest("cus_new"),
      null,
      { canonical_customer_id: "cus_new", fold: null },
    ],
    [
      "the customer owns its email itself: no fold",
      account("cus_a"),
      account("cus_a"),
      { canonical_customer_id: "cus_a", fold: null },
    ],
    [
      "an account registered with a guest's email folds the guest into it",
      account("cus_account"),
      guest("cus_guest"),
      {
        canonical_customer_id: "cus_account",
        fold: {
          target_customer_id: "cus_account",
          source_customer_ids: ["cus_guest"],
          evidence: "account_email",
        },
      },
    ],
    [
      "a guest with an account's email folds into the account",
      guest("cus_guest"),
      account("cus_account"),
      {
        canonical_customer_id: "cus_account",
        fold: {
          target_customer_id: "cus_account",
          source_customer_ids: ["cus_guest"],
          evidence: "account_email",
        },
      },
    ],
    [
      "of two guests, the one that owned the email first stays canonical",
      guest("cus_second"),
      guest("cus_first"),
      {
        canonical_customer_id: "cus_first",
        fold: {
          target_customer_id: "cus_first",
          source_customer_ids: ["cus_second"],
          evidence: "email",
        },
      },
    ],
    [
      "two accounts are never folded",
      account("cus_b"),
      account("cus_a"),
      { canonical_customer_id: "cus_b", fold: null },
    ],
  ]

  it.each(cases)("should decide: %s", (_, own, owner, expected) => {
    expect(decideEmailFold(own, owner)).toEqual(expected)
  })
})

describe("decideAttach (DESIGN invariant 1: one owner per identifier)", () => {
  it.each([
    ["nobody owns it: added", null, "add"],
    ["the canonical customer owns it: kept", "cus_a", "keep"],
    ["another customer owns it: left there, never moved", "cus_b", "leave"],
  ])("should decide: %s", (_, owner, expected) => {
    expect(decideAttach("cus_a", owner)).toBe(expected)
  })
})

describe("isSuppressed (README: What the suppression list stops)", () => {
  const erased = "2026-06-01T12:00:00.000Z"
  it.each([
    ["never erased: kept", undefined, "2026-01-01T00:00:00.000Z", false],
    [
      "recorded before the erasure: dropped",
      erased,
      "2026-05-31T00:00:00.000Z",
      true,
    ],
    ["recorded at the erasure's instant: dropped", erased, erased, true],
    [
      "recorded after the erasure (new consent): kept",
      erased,
      "2026-06-02T00:00:00.000Z",
      false,
    ],
  ])("should decide: %s", (_, erasedAt, recordedAt, expected) => {
    expect(isSuppressed(erasedAt, recordedAt)).toBe(expected)
  })
})

describe("decideUserLink (one admin user, one customer)", () => {
  it.each([
    ["a free user and a free customer: linked", null, null, { link: "set" }],
    ["the pair is already linked: kept", "cus_a", "usr_1", { link: "keep" }],
    [
      "the user is linked to another customer: refused",
      "cus_b",
      null,
      {
        link: "refuse",
        reason: "User usr_1 is already linked to customer cus_b",
      },
    ],
    [
      "the customer is linked to another user: refused",
      null,
      "usr_2",
      {
        link: "refuse",
        reason: "Customer cus_a is already linked to user usr_2",
      },
    ],
  ])("should decide: %s", (_, userCustomer, customerUser, expected) => {
    expect(
      decideUserLink({
        user_id: "usr_1",
        user_customer_id: userCustomer,
        customer: { customer_id: "cus_a", user_id: customerUser },
      })
    ).toEqual(expected)
  })
})

describe("decideClaim (DESIGN: claim; invariants 4 and 7)", () => {
  const contact = (
    order_id: string,
    customer_id: string | null,
    customer_has_account: boolean,
    used_identifier: boolean,
    placed_at = new Date("2026-06-01")
  ) => ({
    order_id,
    customer_id,
    customer_has_account,
    used_identifier,
    placed_at,
  })
  const shopper = { customer_id: "cus_me", canonical_customer_id: "cus_me" }

  it("should refuse an identifier another registered account owns", () => {
    expect(
      decideClaim({
        ...shopper,
        owner: { customer_id: "cus_other", has_account: true },
        contacts: [contact("order_1", "cus_other", true, true)],
      })
    ).toEqual({ refused: "owned_by_account" })
  })

  it("should fold the guest identity owning it and take only the guest orders placed with it", () => {
    expect(
      decideClaim({
        ...shopper,
        owner: { customer_id: "cus_guest", has_account: false },
        contacts: [
          contact("order_with_it", "cus_guest", false, true),
          contact("order_other_email", "cus_guest", false, false),
          contact("order_of_an_account", "cus_account", true, true),
          contact("order_mine", "cus_me", false, true),
          contact("order_without_customer", null, false, true),
        ],
      })
    ).toEqual({
      refused: null,
      fold: {
        target_customer_id: "cus_me",
        source_customer_ids: ["cus_guest"],
        evidence: "proof",
      },
      order_ids: ["order_with_it"],
      from_customer_ids: ["cus_guest"],
    })
  })

  it("should fold nothing for an identifier nobody or the shopper owns, and still take its guest orders", () => {
    for (const owner of [null, { customer_id: "cus_me", has_account: true }]) {
      expect(
        decideClaim({
          ...shopper,
          owner,
          contacts: [contact("order_1", "cus_folded_guest", false, true)],
        })
      ).toEqual({
        refused: null,
        fold: null,
        order_ids: ["order_1"],
        from_customer_ids: ["cus_folded_guest"],
      })
    }
  })

  it("should take a phone's guest orders only within its reach (claimWindowDays): numbers change owners", () => {
    expect(
      decideClaim({
        ...shopper,
        owner: { customer_id: "cus_guest", has_account: false },
        contacts: [
          contact(
            "order_recent",
            "cus_guest",
            false,
            true,
            new Date("2026-05-01")
          ),
          contact(
            "order_old",
            "cus_guest",
            false,
            true,
            new Date("2024-01-01")
          ),
        ],
        reach_since: new Date("2025-06-01"),
      })
    ).toEqual({
      refused: null,
      fold: {
        target_customer_id: "cus_me",
        source_customer_ids: ["cus_guest"],
        evidence: "proof",
      },
      order_ids: ["order_recent"],
      from_customer_ids: ["cus_guest"],
    })
  })
})

describe("decideCodeSend (DESIGN invariant 7: code limits hold per identifier)", () => {
  const now = new Date("2026-06-01T12:00:00.000Z")
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)
  const limits = { perCustomer: 2, perIdentifier: 3, windowMinutes: 60 }
  const send = (customer_id: string, minutes: number, sent = true) => ({
    customer_id,
    sent,
    created_at: minutesAgo(minutes),
  })

  it.each([
    ["nothing asked yet: sent", [], { send: "send" }],
    [
      "below both limits: sent",
      [send("cus_me", 10), send("cus_other", 5)],
      { send: "send" },
    ],
    [
      "this customer at its limit: refused until its oldest leaves the window",
      [send("cus_me", 50), send("cus_me", 10)],
      { send: "refuse", retry_after_seconds: 600 },
    ],
    [
      "answered-as-sent requests count for the customer too",
      [send("cus_me", 30, false), send("cus_me", 20, false)],
      { send: "refuse", retry_after_seconds: 1800 },
    ],
    [
      "the identifier at its limit by other customers: answered as sent, nothing sent",
      [send("cus_a", 40), send("cus_b", 30), send("cus_c", 20)],
      { send: "silent" },
    ],
    [
      "requests answered as sent do not count against the identifier",
      [send("cus_a", 40), send("cus_b", 30), send("cus_c", 20, false)],
      { send: "send" },
    ],
    [
      "requests older than the window count for nothing",
      [
        send("cus_me", 61),
        send("cus_me", 90),
        send("cus_a", 70),
        send("cus_b", 65),
      ],
      { send: "send" },
    ],
  ])("should decide: %s", (_, sends, expected) => {
    expect(decideCodeSend("cus_me", sends, limits, now)).toEqual(expected)
  })
})

describe("decideCodeGuess (DESIGN invariant 7: wrong guesses limited per identifier and customer)", () => {
  const now = new Date("2026-06-01T12:00:00.000Z")
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)
  const limits = { perCustomer: 3, windowMinutes: 60 }
  const guess = (customer_id: string, minutes: number) => ({
    customer_id,
    created_at: minutesAgo(minutes),
  })

  it.each([
    ["no wrong guess yet: checked", [], { guess: "check" }],
    [
      "below the limit: checked",
      [guess("cus_me", 30), guess("cus_me", 10)],
      { guess: "check" },
    ],
    [
      "at the limit, over several codes and claims: refused until the oldest leaves the window",
      [guess("cus_me", 50), guess("cus_me", 40), guess("cus_me", 5)],
      { guess: "refuse", retry_after_seconds: 600 },
    ],
    [
      "past the limit: refused until enough have left the window",
      [
        guess("cus_me", 55),
        guess("cus_me", 45),
        guess("cus_me", 20),
        guess("cus_me", 10),
      ],
      { guess: "refuse", retry_after_seconds: 900 },
    ],
    [
      "other customers' wrong guesses at the identifier count for nothing",
      [
        guess("cus_me", 10),
        guess("cus_a", 9),
        guess("cus_a", 8),
        guess("cus_b", 7),
      ],
      { guess: "check" },
    ],
    [
      "wrong guesses older than the window count for nothing",
      [guess("cus_me", 61), guess("cus_me", 90), guess("cus_me", 10)],
      { guess: "check" },
    ],
  ])("should decide: %s", (_, guesses, expected) => {
    expect(decideCodeGuess("cus_me", guesses, limits, now)).toEqual(expected)
  })
})

describe("namesAgree (README: the evidence rules)", () => {
  it.each([
    ["the same name", ["Ana", "Silva"], ["Ana", "Silva"], true],
    [
      "case, diacritics and punctuation folded",
      ["Zoë-Ann", "O'Brien"],
      ["zoe ann", "OBRIEN"],
      true,
    ],
    [
      "another first name: a household",
      ["Ana", "Silva"],
      ["Rui", "Silva"],
      false,
    ],
    ["another last name", ["Ana", "Silva"], ["Ana", "Costa"], false],
    ["an initial alone never agrees", ["A.", "Silva"], ["A", "Silva"], false],
    ["a missing last name never agrees", ["Ana", null], ["Ana", null], false],
    [
      "a missing first name never agrees",
      [null, "Silva"],
      [null, "Silva"],
      false,
    ],
  ] as [string, (string | null)[], (string | null)[], boolean][])(
    "should decide: %s",
    (_, [firstA, lastA], [firstB, lastB], expected) => {
      expect(
        namesAgree(
          { first_name: firstA, last_name: lastA },
          { first_name: firstB, last_name: lastB }
        )
      ).toBe(expected)
    }
  )
})

describe("ordererContact (README: which phone is the orderer's)", () => {
  const address = (first: string, last: string, phone: string | null) => ({
    first_name: first,
    last_name: last,
    phone,
    country_code: "pt",
  })
  const contact = (
    phone: string | null,
    recipient_phone: string | null = null
  ): OrdererContact => ({
    phone,
    country_code: "pt",
    recipient_phone,
    first_name: "Ana",
    last_name: "Silva",
  })
  it.each([
    [
      "the billing phone is the orderer's",
      {
        billing: address("Ana", "Silva", "911"),
        shipping: address("Ana", "Silva", "922"),
      },
      contact("911"),
    ],
    [
      "a gift: no billing phone, the recipient's name and phone on shipping",
      {
        billing: address("Ana", "Silva", null),
        shipping: address("Rui", "Costa", "922"),
      },
      contact(null, "922"),
    ],
    [
      "a gift with a billing phone keeps the recipient's phone as such",
      {
        billing: address("Ana", "Silva", "911"),
        shipping: address("Rui", "Costa", "922"),
      },
      contact("911", "922"),
    ],
    [
      "the shipping phone under the orderer's own name is the orderer's",
      {
        billing: address("Ana", "Silva", ""),
        shipping: address("ana", "SILVA", "922"),
      },
      contact("922"),
    ],
    [
      "no billing address: the shipping address is the orderer's",
      { billing: null, shipping: address("Ana", "Silva", "922") },
      contact("922"),
    ],
    [
      "no billing phone: the customer's own phone before a recipient's",
      {
        billing: address("Ana", "Silva", null),
        shipping: address("Rui", "Costa", "922"),
        customer_phone: "933",
      },
      contact("933", "922"),
    ],
    [
      "no phone anywhere",
      { billing: address("Ana", "Silva", null), shipping: null },
      contact(null),
    ],
  ] as [string, OrdererFacts, OrdererContact][])(
    "should decide: %s",
    (_, facts, expected) => {
      expect(ordererContact(facts)).toEqual(expected)
    }
  )
})

describe("namesDiffer (duplicate review: same phone, different name)", () => {
  const name = (first_name: string | null, last_name: string | null) => ({
    first_name,
    last_name,
  })
  it.each([
    [
      "a household: Ana and Rui Silva",
      [name("Ana", "Silva")],
      [name("Rui", "Silva")],
      true,
    ],
    [
      "one person in other case and accents",
      [name("José", "Núñez")],
      [name("JOSE", "nunez")],
      false,
    ],
    [
      "any name one goes by agrees",
      [name("Ana", "Silva"), name("Ana", "Costa")],
      [name("Ana", "Costa")],
      false,
    ],
    [
      "no name on one side tells nothing",
      [name("Ana", "Silva")],
      [name(null, null)],
      false,
    ],
    [
      "a first name alone tells nothing",
      [name("Ana", null)],
      [name("Rui", "Silva")],
      false,
    ],
    [
      "an initial may be the name",
      [name("A.", "Silva")],
      [name("Ana", "Silva")],
      false,
    ],
    [
      "another initial is another person",
      [name("R.", "Silva")],
      [name("Ana", "Silva")],
      true,
    ],
    [
      "another last name is another person",
      [name("Ana", "Silva")],
      [name("Ana", "Costa")],
      true,
    ],
    [
      "a typo is not another person",
      [name("Katherine", "Smith")],
      [name("Katharine", "Smyth")],
      false,
    ],
    [
      "a first name of the same letter but far apart is",
      [name("Anabela", "Silva")],
      [name("Ana", "Silva")],
      true,
    ],
  ])("should decide: %s", (_, a, b, expected) => {
    expect(namesDiffer(a, b)).toBe(expected)
  })
})

describe("decidePhoneLink (README: the evidence rules)", () => {
  const ana = { first_name: "Ana", last_name: "Silva" }
  const guest = (id: string, fresh = true) => ({
    customer_id: id,
    has_account: false,
    fresh,
  })
  const owner = (id: string, has_account = false, names = [ana]) => ({
    customer_id: id,
    has_account,
    names,
  })
  it.each([
    [
      "a fresh guest with a known phone and the same name folds into the phone's owner",
      { own: guest("cus_new"), owner: owner("cus_old"), orderer: ana },
      "auto",
      {
        link: "fold",
        canonical_customer_id: "cus_old",
        fold: {
          target_customer_id: "cus_old",
          source_customer_ids: ["cus_new"],
          evidence: "phone",
        },
      },
    ],
    [
      "an account takes in the guest that owns its orderer's phone",
      {
        own: { customer_id: "cus_acc", has_account: true, fresh: false },
        owner: owner("cus_old"),
        orderer: { first_name: "ANA", last_name: "silva" },
      },
      "auto",
      {
        link: "fold",
        canonical_customer_id: "cus_acc",
        fold: {
          target_customer_id: "cus_acc",
          source_customer_ids: ["cus_old"],
          evidence: "phone",
        },
      },
    ],
    [
      "under suggest the pair is only suggested",
      { own: guest("cus_new"), owner: owner("cus_old"), orderer: ana },
      "suggest",
      { link: "suggest", reason: "same_phone" },
    ],
    [
      "a household: same phone, another first name, never a fold",
      {
        own: guest("cus_new"),
        owner: owner("cus_old"),
        orderer: { first_name: "Rui", last_name: "Silva" },
      },
      "auto",
      { link: "suggest", reason: "same_phone_different_name" },
    ],
    [
      "any name the owner goes by counts",
      {
        own: guest("cus_new"),
        owner: owner("cus_old", false, [
          { first_name: "Rui", last_name: "Silva" },
          ana,
        ]),
        orderer: ana,
      },
      "auto",
      {
        link: "fold",
        canonical_customer_id: "cus_old",
        fold: {
          target_customer_id: "cus_old",
          source_customer_ids: ["cus_new"],
          evidence: "phone",
        },
      },
    ],
    [
      "two accounts never fold",
      {
        own: { customer_id: "cus_acc", has_account: true, fresh: false },
        owner: owner("cus_acc2", true),
        orderer: ana,
      },
      "auto",
      { link: "suggest", reason: "same_phone" },
    ],
    [
      "a returning guest is already someone: no fold",
      {
        own: guest("cus_returning", false),
        owner: owner("cus_old"),
        orderer: ana,
      },
      "auto",
      { link: "none" },
    ],
    [
      "nobody else owns the phone",
      { own: guest("cus_new"), owner: null, orderer: ana },
      "auto",
      { link: "none" },
    ],
  ] as [string, PhoneLinkFacts, "auto" | "suggest", unknown][])(
    "should decide: %s",
    (_, facts, mode, expected) => {
      expect(decidePhoneLink(facts, mode)).toEqual(expected)
    }
  )
})

describe("explainOrderMatch (README: matched_by)", () => {
  const customer = (
    id: string,
    canonical: string,
    has_account: boolean,
    fresh: boolean,
    canonical_before_order = true
  ) => ({
    customer_id: id,
    canonical_customer_id: canonical,
    has_account,
    fresh,
    canonical_before_order,
  })
  it.each([
    [
      "an account's own order",
      {
        customer: customer("cus_acc", "cus_acc", true, false),
        email_owner: null,
      },
      "account",
    ],
    [
      "a guest this checkout made, nobody else: created",
      {
        customer: customer("cus_new", "cus_new", false, true),
        email_owner: { canonical_customer_id: "cus_new", is_primary: true },
      },
      "created",
    ],
    [
      "a returning guest: its email",
      {
        customer: customer("cus_old", "cus_old", false, false),
        email_owner: { canonical_customer_id: "cus_old", is_primary: true },
      },
      "email",
    ],
    [
      "a new guest whose email is an account's secondary email",
      {
        customer: customer("cus_new", "cus_acc", false, true),
        email_owner: { canonical_customer_id: "cus_acc", is_primary: false },
      },
      "secondary_email",
    ],
    [
      "a new guest folded into the account holding its email",
      {
        customer: customer("cus_new", "cus_acc", false, true),
        email_owner: { canonical_customer_id: "cus_acc", is_primary: true },
      },
      "email",
    ],
    [
      "a new guest whose email an account took only after the order: created",
      {
        customer: customer("cus_new", "cus_acc", false, true, false),
        email_owner: { canonical_customer_id: "cus_acc", is_primary: true },
      },
      "created",
    ],
  ] as [string, OrderEvidenceFacts, string][])(
    "should decide: %s",
    (_, facts, expected) => {
      expect(explainOrderMatch(facts)).toBe(expected)
    }
  )
})

describe("keptOrderer (README: erasure; DESIGN invariant 8)", () => {
  const given = {
    email: "erin@example.com",
    phone: "+1 555 987 6543",
    recipient_phone: "+1 555 000 1111",
    first_name: "Erin",
    last_name: "Example",
  }
  it.each([
    [
      "nothing erased: all kept",
      { email: given.email, phone: given.phone },
      given,
    ],
    [
      "the email erased: an erased person's order, nothing of theirs comes back",
      { email: null, phone: given.phone },
      {
        email: null,
        phone: given.phone,
        recipient_phone: null,
        first_name: null,
        last_name: null,
      },
    ],
    [
      "the orderer's phone erased: the same",
      { email: given.email, phone: null },
      {
        email: given.email,
        phone: null,
        recipient_phone: null,
        first_name: null,
        last_name: null,
      },
    ],
    [
      "the recipient's phone erased (a gift to an erased person): that phone alone goes",
      { email: given.email, phone: given.phone, recipient_phone: null },
      { ...given, recipient_phone: null },
    ],
  ])("should decide: %s", (_, kept, expected) => {
    expect(keptOrderer(given, kept)).toEqual(expected)
  })
})
