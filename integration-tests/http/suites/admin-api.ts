import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import { ADMIN_LIST_LIMIT_MAX } from "../../../src/api/admin/customer-identity/validators"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { recordOrderContactWorkflow } from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"
import { settleSubscribers } from "../../helpers/settle"

const BASE = "/admin/customer-identity"

export default function adminApi({ api, getContainer }: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let headers: Record<string, string>

  beforeAll(() => {
    // An unexpected failure names its request in the test output.
    api.interceptors.response.use(undefined, (error: any) => {
      error.message = `${error.config?.method?.toUpperCase()} ${error.config?.url} answered ${error.response?.status}: ${JSON.stringify(error.response?.data)}`
      return Promise.reject(error)
    })
  })

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    ;({ headers } = await createAdminHeaders(container))
  })

  /** The response of a request that is expected to fail. */
  const failing = async (request: Promise<unknown>) => {
    const error = await request.then(
      () => {
        throw new Error("the request was expected to fail")
      },
      (e: any) => e
    )
    return { status: error.response.status, data: error.response.data }
  }

  const addCustomer = async (body: Record<string, unknown>) =>
    (await api.post(`${BASE}/customers`, body, { headers })).data
      .customer_identity

  const jane = {
    first_name: " Jane ",
    last_name: "Doe",
    email: "Jane.Doe@Example.com",
    phone: "(555) 010-2030",
    emails: [{ email: "jane@work.example", type: "work" }],
    phones: [{ phone: "020 7946 0958", country_code: "GB", type: "work" }],
  }

  describe("POST /admin/customer-identity/customers", () => {
    it("should add a customer with all its emails and phones, the given ones primary", async () => {
      const created = await addCustomer(jane)

      expect(created).toEqual(
        expect.objectContaining({
          status: "active",
          source: "manual",
          has_account: false,
          customer: expect.objectContaining({
            first_name: "Jane",
            email: "jane.doe@example.com",
          }),
        })
      )
      expect(
        created.emails.map((e: any) => [e.email, e.is_primary, e.type])
      ).toEqual([
        ["Jane.Doe@Example.com", true, "primary"],
        ["jane@work.example", false, "work"],
      ])
      expect(
        created.phones.map((p: any) => [p.phone_e164, p.is_primary])
      ).toEqual([
        ["+15550102030", true],
        ["+442079460958", false],
      ])
    })

    it("should answer 422 naming the customer that owns an email or phone, and add nothing", async () => {
      const owner = await addCustomer(jane)
      const { status, data } = await failing(
        api.post(
          `${BASE}/customers`,
          {
            first_name: "Janet",
            last_name: "Other",
            email: "janet@example.com",
            phone: "555.010.2030",
          },
          { headers }
        )
      )
      expect(status).toBe(422)
      expect(data).toEqual(
        expect.objectContaining({
          type: "duplicate_error",
          message: `Phone "(555) 010-2030" already belongs to customer ${owner.customer_id}`,
        })
      )
      const customers = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ email: "janet@example.com" })
      expect(customers).toEqual([])
    })

    it.each([
      [
        { ...jane, email: "not-an-email" },
        400,
        '"not-an-email" is not a valid email address',
      ],
      [
        { ...jane, phone: "call me" },
        400,
        '"call me" is not a valid phone number in region US',
      ],
      [{ ...jane, first_name: "   " }, 400, "first_name"],
      [{ ...jane, last_name: "x".repeat(300) }, 400, "last_name"],
      [{ ...jane, email: `${"a".repeat(330)}@example.com` }, 400, "'email'"],
      [{ ...jane, nickname: "JD" }, 400, "nickname"],
      [{ ...jane, country_code: "USA" }, 400, "country_code"],
      [
        { ...jane, emails: [{ email: "Jane.Doe@example.com" }] },
        422,
        "is given more than once",
      ],
    ])(
      "should refuse %j with %i and a message",
      async (body, status, message) => {
        const response = await failing(
          api.post(`${BASE}/customers`, body, { headers })
        )
        expect(response.status).toBe(status)
        expect(response.data.message).toContain(message)
      }
    )

    it("should answer 401 without an admin token", async () => {
      expect((await failing(api.post(`${BASE}/customers`, jane))).status).toBe(
        401
      )
    })
  })

  describe("GET /admin/customer-identity/customers", () => {
    it("should find a customer by any email or phone in any formatting, or by name, and filter", async () => {
      const janeIdentity = await addCustomer(jane)
      const john = await addCustomer({
        first_name: "John",
        last_name: "Smith",
        email: "john@smith.example",
        phone: "+1 555 234 5678",
      })
      await api.post(
        `${BASE}/customers/${john.customer_id}/archive`,
        {},
        { headers }
      )

      const search = async (query: string) =>
        (await api.get(`${BASE}/customers?${query}`, { headers })).data

      for (const q of [
        "JANE@WORK.EXAMPLE",
        "jane.doe",
        "+1 (555) 010-2030",
        "5550102030",
        "7946 0958",
        "Doe",
      ]) {
        const found = await search(`q=${encodeURIComponent(q)}`)
        expect(
          found.customer_identities.map((c: any) => c.customer_id)
        ).toEqual([janeIdentity.customer_id])
      }

      const all = await search("order=created_at")
      expect(all).toEqual(
        expect.objectContaining({ count: 2, offset: 0, limit: 20 })
      )
      expect(all.customer_identities.map((c: any) => c.customer_id)).toEqual([
        janeIdentity.customer_id,
        john.customer_id,
      ])
      expect(all.customer_identities[0]).toEqual(
        expect.objectContaining({
          primary_email: expect.objectContaining({
            email: "Jane.Doe@Example.com",
          }),
          primary_phone: expect.objectContaining({
            phone_e164: "+15550102030",
          }),
          customer: expect.objectContaining({ first_name: "Jane" }),
        })
      )
      const archived = await search("status=archived")
      expect(
        archived.customer_identities.map((c: any) => c.customer_id)
      ).toEqual([john.customer_id])
      expect((await search("has_account=true")).count).toBe(0)
      expect(
        (await search("limit=1&offset=1&order=created_at"))
          .customer_identities[0].customer_id
      ).toBe(john.customer_id)
    })

    it.each([
      ["status=gone", "status"],
      ["has_account=maybe", "has_account"],
      ["order=email", "Cannot order by email"],
      [`q=${"x".repeat(201)}`, "'q'"],
    ])("should refuse ?%s with 400 and a message", async (query, message) => {
      const { status, data } = await failing(
        api.get(`${BASE}/customers?${query}`, { headers })
      )
      expect(status).toBe(400)
      expect(data.message).toContain(message)
    })
  })

  describe("a customer's identity", () => {
    it("should show its user, emails, phones, folded customers and latest orders", async () => {
      const created = await addCustomer(jane)
      const user = await container
        .resolve(Modules.USER)
        .createUsers({ email: "jane.staff@example.com" })
      await api.post(
        `${BASE}/users/${user.id}/link`,
        { customer_id: created.customer_id },
        { headers }
      )

      const { data } = await api.get(
        `${BASE}/customers/${created.customer_id}`,
        {
          headers,
        }
      )
      expect(data.customer_identity).toEqual(
        expect.objectContaining({
          customer_id: created.customer_id,
          user: expect.objectContaining({
            id: user.id,
            email: "jane.staff@example.com",
          }),
          folded_customers: [],
          order_contacts: [],
        })
      )
      expect(data.customer_identity.emails).toHaveLength(2)
      expect(data.customer_identity.phones).toHaveLength(2)
    })

    it("should move through activate, archive, reactivate and DELETE, refusing moves that do not apply", async () => {
      const created = await addCustomer(jane)
      const id = created.customer_id
      const post = (action: string) =>
        api.post(`${BASE}/customers/${id}/${action}`, {}, { headers })

      const refused = await failing(post("activate"))
      expect(refused).toEqual({
        status: 400,
        data: {
          type: "invalid_data",
          message: `Cannot activate customer ${id}: its status is active, and activate applies to draft`,
        },
      })
      expect((await post("archive")).data.customer_identity.status).toBe(
        "archived"
      )
      expect((await post("reactivate")).data.customer_identity.status).toBe(
        "active"
      )
      const deleted = await api.delete(`${BASE}/customers/${id}`, { headers })
      expect(deleted.data).toEqual({
        id,
        object: "customer_identity",
        deleted: true,
      })
      expect((await identity.retrieveCustomerLinkByCustomerId(id)).status).toBe(
        "archived"
      )
      expect(
        (await failing(api.get(`${BASE}/customers/cus_missing`, { headers })))
          .status
      ).toBe(404)
    })

    it("should add, make primary and remove emails and phones, refusing the primary and other customers' rows", async () => {
      const created = await addCustomer(jane)
      const other = await addCustomer({
        first_name: "Other",
        last_name: "Person",
        email: "other@example.com",
      })
      const id = created.customer_id
      const url = `${BASE}/customers/${id}`

      const added = (
        await api.post(
          `${url}/emails`,
          { email: "Jane@Home.example", type: "personal" },
          { headers }
        )
      ).data.customer_identity
      const home = added.emails.find(
        (e: any) => e.email_normalized === "jane@home.example"
      )
      expect(home).toEqual(
        expect.objectContaining({ type: "personal", is_primary: false })
      )

      const phones = (
        await api.post(`${url}/phones`, { phone: "555 010 9999" }, { headers })
      ).data.customer_identity.phones
      expect(phones.map((p: any) => p.phone_e164)).toContain("+15550109999")

      const primary = (
        await api.post(`${url}/emails/${home.id}/primary`, {}, { headers })
      ).data.customer_identity.emails
      expect(primary[0]).toEqual(
        expect.objectContaining({ id: home.id, is_primary: true })
      )

      const refusedPrimary = await failing(
        api.delete(`${url}/emails/${home.id}`, { headers })
      )
      expect(refusedPrimary.status).toBe(400)
      expect(refusedPrimary.data.message).toContain(
        "make another one primary before removing it"
      )

      const oldPrimary = created.emails[0]
      const removed = await api.delete(`${url}/emails/${oldPrimary.id}`, {
        headers,
      })
      expect(removed.data).toEqual(
        expect.objectContaining({
          id: oldPrimary.id,
          object: "customer_email",
          deleted: true,
        })
      )
      expect(removed.data.parent.emails.map((e: any) => e.id)).not.toContain(
        oldPrimary.id
      )

      const othersEmail = other.emails[0].id
      // One at a time: a request started early could fail before anyone listens.
      for (const request of [
        () => api.delete(`${url}/emails/${othersEmail}`, { headers }),
        () => api.post(`${url}/emails/${othersEmail}/primary`, {}, { headers }),
        () =>
          api.delete(
            `${url}/phones/${created.phones[0].id.replace("ciphone", "ciphone_x")}`,
            { headers }
          ),
      ]) {
        const response = await failing(request())
        expect(response.status).toBe(404)
      }

      const taken = await failing(
        api.post(`${url}/emails`, { email: "OTHER@example.com" }, { headers })
      )
      expect(taken).toEqual({
        status: 422,
        data: expect.objectContaining({
          type: "duplicate_error",
          message: `Email "other@example.com" already belongs to customer ${other.customer_id}`,
        }),
      })
      for (const [body, message] of [
        [{ email: "nope" }, '"nope" is not a valid email address'],
        [{ email: "a@example.com", type: "fax" }, "type"],
        [{ email: "a@example.com", extra: 1 }, "extra"],
      ] as const) {
        const response = await failing(
          api.post(`${url}/emails`, body, { headers })
        )
        expect(response.status).toBe(400)
        expect(response.data.message).toContain(message)
      }
      const badPhone = await failing(
        api.post(`${url}/phones`, { phone: "12" }, { headers })
      )
      expect(badPhone.status).toBe(400)
      expect(badPhone.data.message).toBe(
        '"12" is not a valid phone number in region US'
      )
    })
  })

  describe("GET list routes' limit", () => {
    it.each(["customers", "duplicates", "merges"])(
      "should answer /%s up to the maximum limit and refuse more with a 400 naming it",
      async (route) => {
        const { data } = await api.get(
          `${BASE}/${route}?limit=${ADMIN_LIST_LIMIT_MAX}`,
          { headers }
        )
        expect(data.limit).toBe(ADMIN_LIST_LIMIT_MAX)

        // Medusa words the message itself, naming the field and the bound.
        for (const [limit, bound] of [
          [ADMIN_LIST_LIMIT_MAX + 1, `at most: '${ADMIN_LIST_LIMIT_MAX}'`],
          [100_000, `at most: '${ADMIN_LIST_LIMIT_MAX}'`],
          [0, "at least: '1'"],
        ]) {
          const { status, data: error } = await failing(
            api.get(`${BASE}/${route}?limit=${limit}`, { headers })
          )
          expect(status).toBe(400)
          expect(error.message).toContain("field 'limit'")
          expect(error.message).toContain(bound)
        }
      }
    )
  })

  describe("admin users and orders", () => {
    it("should link, show and unlink an admin user's customer", async () => {
      const user = await container
        .resolve(Modules.USER)
        .createUsers({ email: "Link.Me@Example.com", first_name: "Link" })

      expect(
        (await api.get(`${BASE}/users/${user.id}`, { headers })).data
      ).toEqual({ user_id: user.id, customer_identity: null })

      const linked = (
        await api.post(`${BASE}/users/${user.id}/link`, {}, { headers })
      ).data
      expect(linked.customer_identity).toEqual(
        expect.objectContaining({
          user_id: user.id,
          status: "draft",
          emails: [
            expect.objectContaining({
              email_normalized: "link.me@example.com",
            }),
          ],
        })
      )
      expect(
        (await api.get(`${BASE}/users/${user.id}`, { headers })).data
          .customer_identity.customer_id
      ).toBe(linked.customer_identity.customer_id)

      const unlinked = await api.delete(`${BASE}/users/${user.id}/link`, {
        headers,
      })
      expect(unlinked.data).toEqual({
        id: user.id,
        object: "customer_identity_user_link",
        deleted: true,
      })
      expect(
        (await api.get(`${BASE}/users/${user.id}`, { headers })).data
          .customer_identity
      ).toBeNull()
      expect(
        (await failing(api.get(`${BASE}/users/user_missing`, { headers })))
          .status
      ).toBe(404)
    })

    it("should show how an order was matched, and 404 for an order without a contact", async () => {
      const order = await container
        .resolve(Modules.ORDER)
        .createOrders({ currency_code: "usd", email: "Buyer@Example.com" })
      await recordOrderContactWorkflow(container).run({
        input: { order_id: order.id },
      })

      const { data } = await api.get(`${BASE}/orders/${order.id}`, {
        headers,
      })
      expect(data.order_contact).toEqual(
        expect.objectContaining({
          order_id: order.id,
          email: "Buyer@Example.com",
          matched_by: "created",
          canonical_customer: expect.objectContaining({
            email: "buyer@example.com",
          }),
        })
      )
      const missing = await failing(
        api.get(`${BASE}/orders/order_missing`, { headers })
      )
      expect(missing).toEqual({
        status: 404,
        data: {
          type: "not_found",
          message: "Order order_missing has no recorded contact",
        },
      })
    })
  })

  describe("identifier kinds (medusa-config.ts: shopify_customer_id, loyalty_card, tax_id that suggests)", () => {
    const upsert = async (contacts: Record<string, unknown>[]) =>
      (await api.post(`${BASE}/contacts`, { contacts }, { headers })).data
    const identityOf = async (customerId: string) =>
      (await api.get(`${BASE}/customers/${customerId}`, { headers })).data
        .customer_identity

    it("should resolve a bulk of contacts in order, by email or another platform's id, each error at its index, a second post changing nothing", async () => {
      const contacts = [
        {
          email: "ada@example.com",
          first_name: "Ada",
          identifiers: { shopify_customer_id: "1001" },
        },
        { email: " ADA@example.com " },
        {
          email: "ada.new@example.com",
          identifiers: { shopify_customer_id: "#1001" },
        },
        { phone: "not a phone" },
        { email: "eve@example.com", identifiers: { passport: "X1" } },
      ]
      const first = await upsert(contacts)
      const ada = first.results[0].customer_id
      expect(first).toEqual({
        created: 1,
        errors: 2,
        results: [
          expect.objectContaining({ index: 0, created: true }),
          expect.objectContaining({
            index: 1,
            customer_id: ada,
            matched_by: "email",
            created: false,
          }),
          expect.objectContaining({
            index: 2,
            customer_id: ada,
            matched_by: "identifier",
            matched_kind: "shopify_customer_id",
            created: false,
          }),
          {
            index: 3,
            error: {
              type: "invalid_data",
              message: expect.stringContaining('"not a phone"'),
            },
          },
          {
            index: 4,
            error: {
              type: "invalid_data",
              message:
                '"passport" is not an identifier kind of this store: use loyalty_card, tax_id, shopify_customer_id, woocommerce_customer_id',
            },
          },
        ],
      })
      const before = await identityOf(ada)
      expect(before.emails.map((e: any) => e.email_normalized)).toEqual([
        "ada@example.com",
        "ada.new@example.com",
      ])
      expect(before.identifiers).toEqual([
        expect.objectContaining({
          kind: "shopify_customer_id",
          label: "Shopify customer",
          value: "1001",
          value_normalized: "1001",
          is_primary: true,
        }),
      ])

      const second = await upsert(contacts)
      expect(second.created).toBe(0)
      expect(second.results.slice(0, 3).map((r: any) => r.customer_id)).toEqual(
        [ada, ada, ada]
      )
      expect(await identityOf(ada)).toEqual(
        expect.objectContaining({
          emails: before.emails,
          identifiers: before.identifiers,
        })
      )
      // No contact wrote anything for Eve.
      expect(
        await identity.listCustomerEmails({
          email_normalized: "eve@example.com",
        })
      ).toEqual([])
    })

    it("should match a kind placed before the email in matchOrder, and leave a value of a kind that suggests with every colleague", async () => {
      const [ann, bob] = (
        await upsert([
          {
            email: "ann@b2b.example",
            identifiers: { loyalty_card: "LC-77", tax_id: "DE 123 456 789" },
          },
          {
            email: "bob@b2b.example",
            identifiers: { tax_id: "de123456789" },
          },
        ])
      ).results
      expect(bob).toEqual(
        expect.objectContaining({ created: true, matched_by: "created" })
      )
      const options = await identity.getOptions()
      jest.spyOn(identity, "getOptions").mockResolvedValue({
        ...options,
        matchOrder: ["loyalty_card", "email"],
      })
      const [found] = (
        await upsert([
          {
            email: "bob@b2b.example",
            identifiers: { loyalty_card: "lc 77" },
          },
        ])
      ).results
      jest.restoreAllMocks()
      expect(found).toEqual(
        expect.objectContaining({
          customer_id: ann.customer_id,
          matched_by: "identifier",
          matched_kind: "loyalty_card",
        })
      )
      for (const customer of [ann, bob]) {
        expect(
          (await identityOf(customer.customer_id)).identifiers
            .filter((i: any) => i.kind === "tax_id")
            .map((i: any) => [i.label, i.value_normalized, i.shared])
        ).toEqual([["VAT number", "DE123456789", true]])
      }
      const { data: review } = await api.get(`${BASE}/duplicates`, {
        headers,
      })
      const pair = review.duplicates.find((d: any) =>
        [d.customer_a.id, d.customer_b.id].includes(bob.customer_id)
      )
      expect(pair).toEqual(
        expect.objectContaining({
          score: 0.6,
          reasons: [
            { kind: "shared_identifier", detail: "tax_id: DE123456789" },
          ],
        })
      )
      expect([pair.customer_a.id, pair.customer_b.id].sort()).toEqual(
        [ann.customer_id, bob.customer_id].sort()
      )
    })

    it("should add and remove a value by hand, refusing another customer's value, an undeclared kind and an empty value", async () => {
      const [a, b] = (
        await upsert([
          { email: "kim@example.com", identifiers: { loyalty_card: "K-1" } },
          { email: "lee@example.com" },
        ])
      ).results.map((r: any) => r.customer_id)
      const add = (customerId: string, body: Record<string, unknown>) =>
        api.post(`${BASE}/customers/${customerId}/identifiers`, body, {
          headers,
        })
      expect(
        await failing(add(b, { kind: "loyalty_card", value: "k1" }))
      ).toEqual({
        status: 422,
        data: expect.objectContaining({
          message: `Loyalty card "k1" already belongs to customer ${a}`,
        }),
      })
      expect(await failing(add(b, { kind: "nope", value: "1" }))).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: expect.stringContaining('"nope" is not an identifier kind'),
        }),
      })
      expect(
        (await failing(add(b, { kind: "loyalty_card", value: " " }))).status
      ).toBe(400)

      const added = (await add(b, { kind: "loyalty_card", value: "L-2" })).data
        .customer_identity.identifiers
      expect(added).toEqual([
        expect.objectContaining({ value_normalized: "L2", source: "manual" }),
      ])
      const removed = (
        await api.delete(`${BASE}/customers/${b}/identifiers/${added[0].id}`, {
          headers,
        })
      ).data
      expect(removed).toEqual(
        expect.objectContaining({
          id: added[0].id,
          object: "customer_identifier",
          deleted: true,
          parent: expect.objectContaining({ identifiers: [] }),
        })
      )
      // Another customer's value is not found from this one.
      const [ofA] = (await identityOf(a)).identifiers
      expect(
        (
          await failing(
            api.delete(`${BASE}/customers/${b}/identifiers/${ofA.id}`, {
              headers,
            })
          )
        ).status
      ).toBe(404)
    })

    it("should move values with a merge and back with its revert, and erase them with the person", async () => {
      const [target, source] = (
        await upsert([
          { email: "max@example.com", identifiers: { loyalty_card: "M1" } },
          {
            email: "max.old@example.com",
            identifiers: { loyalty_card: "M2" },
          },
        ])
      ).results.map((r: any) => r.customer_id)
      const { customer_merge } = (
        await api.post(
          `${BASE}/merges`,
          { source_customer_id: source, target_customer_id: target },
          { headers }
        )
      ).data
      const cards = async (customerId: string) =>
        (await identityOf(customerId)).identifiers.map((i: any) => [
          i.value_normalized,
          i.is_primary,
        ])
      expect(await cards(target)).toEqual([
        ["M1", true],
        ["M2", false],
      ])
      await api.post(
        `${BASE}/merges/${customer_merge.id}/revert`,
        {},
        { headers }
      )
      expect(await cards(target)).toEqual([["M1", true]])
      expect(await cards(source)).toEqual([["M2", true]])

      await api.post(
        `${BASE}/customers/${target}/erase`,
        { confirm: true },
        { headers }
      )
      expect(
        await identity.listCustomerIdentifiers(
          { value_normalized: "M1" },
          { withDeleted: true }
        )
      ).toEqual([])
      expect(
        await identity.listIdentifierSuppressions({ customer_id: target })
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "loyalty_card" }),
        ])
      )
      // The value is free again: a new contact with it is a new person.
      const [again] = (await upsert([{ identifiers: { loyalty_card: "m1" } }]))
        .results
      expect(again).toEqual(expect.objectContaining({ created: true }))
      expect(await cards(source)).toEqual([["M2", true]])
    })

    it("should answer 400 for a bulk request that is empty, too large or has a contact with nothing to match", async () => {
      const post = (body: unknown) =>
        failing(api.post(`${BASE}/contacts`, body, { headers }))
      expect(await post({ contacts: [] })).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: expect.stringContaining("'contacts' too small"),
        }),
      })
      expect(
        await post({
          contacts: Array.from({ length: 1001 }, (_, i) => ({
            email: `c${i}@example.com`,
          })),
        })
      ).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: expect.stringContaining(
            "'contacts' too big, expected at most: '1000'"
          ),
        }),
      })
      expect(await post({ contacts: [{ first_name: "Nobody" }] })).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: expect.stringContaining(
            "give at least one of email, phone or identifiers"
          ),
        }),
      })
    })
  })
}
