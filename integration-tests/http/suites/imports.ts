import { MedusaContainer } from "@medusajs/framework/types"
import { mkdtemp, writeFile } from "fs/promises"
import { tmpdir } from "os"
import path from "path"
import importCustomers from "../../../src/scripts/import-customers"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import {
  ImportContact,
  readImportContact,
} from "../../../src/workflows/imports/utils/import-contact"
import { identifierKindOf } from "../../../src/utils/normalize-identifier"
import {
  findOrCreateCustomerWorkflow,
  joinImportedCustomersWorkflow,
  planCustomerImport,
  runCustomerImport,
  startCustomerImport,
} from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import { identityState } from "../../helpers/tables"

const BASE = "/admin/customer-identity/imports"

const SHOPIFY_HEADER = [
  "Customer ID",
  "First Name",
  "Last Name",
  "Email",
  "Accepts Email Marketing",
  "Default Address Company",
  "Default Address Address1",
  "Default Address Address2",
  "Default Address City",
  "Default Address Province Code",
  "Default Address Country Code",
  "Default Address Zip",
  "Default Address Phone",
  "Phone",
  "Accepts SMS Marketing",
  "Total Spent",
  "Total Orders",
  "Note",
  "Tax Exempt",
  "Tags",
]

type ShopifyRow = Partial<{
  id: string
  first: string
  last: string
  email: string
  marketing: string
  address: string
  country: string
  zip: string
  phone: string
  spent: string
  orders: string
  tags: string
}>

/** A file in Shopify's customers export layout, quoted as Shopify quotes it. */
const shopifyCsv = (rows: ShopifyRow[]) =>
  [
    SHOPIFY_HEADER,
    ...rows.map((r) => [
      r.id ?? "",
      r.first ?? "",
      r.last ?? "",
      r.email ?? "",
      r.marketing ?? "no",
      "",
      r.address ?? "",
      "",
      r.address ? "Springfield" : "",
      "",
      r.country ?? "",
      r.zip ?? "",
      "",
      r.phone ?? "",
      "no",
      r.spent ?? "0.00",
      r.orders ?? "0",
      "",
      "no",
      r.tags ?? "",
    ]),
  ]
    .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(","))
    .join("\n")

export default function imports({ api, getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let headers: Record<string, string>

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    ;({ headers } = await createAdminHeaders(container))
  })

  afterEach(async () => {
    await settleSubscribers(container)
  })

  /** Uploads a file as the admin does, through Medusa's upload route. */
  const upload = async (csv: string, name = "customers_export.csv") => {
    const form = new FormData()
    form.append("files", new Blob([csv], { type: "text/csv" }), name)
    const { data } = await api.post("/admin/uploads", form, { headers })
    return { file_key: data.files[0].id as string, originalname: name }
  }

  const settled = async (id: string, statuses: string[]) =>
    await eventually(
      async () => {
        const { data } = await api.get(`${BASE}/${id}`, { headers })
        expect(statuses).toContain(data.customer_import.status)
        return data.customer_import
      },
      { timeout: 60_000 }
    )

  /** Upload, dry run, confirm: the plan and the import as it ended. */
  const importFile = async (csv: string, format = "shopify") => {
    const file = await upload(csv)
    const started = await api.post(BASE, { ...file, format }, { headers })
    expect(started.status).toBe(202)
    const planned = await settled(started.data.customer_import.id, ["planned"])
    const confirmed = await api.post(
      `${BASE}/${planned.id}/confirm`,
      {},
      { headers }
    )
    expect(confirmed.status).toBe(202)
    const done = await settled(planned.id, ["completed", "failed"])
    return { file, planned, done }
  }

  /** Reading the upload fails: the file provider no longer has it. */
  const fileIsGone = async (fileKey: string) =>
    await expect(
      container
        .resolve(Modules.FILE)
        .getDownloadStream(fileKey)
        .then(
          (stream) =>
            new Promise((resolve, reject) =>
              stream.on("error", reject).on("end", resolve).resume()
            )
        )
    ).rejects.toThrow()

  it("should import Shopify's customers export as its dry run said, keep the history, delete the file, and change nothing the second time", async () => {
    const { result: account } = await findOrCreateCustomerWorkflow(
      container
    ).run({ input: { email: "acc@example.com", source: "manual" } })
    const csv = shopifyCsv([
      {
        id: "1001",
        first: "Ada",
        last: "Lovelace",
        email: "ada@example.com",
        marketing: "yes",
        address: "1 Main St",
        country: "US",
        zip: "62701",
        phone: "+1 555 010 1001",
        spent: "120.50",
        orders: "3",
        tags: "vip, newsletter",
      },
      // Ada's second Shopify record: her email in other casing.
      { id: "1002", email: "ADA@Example.com", phone: "(555) 010-1001" },
      { id: "1003", first: "Bob", phone: "555.010.2002", country: "US" },
      // Bob again, with an email: found by his phone.
      { id: "1004", email: "bob@example.com", phone: "+1 555 010 2002" },
      { id: "1005", email: "acc@example.com", first: "Acc" },
      { id: "1006", email: "not-an-email" },
      { id: "1007", email: "bad@example.com", phone: "12" },
      { first: "Nobody" },
    ])

    const { file, planned, done } = await importFile(csv)

    const expected = {
      rows: 8,
      created: 2,
      linked: 3,
      linked_by: { email: 2, phone: 1 },
      rejected: 3,
      rejects: [
        { line: 7, reason: expect.stringContaining('"not-an-email"') },
        { line: 8, reason: expect.stringContaining('"12"') },
        { line: 9, reason: "no email, phone or customer id" },
      ],
    }
    expect(planned.plan).toEqual(expected)
    expect(done).toEqual(
      expect.objectContaining({
        status: "completed",
        result: expected,
        file_key: null,
        line: 9,
      })
    )
    await fileIsGone(file.file_key)

    const [ada] = await identity.listCustomerEmails({
      email_normalized: "ada@example.com",
    })
    const customer = await container
      .resolve(Modules.CUSTOMER)
      .retrieveCustomer(ada.customer_id, { relations: ["addresses"] })
    expect(customer).toEqual(
      expect.objectContaining({ first_name: "Ada", last_name: "Lovelace" })
    )
    expect(customer.addresses).toEqual([
      expect.objectContaining({ address_1: "1 Main St", country_code: "us" }),
    ])
    expect(customer.metadata?.customer_identity_import).toEqual({
      "1001": {
        source_id: "1001",
        accepts_email_marketing: true,
        total_spent: 120.5,
        total_orders: 3,
        tags: ["vip", "newsletter"],
      },
      "1002": expect.objectContaining({ source_id: "1002" }),
    })
    expect(
      (
        await identity.listCustomerIdentifiers({
          customer_id: ada.customer_id,
        })
      )
        .map((row) => [row.kind, row.value])
        .sort()
    ).toEqual([
      ["shopify_customer_id", "1001"],
      ["shopify_customer_id", "1002"],
    ])
    // The account's email: the account, its names untouched but blanks filled.
    const [acc] = await identity.listCustomerIdentifiers({ value: "1005" })
    expect(acc.customer_id).toBe(account.canonical_customer_id)

    const before = await identityState(container)
    const again = await importFile(csv)
    expect(again.planned.plan).toEqual({
      ...expected,
      created: 0,
      linked: 5,
      linked_by: { "identifier:shopify_customer_id": 5 },
    })
    expect(again.done.result).toEqual(again.planned.plan)
    expect(await identityState(container)).toEqual(before)
  })

  /**
   * Each customer's emails, phones and kind values, as sorted lists: two
   * imports that reached the same people compare equal whatever their ids.
   */
  const people = async () => {
    const values = new Map<string, string[]>()
    const add = (customerId: string, value: string) =>
      values.set(customerId, [...(values.get(customerId) ?? []), value])
    for (const e of await identity.listCustomerEmails({})) {
      add(e.customer_id, `email:${e.email_normalized}`)
    }
    for (const p of await identity.listCustomerPhones({})) {
      add(p.customer_id, `phone:${p.phone_e164}`)
    }
    for (const i of await identity.listCustomerIdentifiers({})) {
      add(i.customer_id, `${i.kind}:${i.value_normalized}`)
    }
    return [...values.values()].map((v) => v.sort()).sort()
  }

  /**
   * A batch that mixes rows created set-based (4001, 4002, 4007) with rows
   * left to find-or-create: one joining a customer the store has, two
   * sharing an email in other casings, one holding an erased person's email.
   */
  const mixedBatch = async () => {
    await findOrCreateCustomerWorkflow(container).run({
      input: { email: "known@example.com", source: "manual" },
    })
    const { result: erased } = await findOrCreateCustomerWorkflow(
      container
    ).run({ input: { email: "erased@example.com", source: "manual" } })
    await settleSubscribers(container)
    await api.post(
      `/admin/customer-identity/customers/${erased.customer_id}/erase`,
      { confirm: true },
      { headers }
    )
    return shopifyCsv([
      {
        id: "4001",
        first: "Plain",
        last: "One",
        email: "P1@example.com",
        marketing: "yes",
        address: "1 Plain St",
        country: "US",
        zip: "62701",
        spent: "10.00",
        orders: "1",
        tags: "a, b",
      },
      { id: "4002", phone: "+1 555 010 4002" },
      { id: "4003", email: "KNOWN@example.com", first: "Known" },
      { id: "4004", email: "twin@example.com", first: "Twin" },
      { id: "4005", email: "TWIN@Example.COM", phone: "+1 555 010 4005" },
      { id: "4006", email: "erased@example.com" },
      {
        id: "4007",
        email: "p7@example.com",
        phone: "(555) 010-4007",
        country: "US",
      },
    ])
  }
  const mixedPlan = {
    rows: 7,
    created: 4,
    linked: 2,
    linked_by: { email: 2 },
    rejected: 1,
    rejects: [{ line: 7, reason: "the email of an erased person" }],
  }
  const mixedPeople = [
    ["email:known@example.com", "shopify_customer_id:4003"],
    ["email:p1@example.com", "shopify_customer_id:4001"],
    ["email:p7@example.com", "phone:+15550104007", "shopify_customer_id:4007"],
    [
      "email:twin@example.com",
      "phone:+15550104005",
      "shopify_customer_id:4004",
      "shopify_customer_id:4005",
    ],
    ["phone:+15550104002", "shopify_customer_id:4002"],
  ].sort()

  it("should create a batch's plain rows together and decide the others as before: a join, one email in two casings, an erased person's row", async () => {
    const csv = await mixedBatch()
    const { planned, done } = await importFile(csv)

    expect(planned.plan).toEqual(mixedPlan)
    expect(done).toEqual(
      expect.objectContaining({ status: "completed", result: mixedPlan })
    )
    // The dry run kept its decisions only while it ran.
    expect(await identity.listImportPlanValues({})).toEqual([])
    expect(await people()).toEqual(mixedPeople)

    // A row created with the others: as find-or-create creates a guest.
    const [p1] = await identity.listCustomerEmails({
      email_normalized: "p1@example.com",
    })
    expect(p1).toEqual(
      expect.objectContaining({
        email: "P1@example.com",
        is_primary: true,
        source: "import",
      })
    )
    const customer = await container
      .resolve(Modules.CUSTOMER)
      .retrieveCustomer(p1.customer_id, { relations: ["addresses"] })
    expect(customer).toEqual(
      expect.objectContaining({
        email: "p1@example.com",
        has_account: false,
        first_name: "Plain",
        last_name: "One",
        metadata: {
          customer_identity_import: {
            "4001": {
              source_id: "4001",
              accepts_email_marketing: true,
              total_spent: 10,
              total_orders: 1,
              tags: ["a", "b"],
            },
          },
        },
      })
    )
    expect(customer.addresses).toEqual([
      expect.objectContaining({ address_1: "1 Plain St", country_code: "us" }),
    ])
    expect(
      await identity.retrieveCustomerLinkByCustomerId(p1.customer_id)
    ).toEqual(
      expect.objectContaining({
        canonical_customer_id: p1.customer_id,
        has_account: false,
        source: "import",
      })
    )
    // The joining row filled the names the customer lacked.
    const [known] = await identity.listCustomerEmails({
      email_normalized: "known@example.com",
    })
    expect(
      await container
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(known.customer_id)
    ).toEqual(expect.objectContaining({ first_name: "Known" }))

    const before = await identityState(container)
    const again = await importFile(csv)
    expect(again.planned.plan).toEqual({
      ...mixedPlan,
      created: 0,
      linked: 6,
      linked_by: { "identifier:shopify_customer_id": 6 },
    })
    expect(again.done.result).toEqual(again.planned.plan)
    expect(await identityState(container)).toEqual(before)
    expect(await people()).toEqual(mixedPeople)
  })

  it("should resume a mixed batch's run that stopped after its first batch with the people a clean run makes", async () => {
    const file = await upload(await mixedBatch())
    const { id } = await startCustomerImport(container, {
      ...file,
      filename: file.originalname,
      format: "shopify",
    })
    const planned = await planCustomerImport(container, id)
    expect(planned.plan).toEqual(mixedPlan)

    // Rows 4001-4003: two created together, one joining the store's customer.
    await expect(
      runCustomerImport(container, id, {
        batch_size: 3,
        onProgress: () => {
          throw new Error("the worker was killed")
        },
      })
    ).rejects.toThrow("the worker was killed")
    expect(await identity.retrieveCustomerImport(id)).toEqual(
      expect.objectContaining({ status: "failed", line: 4 })
    )

    const done = await runCustomerImport(container, id, { batch_size: 3 })
    expect(done.result).toEqual(mixedPlan)
    expect(await people()).toEqual(mixedPeople)
  })

  it("should join a batch's rows to the customers the store has as find-or-create joins them one row at a time, rows sharing a value or a customer included", async () => {
    const known = async (email: string, extra: Record<string, unknown> = {}) =>
      (
        await findOrCreateCustomerWorkflow(container).run({
          input: { email, source: "manual", ...extra },
        })
      ).result.customer_id
    const k1 = await known("k1@example.com", {
      first_name: "Kay",
      created_customer: {
        addresses: [
          { address_1: "1 Kay St", country_code: "us", postal_code: "62701" },
        ],
      },
    })
    const k2 = await known("k2@example.com")
    const k3 = await known("k3@example.com", { phone: "+1 555 020 0003" })
    const k4 = await known("k4@example.com")
    const k5 = await known("k5@example.com", { phone: "+1 555 020 0005" })
    const k6 = await known("k6@example.com")
    const k7 = await known("k7@example.com")
    await settleSubscribers(container)

    const csv = shopifyCsv([
      // Joined together: by email, by phone, each the only row of its customer.
      {
        id: "5001",
        first: "Other",
        last: "Kayson",
        email: "K1@Example.com",
        address: "1 Kay St",
        country: "US",
        zip: "62701",
        spent: "5.00",
      },
      {
        id: "5002",
        first: "Kim",
        email: "k2@example.com",
        phone: "+1 555 020 0002",
        address: "2 Kim St",
        country: "US",
        zip: "62702",
      },
      {
        id: "5003",
        email: "new3@example.com",
        phone: "(555) 020-0003",
        country: "US",
      },
      { id: "5004", email: "k4@example.com", tags: "x, y" },
      // K5 twice (its email, then its phone): row by row.
      { id: "5005", email: "k5@example.com", phone: "+1 555 020 0055" },
      { id: "5006", first: "Six", email: "k6@example.com" },
      { id: "5007", phone: "+1 555 020 0005", country: "US", last: "Five" },
      // One email twice: row by row.
      { id: "5008", first: "Seven", email: "K7@example.com" },
      { id: "5009", last: "Twin", email: "k7@example.com" },
      { id: "5010", email: "fresh@example.com" },
    ])
    const expected = {
      rows: 10,
      created: 1,
      linked: 9,
      linked_by: { email: 7, phone: 2 },
      rejected: 0,
      rejects: [],
    }

    const { planned, done } = await importFile(csv)

    expect(planned.plan).toEqual(expected)
    expect(done).toEqual(
      expect.objectContaining({ status: "completed", result: expected })
    )
    const joined = [
      ["email:k1@example.com", "shopify_customer_id:5001"],
      [
        "email:k2@example.com",
        "phone:+15550200002",
        "shopify_customer_id:5002",
      ],
      [
        "email:k3@example.com",
        "email:new3@example.com",
        "phone:+15550200003",
        "shopify_customer_id:5003",
      ],
      ["email:k4@example.com", "shopify_customer_id:5004"],
      [
        "email:k5@example.com",
        "phone:+15550200005",
        "phone:+15550200055",
        "shopify_customer_id:5005",
        "shopify_customer_id:5007",
      ],
      ["email:k6@example.com", "shopify_customer_id:5006"],
      [
        "email:k7@example.com",
        "shopify_customer_id:5008",
        "shopify_customer_id:5009",
      ],
      ["email:fresh@example.com", "shopify_customer_id:5010"],
    ].sort()
    expect(await people()).toEqual(joined)

    // Attached as find-or-create attaches: a customer's first phone is its
    // primary one, a second email or phone is not.
    const attached = async (customerId: string) =>
      [
        ...(await identity.listCustomerEmails({ customer_id: customerId })),
        ...(await identity.listCustomerPhones({ customer_id: customerId })),
      ]
        .map((row) => ({
          value: "email" in row ? row.email_normalized : row.phone_e164,
          is_primary: row.is_primary,
          source: row.source,
        }))
        .sort((a, b) => a.value.localeCompare(b.value))
    expect(await attached(k2)).toEqual([
      { value: "+15550200002", is_primary: true, source: "import" },
      { value: "k2@example.com", is_primary: true, source: "manual" },
    ])
    expect(await attached(k3)).toEqual([
      { value: "+15550200003", is_primary: true, source: "manual" },
      { value: "k3@example.com", is_primary: true, source: "manual" },
      { value: "new3@example.com", is_primary: false, source: "import" },
    ])
    expect(await attached(k5)).toEqual([
      { value: "+15550200005", is_primary: true, source: "manual" },
      { value: "+15550200055", is_primary: false, source: "import" },
      { value: "k5@example.com", is_primary: true, source: "manual" },
    ])

    // Names only where missing, the history by Shopify id, an address only
    // when the customer has none like it.
    const customers = new Map(
      (
        await container
          .resolve(Modules.CUSTOMER)
          .listCustomers(
            { id: [k1, k2, k3, k4, k5, k6, k7] },
            { relations: ["addresses"] }
          )
      ).map((c) => [
        c.id,
        {
          names: [c.first_name, c.last_name],
          history: Object.keys(
            (c.metadata?.customer_identity_import ?? {}) as object
          ).sort(),
          addresses: c.addresses.map((a) => a.address_1),
        },
      ])
    )
    expect([k1, k2, k3, k4, k5, k6, k7].map((id) => customers.get(id))).toEqual(
      [
        {
          names: ["Kay", "Kayson"],
          history: ["5001"],
          addresses: ["1 Kay St"],
        },
        { names: ["Kim", null], history: ["5002"], addresses: ["2 Kim St"] },
        { names: [null, null], history: ["5003"], addresses: [] },
        { names: [null, null], history: ["5004"], addresses: [] },
        { names: [null, "Five"], history: ["5005", "5007"], addresses: [] },
        { names: ["Six", null], history: ["5006"], addresses: [] },
        {
          names: ["Seven", "Twin"],
          history: ["5008", "5009"],
          addresses: [],
        },
      ]
    )
    const k1Customer = await container
      .resolve(Modules.CUSTOMER)
      .retrieveCustomer(k1)
    expect(k1Customer.metadata?.customer_identity_import).toEqual({
      "5001": {
        source_id: "5001",
        accepts_email_marketing: false,
        total_spent: 5,
        total_orders: 0,
      },
    })

    const before = await identityState(container)
    const again = await importFile(csv)
    expect(again.planned.plan).toEqual({
      ...expected,
      linked: 10,
      created: 0,
      linked_by: { "identifier:shopify_customer_id": 10 },
    })
    expect(again.done.result).toEqual(again.planned.plan)
    expect(await identityState(container)).toEqual(before)
  })

  it("should leave the customer and its identity as they were when joining rows fails after its last step", async () => {
    const { result } = await findOrCreateCustomerWorkflow(container).run({
      input: { email: "join@example.com", source: "manual" },
    })
    await settleSubscribers(container)
    const contact = readImportContact(
      {
        line: 2,
        source_id: "9001",
        email: "second@example.com",
        phone: "+1 555 030 0001",
        first_name: "Jo",
        address_1: "9 Join St",
        country_code: "US",
        postal_code: "62701",
        total_spent: "3.00",
      },
      identifierKindOf(await identity.getOptions(), "shopify_customer_id"),
      undefined
    ) as ImportContact
    const customerOf = async () => {
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(result.customer_id, { relations: ["addresses"] })
      return {
        names: [customer.first_name, customer.last_name],
        metadata: customer.metadata,
        addresses: customer.addresses.length,
        updated_at: customer.updated_at,
      }
    }
    const before = [await identityState(container), await customerOf()]

    const workflow = joinImportedCustomersWorkflow(container)
    workflow.appendAction("throw", "emit-event-step", {
      invoke: async () => {
        throw new Error("injected failure after the join")
      },
    })
    const { errors } = await workflow.run({
      input: {
        customers: [
          {
            customer_id: result.customer_id,
            email: contact.email,
            phone: contact.phone,
            identifiers: [contact.source!],
            row: contact.row,
          },
        ],
      },
      throwOnError: false,
    })

    expect(errors[0].error.message).toBe("injected failure after the join")
    expect([await identityState(container), await customerOf()]).toEqual(before)
  })

  it("should import WooCommerce's users file by its column keys, a guest's customer id 0 being no id", async () => {
    const csv = [
      "ID,user_email,first_name,last_name,billing_phone,billing_country,order_count",
      "12,ada@example.com,Ada,Lovelace,020 7946 0958,GB,4",
      "0,guest@example.com,,,,,1",
      "13,ADA@Example.com,,,+44 20 7946 0958,GB,0",
    ].join("\n")

    const { planned, done } = await importFile(csv, "woocommerce")
    expect(planned.plan).toEqual(
      expect.objectContaining({
        rows: 3,
        created: 2,
        linked: 1,
        linked_by: { email: 1 },
        rejected: 0,
      })
    )
    expect(done.result).toEqual(planned.plan)
    const [ada] = await identity.listCustomerEmails({
      email_normalized: "ada@example.com",
    })
    expect(
      (
        await identity.listCustomerIdentifiers({
          kind: "woocommerce_customer_id",
        })
      )
        .map((row) => [row.customer_id, row.value])
        .sort()
    ).toEqual([
      [ada.customer_id, "12"],
      [ada.customer_id, "13"],
    ])
    const [phone] = await identity.listCustomerPhones({
      customer_id: ada.customer_id,
    })
    expect(phone.phone_e164).toBe("+442079460958")

    const before = await identityState(container)
    const again = await importFile(csv, "woocommerce")
    expect(again.done.result).toEqual(
      expect.objectContaining({
        created: 0,
        linked_by: { "identifier:woocommerce_customer_id": 2, email: 1 },
      })
    )
    expect(await identityState(container)).toEqual(before)
  })

  it("should reject an erased person's rows, and resume a run that stopped after its last committed batch", async () => {
    const { result: erased } = await findOrCreateCustomerWorkflow(
      container
    ).run({ input: { email: "gone@example.com", source: "manual" } })
    // The customer.created subscriber first: it races an erasure (see notes).
    await settleSubscribers(container)
    await api.post(
      `/admin/customer-identity/customers/${erased.customer_id}/erase`,
      { confirm: true },
      { headers }
    )
    const people = Array.from({ length: 5 }, (_, i) => ({
      id: `20${i}`,
      first: `P${i}`,
      email: `p${i}@example.com`,
    }))
    const file = await upload(
      shopifyCsv([...people, { id: "299", email: "GONE@example.com" }])
    )
    const { id } = await startCustomerImport(container, {
      ...file,
      filename: file.originalname,
      format: "shopify",
    })
    const planned = await planCustomerImport(container, id)
    expect(planned.plan).toEqual(
      expect.objectContaining({
        created: 5,
        rejected: 1,
        rejects: [{ line: 7, reason: "the email of an erased person" }],
      })
    )

    // The process dies after the first batch of two rows was committed.
    await expect(
      runCustomerImport(container, id, {
        batch_size: 2,
        onProgress: () => {
          throw new Error("the worker was killed")
        },
      })
    ).rejects.toThrow("the worker was killed")
    const stopped = (await api.get(`${BASE}/${id}`, { headers })).data
      .customer_import
    expect(stopped).toEqual(
      expect.objectContaining({ status: "failed", line: 3 })
    )
    expect(stopped.result.rows).toBe(2)

    await api.post(`${BASE}/${id}/confirm`, {}, { headers })
    const done = await settled(id, ["completed", "failed"])
    expect(done.result).toEqual(planned.plan)
    for (const person of people) {
      expect(
        await identity.listCustomerEmails({ email_normalized: person.email })
      ).toHaveLength(1)
    }
    expect(
      await identity.listCustomerEmails({
        email_normalized: "gone@example.com",
      })
    ).toEqual([])
    await fileIsGone(file.file_key)
  })

  it("should import a file from the command line, dry run first, as the route does", async () => {
    const file = path.join(
      await mkdtemp(path.join(tmpdir(), "import-")),
      "customers_export.csv"
    )
    await writeFile(
      file,
      shopifyCsv([{ id: "3001", first: "Cli", email: "cli@example.com" }])
    )
    const run = (...args: string[]) =>
      importCustomers({ container, args } as never)

    await run(`--file=${file}`, "--format=shopify", "--dry-run")
    const [planned] = await identity.listCustomerImports({
      status: "planned",
    })
    expect(planned.plan).toEqual(
      expect.objectContaining({ rows: 1, created: 1 })
    )
    expect(
      await identity.listCustomerEmails({
        email_normalized: "cli@example.com",
      })
    ).toEqual([])

    await run(`--resume=${planned.id}`)
    expect(await identity.retrieveCustomerImport(planned.id)).toEqual(
      expect.objectContaining({ status: "completed", file_key: null })
    )
    expect(
      await identity.listCustomerEmails({
        email_normalized: "cli@example.com",
      })
    ).toHaveLength(1)
    await expect(run("--file=x.csv")).rejects.toThrow(
      "Give --file=<path> and --format=shopify|woocommerce|generic"
    )
  })

  it("should answer 400 for a file without the format's columns, a generic file without a mapping and an undeclared kind, and cancel a planned import", async () => {
    const failing = (body: Record<string, unknown>) =>
      api.post(BASE, body, { headers }).then(
        () => {
          throw new Error("expected a 400")
        },
        (e: any) => ({ status: e.response.status, data: e.response.data })
      )
    const other = await upload("name,mail\nAda,ada@example.com")
    expect(await failing({ ...other, format: "shopify" })).toEqual({
      status: 400,
      data: expect.objectContaining({
        message: expect.stringMatching(
          /customers_export.csv has no column "Customer ID", "Email", which the shopify format reads/
        ),
      }),
    })
    expect(await failing({ ...other, format: "generic" })).toEqual({
      status: 400,
      data: expect.objectContaining({
        message: expect.stringContaining("needs a mapping"),
      }),
    })
    expect(
      await failing({
        ...other,
        format: "generic",
        mapping: { email: "mail", source_id: "name" },
        source_kind: "passport",
      })
    ).toEqual({
      status: 400,
      data: expect.objectContaining({
        message: expect.stringContaining(
          '"passport" is not an identifier kind'
        ),
      }),
    })

    const { data } = await api.post(
      BASE,
      {
        ...other,
        format: "generic",
        mapping: { email: "mail", first_name: "name" },
      },
      { headers }
    )
    const planned = await settled(data.customer_import.id, ["planned"])
    expect(planned.plan).toEqual(
      expect.objectContaining({ rows: 1, created: 1 })
    )
    const canceled = await api.post(
      `${BASE}/${planned.id}/cancel`,
      {},
      { headers }
    )
    expect(canceled.data.customer_import).toEqual(
      expect.objectContaining({ status: "canceled", file_key: null })
    )
    await fileIsGone(other.file_key)
    const refused = await api
      .post(`${BASE}/${planned.id}/confirm`, {}, { headers })
      .catch((e: any) => e.response)
    expect(refused.status).toBe(400)
    expect(refused.data.message).toContain("is canceled")
    expect(
      await identity.listCustomerEmails({
        email_normalized: "ada@example.com",
      })
    ).toEqual([])
  })
}
