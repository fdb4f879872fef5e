import { Readable } from "stream"
import { importHistory } from "./enrich-imported-customer"
import { readImportContact } from "./import-contact"
import {
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

  it("should read Shopify's layout without a mapping, and a generic file by its mapping", () => {
    expect(mappingOf("shopify", { email: "x" })).toBe(SHOPIFY_MAPPING)
    expect(mappingOf("generic", { email: "x" })).toEqual({ email: "x" })
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
