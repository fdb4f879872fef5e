import { Readable } from "stream"
import { importHistory } from "./enrich-imported-customer"
import { readImportContact } from "./import-contact"
import {
  mappingFor,
  mappingOf,
  readImportHeader,
  readImportRows,
  SHOPIFY_MAPPING,
} from "./import-rows"

const file = (text: string) => Readable.from([Buffer.from(text)])

const CSV =
  "\uFEFFCustomer ID,First Name,Email,Phone,Tags\n" +
  '1001,Ada,ada@example.com,,"vip, newsletter"\n' +
  "\n" +
  '1002,"Lovelace, Ada",,+1 555 010 1001,\n'

const columns = {
  source_id: "Customer ID",
  first_name: "First Name",
  email: "Email",
  phone: "Phone",
  tags: "Tags",
}

describe("readImportRows", () => {
  it("should read rows by field with their lines, past a BOM, quoted commas and blank lines, leaving empty cells out", async () => {
    const rows = []
    for await (const row of readImportRows(file(CSV), columns)) {
      rows.push(row)
    }
    expect(rows).toEqual([
      {
        line: 2,
        source_id: "1001",
        first_name: "Ada",
        email: "ada@example.com",
        tags: "vip, newsletter",
      },
      {
        line: 4,
        source_id: "1002",
        first_name: "Lovelace, Ada",
        phone: "+1 555 010 1001",
      },
    ])
  })

  it("should start after a line, as a resumed run does", async () => {
    const lines = []
    for await (const row of readImportRows(file(CSV), columns, 2)) {
      lines.push(row.line)
    }
    expect(lines).toEqual([4])
  })

  it("should read the header alone", async () => {
    expect(await readImportHeader(file(CSV))).toEqual([
      "Customer ID",
      "First Name",
      "Email",
      "Phone",
      "Tags",
    ])
    expect(await readImportHeader(file(""))).toEqual([])
  })

  it("should read an import recorded without a mapping as Shopify's layout, and a generic file by its mapping", () => {
    expect(mappingOf("shopify", null)).toBe(SHOPIFY_MAPPING)
    expect(mappingOf("generic", { email: "x" })).toEqual({ email: "x" })
  })
})

describe("mappingFor", () => {
  it("should map a platform's columns that the file has, naming the id or email column it lacks", () => {
    expect(
      mappingFor("shopify", ["Customer ID", "Email", "Phone", "Extra"])
    ).toEqual({
      mapping: { source_id: "Customer ID", email: "Email", phone: "Phone" },
      missing: [],
    })
    expect(mappingFor("shopify", ["Email"]).missing).toEqual(['"Customer ID"'])
  })

  it("should take the first of WooCommerce's columns for a field that its exports name differently", () => {
    // The Import Export Suite's users file, then the Customer / Order / Coupon Export's default CSV.
    expect(
      mappingFor("woocommerce", [
        "ID",
        "user_email",
        "billing_email",
        "first_name",
        "billing_phone",
        "billing_country",
      ]).mapping
    ).toEqual({
      source_id: "ID",
      email: "user_email",
      first_name: "first_name",
      phone: "billing_phone",
      country_code: "billing_country",
    })
    expect(
      mappingFor("woocommerce", [
        "customer_id",
        "billing_first_name",
        "email",
        "order_count",
      ]).mapping
    ).toEqual({
      source_id: "customer_id",
      email: "email",
      first_name: "billing_first_name",
      total_orders: "order_count",
    })
    expect(mappingFor("woocommerce", ["first_name"]).missing).toEqual([
      '"customer_id" or "ID"',
      '"email" or "user_email" or "billing_email"',
    ])
  })

  it("should need every column a generic mapping names", () => {
    expect(
      mappingFor("generic", ["E-mail"], { email: "E-mail", phone: "Tel" })
    ).toEqual({
      mapping: { email: "E-mail", phone: "Tel" },
      missing: ['"Tel"'],
    })
  })
})

describe("readImportContact", () => {
  const shopify = {
    kind: "shopify_customer_id",
    label: "Shopify customer",
    normalize: "digits",
    match: "auto",
    shopperVisible: false,
  } as const

  it("should read the phone in the address's country, else the store's, and keep the id as its kind", () => {
    const contact = readImportContact(
      {
        line: 2,
        source_id: "#1001",
        email: " Ada@Example.com ",
        address_phone: "020 7946 0958",
        country_code: "gb",
      },
      shopify,
      "US"
    )
    expect(contact).toEqual(
      expect.objectContaining({
        email: {
          email: "Ada@Example.com",
          email_normalized: "ada@example.com",
        },
        phone: expect.objectContaining({ phone_e164: "+442079460958" }),
        source: {
          kind: "shopify_customer_id",
          value: "#1001",
          value_normalized: "1001",
        },
        input: expect.objectContaining({
          source: "import",
          identifiers: { shopify_customer_id: "#1001" },
        }),
      })
    )
  })

  it("should read WooCommerce's customer id 0 of a guest as no id", () => {
    const contact = readImportContact(
      { line: 3, source_id: "0", email: "guest@example.com" },
      shopify,
      "US"
    )
    expect(contact).toEqual(
      expect.objectContaining({ source: undefined, line: 3 })
    )
    expect(
      readImportContact({ line: 4, source_id: "0" }, shopify, "US")
    ).toEqual({ line: 4, reason: "no email, phone or customer id" })
  })

  it.each([
    [{ email: "nope" }, '"nope" is not a valid email address'],
    [{ phone: "12" }, '"12" is not a valid phone number'],
    [{ first_name: "Ada" }, "no email, phone or customer id"],
  ])("should reject %j, saying why", (row, reason) => {
    expect(readImportContact({ line: 5, ...row }, shopify, "US")).toEqual({
      line: 5,
      reason: expect.stringContaining(reason),
    })
  })
})

describe("importHistory", () => {
  it("should keep what the platform knew, typed, and leave out what it did not", () => {
    expect(
      importHistory({
        line: 2,
        source_id: "1001",
        accepts_email_marketing: "yes",
        total_spent: "120.50",
        total_orders: "3",
        tags: "vip, , newsletter",
      })
    ).toEqual({
      source_id: "1001",
      accepts_email_marketing: true,
      total_spent: 120.5,
      total_orders: 3,
      tags: ["vip", "newsletter"],
    })
    expect(importHistory({ line: 3, total_spent: "n/a" })).toEqual({})
  })
})
