import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { CustomerIdentityEvents } from "../../../src/types/events"
import { acceptInviteWithLogin, createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutFixture,
  checkout,
  createCart,
  createCheckoutFixture,
  guestCheckout,
  prepareCartForCompletion,
  proveEmail,
  registerCustomer,
  requestEmailCode,
  storeHeaders,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"

const BASE = "/admin/customer-identity"

interface Person {
  first_name: string
  last_name: string
  /** The account's email. */
  email: string
  /** The email as typed at the guest checkout. */
  typed_email: string
  /** An email she claims and asks a code for, never confirmed. */
  work_email: string
  /** The email of an older record the admin merges into her account. */
  old_email: string
  phone: string
  phone_e164: string
  loyalty_card: string
  company_name: string
  group: string
}

const DEE: Person = {
  first_name: "Dee",
  last_name: "Lane",
  email: "dee@example.com",
  typed_email: "Dee@Example.com",
  work_email: "dee.work@example.com",
  old_email: "dee.old@example.com",
  phone: "+1 555 222 3344",
  phone_e164: "+15552223344",
  loyalty_card: "D-42",
  company_name: "Lane Bakery",
  group: "Bakers",
}
const OLA: Person = {
  first_name: "Ola",
  last_name: "Nordmann",
  email: "ola@example.com",
  typed_email: "OLA@example.com",
  work_email: "ola.work@example.com",
  old_email: "ola.old@example.com",
  phone: "+1 555 999 8877",
  phone_e164: "+15559998877",
  loyalty_card: "O-77",
  company_name: "Nordmann Fisk",
  group: "Fishmongers",
}
const PASSWORD = "supersecret"

const addressOf = (p: Person, address_1: string) => ({
  first_name: p.first_name,
  last_name: p.last_name,
  company: p.company_name,
  address_1,
  address_2: "Floor 2",
  city: "Springfield",
  province: "IL",
  postal_code: "62701",
  phone: p.phone,
  country_code: "us",
})

/** ISO 8601, as dates are in the JSON document. */
const iso = (date: Date | string | null | undefined) =>
  date ? new Date(date).toISOString() : null

const sortBy = <T>(rows: T[], key: (row: T) => string) =>
  [...rows].sort((a, b) => key(a).localeCompare(key(b)))

/** The export's lists in one order: the format promises none but for order contacts. */
const inOrder = (document: any) => ({
  ...document,
  customers: sortBy(document.customers, (c: any) => c.id).map((c: any) => ({
    ...c,
    addresses: sortBy(c.addresses, (a: any) => a.id),
    groups: sortBy(c.groups, (g: any) => g.id),
  })),
  emails: sortBy(document.emails, (e: any) => e.email),
  phones: sortBy(document.phones, (p: any) => p.phone_e164),
  identifiers: sortBy(document.identifiers, (i: any) => i.value),
  claims: sortBy(document.claims, (c: any) => c.value),
  orders: sortBy(document.orders, (o: any) => o.id),
  carts: sortBy(document.carts, (c: any) => c.id),
  merges: sortBy(document.merges, (m: any) => m.id),
  notifications: sortBy(document.notifications, (n: any) => n.id),
})

export default function dataRequests({
  api,
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let fixture: CheckoutFixture
  let headers: Record<string, string>

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    fixture = await createCheckoutFixture(container)
    ;({ headers } = await createAdminHeaders(container))
  })

  const recorded = (orderId: string) =>
    eventually(async () =>
      expect(
        await identity.listOrderContacts({ order_id: orderId })
      ).toHaveLength(1)
    )

  /**
   * A person with data of every kind, made as the storefront and the admin
   * make it: a guest order, then an account with the same email (the guest
   * is folded in, and she proves the email), a claimed work email with a
   * code sent, company, metadata and an address on the account and on the
   * guest, a customer group, a staff user sharing her login, an older
   * record the admin merges in, an order from the account and a cart left
   * at payment.
   */
  const person = async (p: Person) => {
    const contact = {
      email: p.typed_email,
      phone: p.phone,
      firstName: p.first_name,
      lastName: p.last_name,
    }
    const guest = await checkout(api, fixture, contact)
    await recorded(guest.order.id)
    const guestId = guest.order.customer_id as string
    const { customer: account, token } = await registerCustomer(api, fixture, {
      email: p.email,
      password: PASSWORD,
      first_name: p.first_name,
      last_name: p.last_name,
    })
    await eventually(async () =>
      expect(
        (await identity.listCustomerLinks({ customer_id: guestId }))[0]
          ?.canonical_customer_id
      ).toBe(account.id)
    )
    await proveEmail(api, fixture, container, token, p.email)
    const store = { headers: storeHeaders(fixture, token) }
    await api.post(
      "/store/customers/me/identity/emails",
      { email: p.work_email },
      store
    )
    await requestEmailCode(api, fixture, container, token, p.work_email)
    await api.post(
      "/store/customers/me",
      { company_name: p.company_name, metadata: { newsletter: "weekly" } },
      store
    )
    const {
      data: {
        customer: { addresses: accountAddresses },
      },
    } = await api.post(
      "/store/customers/me/addresses",
      {
        ...addressOf(p, "1 Home Street"),
        address_name: "Home",
        is_default_shipping: true,
        is_default_billing: true,
      },
      store
    )
    // What support noted on her guest record.
    await api.post(
      `/admin/customers/${guestId}`,
      { company_name: p.company_name, metadata: { note: "gift wrap" } },
      { headers }
    )
    const {
      data: {
        customer: { addresses: guestAddresses },
      },
    } = await api.post(
      `/admin/customers/${guestId}/addresses?fields=*addresses`,
      addressOf(p, "2 Shop Street"),
      { headers }
    )
    const {
      data: { customer_group: group },
    } = await api.post("/admin/customer-groups", { name: p.group }, { headers })
    await api.post(
      `/admin/customer-groups/${group.id}/customers`,
      { add: [account.id] },
      { headers }
    )
    const user = await acceptInviteWithLogin(api, headers, {
      email: p.email,
      password: PASSWORD,
      first_name: p.first_name,
      last_name: p.last_name,
    })
    await eventually(async () =>
      expect(
        (await identity.listCustomerLinks({ user_id: user.id }))[0]?.customer_id
      ).toBe(account.id)
    )
    const { data: older } = await api.post(
      `${BASE}/customers`,
      {
        first_name: p.first_name,
        last_name: p.last_name,
        email: p.old_email,
        identifiers: { loyalty_card: p.loyalty_card },
      },
      { headers }
    )
    const olderId = older.customer_identity.customer_id as string
    await api.post(
      `${BASE}/merges`,
      { source_customer_id: olderId, target_customer_id: account.id },
      { headers }
    )
    const own = await checkout(api, fixture, {
      ...contact,
      email: p.email,
      customerToken: token,
    })
    await recorded(own.order.id)
    const left = await createCart(api, fixture, {
      email: p.email.toUpperCase(),
    })
    await prepareCartForCompletion(api, fixture, left.id, contact)
    await settleSubscribers(container)
    return {
      accountId: account.id as string,
      guestId,
      olderId,
      orderIds: [guest.order.id, own.order.id] as string[],
      cartIds: [guest.cartId, own.cartId, left.id] as string[],
      groupId: group.id as string,
      addressIds: {
        account: accountAddresses[0].id as string,
        guest: guestAddresses[0].id as string,
      },
      user,
    }
  }

  /**
   * The export a person's data must give, built from what the test gave
   * (names, emails, phones, addresses, items) and, for ids and dates, what
   * it read back from the modules that made them.
   */
  const expectedExport = async (
    p: Person,
    made: Awaited<ReturnType<typeof person>>
  ) => {
    const { accountId, guestId, olderId, orderIds, cartIds } = made
    const customerIds = [accountId, guestId, olderId]
    const [
      [link],
      emails,
      phones,
      identifiers,
      claims,
      merges,
      customers,
      orders,
      carts,
      notifications,
    ] = await Promise.all([
      identity.listCustomerLinks({ customer_id: accountId }),
      identity.listCustomerEmails({ customer_id: accountId }),
      identity.listCustomerPhones({ customer_id: accountId }),
      identity.listCustomerIdentifiers({ customer_id: accountId }),
      identity.listCustomerClaims({ customer_id: accountId }),
      identity.listCustomerMerges({ target_customer_id: accountId }),
      container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: customerIds }, { select: ["id", "created_at"] }),
      container
        .resolve(Modules.ORDER)
        .listOrders(
          { id: orderIds },
          { select: ["id", "display_id", "created_at"] }
        ),
      container
        .resolve(Modules.CART)
        .listCarts(
          { id: cartIds },
          { select: ["id", "created_at", "completed_at"] }
        ),
      container
        .resolve(Modules.NOTIFICATION)
        .listNotifications(
          { to: [p.email, p.work_email] },
          { select: ["id", "to", "created_at"] }
        ),
    ])
    const createdAt = (rows: { id: string; created_at: Date | string }[]) =>
      new Map(rows.map((row) => [row.id, iso(row.created_at)]))
    const customerCreated = createdAt(customers as never)
    const order = new Map(orders.map((o) => [o.id, o]))
    const cart = new Map(carts.map((c) => [c.id, c]))
    const emailRow = new Map(emails.map((e) => [e.email_normalized, e]))
    const [guestOrderId, ownOrderId] = orderIds
    const [guestCartId, ownCartId, leftCartId] = cartIds
    // The checkout helper's address, with her name and phone.
    const orderAddress = {
      first_name: p.first_name,
      last_name: p.last_name,
      company: null,
      address_1: "1 Main Street",
      address_2: null,
      city: "New York",
      province: "NY",
      postal_code: "10001",
      phone: p.phone,
      country_code: "us",
    }
    const item = { title: "Checkout test shirt", quantity: 1 }
    const placed = (id: string) => iso(order.get(id)!.created_at)

    return inOrder({
      format: "medusa-customer-identity/export",
      version: 1,
      // The export's own timestamp: the one value the test did not make.
      exported_at: expect.any(String),
      customer_id: accountId,
      identity: {
        status: "active",
        source: "registration",
        has_account: true,
        order_count: 2,
        first_order_at: placed(guestOrderId),
        last_order_at: placed(ownOrderId),
        created_at: iso(link.created_at),
        erased_at: null,
      },
      customers: [
        {
          id: accountId,
          email: p.email,
          first_name: p.first_name,
          last_name: p.last_name,
          phone: null,
          company_name: p.company_name,
          has_account: true,
          metadata: { newsletter: "weekly" },
          created_at: customerCreated.get(accountId),
          addresses: [
            {
              id: made.addressIds.account,
              address_name: "Home",
              is_default_shipping: true,
              is_default_billing: true,
              ...addressOf(p, "1 Home Street"),
            },
          ],
          groups: [{ id: made.groupId, name: p.group }],
        },
        {
          // Core made the guest from the cart's email, lower-cased, without names.
          id: guestId,
          email: p.typed_email.toLowerCase(),
          first_name: null,
          last_name: null,
          phone: null,
          company_name: p.company_name,
          has_account: false,
          metadata: { note: "gift wrap" },
          created_at: customerCreated.get(guestId),
          addresses: [
            {
              id: made.addressIds.guest,
              address_name: null,
              is_default_shipping: false,
              is_default_billing: false,
              ...addressOf(p, "2 Shop Street"),
            },
          ],
          groups: [],
        },
        {
          id: olderId,
          email: p.old_email,
          first_name: p.first_name,
          last_name: p.last_name,
          phone: null,
          company_name: null,
          has_account: false,
          metadata: null,
          created_at: customerCreated.get(olderId),
          addresses: [],
          groups: [],
        },
      ],
      // Rows keep where they were first seen: her email at the guest checkout, the
      // older record's (its primary) when the admin made it. No type was given: "other".
      emails: [
        {
          email: p.email,
          type: "other",
          is_primary: true,
          source: "checkout",
          verified_at: iso(emailRow.get(p.email)?.verified_at),
          created_at: iso(emailRow.get(p.email)?.created_at),
        },
        {
          email: p.old_email,
          type: "primary",
          is_primary: false,
          source: "manual",
          verified_at: null,
          created_at: iso(emailRow.get(p.old_email)?.created_at),
        },
      ],
      phones: [
        {
          phone: p.phone,
          phone_e164: p.phone_e164,
          type: "other",
          is_primary: true,
          source: "order",
          verified_at: null,
          created_at: iso(phones[0]?.created_at),
        },
      ],
      identifiers: [
        {
          kind: "loyalty_card",
          value: p.loyalty_card,
          is_primary: true,
          source: "manual",
          created_at: iso(identifiers[0]?.created_at),
        },
      ],
      claims: [
        {
          kind: "email",
          value: p.work_email,
          type: "other",
          last_sent_at: iso(claims[0]?.last_sent_at),
          created_at: iso(claims[0]?.created_at),
        },
      ],
      order_contacts: [
        {
          order_id: guestOrderId,
          // The order's customer: her proof moved the guest order to her account.
          customer_id: accountId,
          email: p.typed_email,
          phone: p.phone,
          recipient_phone: null,
          first_name: p.first_name,
          last_name: p.last_name,
          matched_by: "created",
          placed_at: placed(guestOrderId),
          canceled_at: null,
        },
        {
          order_id: ownOrderId,
          customer_id: accountId,
          email: p.email,
          phone: p.phone,
          recipient_phone: null,
          first_name: p.first_name,
          last_name: p.last_name,
          matched_by: "account",
          placed_at: placed(ownOrderId),
          canceled_at: null,
        },
      ],
      orders: [
        [guestOrderId, p.typed_email],
        [ownOrderId, p.email],
      ].map(([id, email]) => ({
        id,
        display_id: order.get(id)!.display_id,
        status: "pending",
        created_at: placed(id),
        canceled_at: null,
        email,
        currency_code: "usd",
        // The fixture's shirt (20) and flat-rate shipping (5).
        total: 25,
        // Her proof of the email took the guest order into her account.
        customer_id: accountId,
        items: [item],
        shipping_address: orderAddress,
        billing_address: orderAddress,
      })),
      carts: [
        [guestCartId, p.typed_email, guestId],
        [ownCartId, p.email, accountId],
        [leftCartId, p.email.toUpperCase(), guestId],
      ].map(([id, email, customerId]) => ({
        id,
        email,
        customer_id: customerId,
        currency_code: "usd",
        created_at: iso(cart.get(id)!.created_at),
        completed_at: iso(cart.get(id)!.completed_at),
        items: [item],
        shipping_address: orderAddress,
        billing_address: orderAddress,
      })),
      merges: [
        [guestId, "account_email"],
        [olderId, "admin"],
      ].map(([sourceId, evidence]) => {
        const merge = merges.find((m) => m.source_customer_id === sourceId)!
        return {
          id: merge.id,
          source_customer_id: sourceId,
          target_customer_id: accountId,
          evidence,
          status: "merged",
          proven_at: iso(merge.proven_at),
          created_at: iso(merge.created_at),
          reverted_at: null,
        }
      }),
      user: {
        id: made.user.id,
        email: p.email,
        first_name: p.first_name,
        last_name: p.last_name,
      },
      // The code she proved her email with, and the one sent to the claimed address.
      notifications: [p.email, p.work_email].map((to) => {
        const sent = notifications.find((n) => n.to === to)!
        return {
          id: sent.id,
          to,
          channel: "email",
          template: "customer-identity-verification",
          status: "success",
          created_at: iso(sent.created_at),
        }
      }),
    })
  }

  describe("GET /admin/customer-identity/customers/:customer_id/export", () => {
    it("should hold everything about the person across the identity, and nobody else's", async () => {
      const dee = await person(DEE)
      const ola = await person(OLA)
      const expected = await expectedExport(DEE, dee)
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")

      const {
        status,
        data,
        headers: responseHeaders,
      } = await api.get(`${BASE}/customers/${dee.guestId}/export`, {
        headers,
      })

      expect(status).toBe(200)
      expect(responseHeaders["content-disposition"]).toBe(
        `attachment; filename="customer-${dee.accountId}.json"`
      )
      expect(inOrder(data)).toEqual(expected)
      // The proof and the merge are the journal's, with their dates.
      expect(
        data.merges.map((m: any) => [m.source_customer_id, !!m.proven_at])
      ).toEqual(
        expect.arrayContaining([
          [dee.guestId, true],
          [dee.olderId, false],
        ])
      )
      // Nobody else's data: none of Ola's ids, emails or phones, and no code.
      const text = JSON.stringify(data).toLowerCase()
      const olas = [
        ola.accountId,
        ola.guestId,
        ola.olderId,
        ...ola.orderIds,
        ...ola.cartIds,
        ola.groupId,
        ola.addressIds.account,
        ola.addressIds.guest,
        ola.user.id,
        ...(
          await identity.listCustomerMerges({
            target_customer_id: ola.accountId,
          })
        ).map((m) => m.id),
        ...(
          await container
            .resolve(Modules.NOTIFICATION)
            .listNotifications({ to: [OLA.email, OLA.work_email] })
        ).map((n) => n.id),
        OLA.email,
        OLA.work_email,
        OLA.old_email,
        OLA.phone,
        OLA.phone_e164,
        OLA.phone_e164.replace("+", ""),
        OLA.loyalty_card,
      ]
      expect(
        olas.filter((value) => text.includes(value.toLowerCase()))
      ).toEqual([])
      expect(text).not.toMatch(/code_hash|"code"/)
      const events = emit.mock.calls.flatMap(([e]) =>
        Array.isArray(e) ? e : [e]
      )
      expect(events).toContainEqual(
        expect.objectContaining({
          name: CustomerIdentityEvents.DATA_EXPORTED,
          data: { id: dee.accountId, requested_by: expect.any(String) },
        })
      )
    })

    it("should answer 404 for a customer without an identity", async () => {
      const { status, data } = await api.get(
        `${BASE}/customers/cus_unknown/export`,
        {
          headers,
          validateStatus: () => true,
        }
      )
      expect([status, data.message]).toEqual([
        404,
        "Customer cus_unknown has no identity",
      ])
    })
  })

  describe("POST /admin/customer-identity/data-requests", () => {
    const request = (body: unknown) =>
      api.post(`${BASE}/data-requests`, body, {
        headers,
        validateStatus: () => true,
      })

    it("should export and erase a guest known only by email, as find-or-create resolves it", async () => {
      const order = await guestCheckout(api, fixture, {
        email: "gus@example.com",
        phone: "+1 555 444 5566",
        firstName: "Gus",
        lastName: "Guest",
      })
      await recorded(order.id)
      const guestId = order.customer_id as string

      const exported = await request({
        kind: "export",
        email: " GUS@example.com ",
      })
      expect(exported.status).toBe(200)
      expect(exported.data.data_request).toEqual(
        expect.objectContaining({
          kind: "export",
          customer_id: guestId,
          erased: null,
        })
      )
      expect(exported.data.data_request.export.order_contacts).toEqual([
        expect.objectContaining({ order_id: order.id }),
      ])

      const byPhone = await request({
        kind: "export",
        phone: "(555) 444-5566",
        country_code: "us",
      })
      expect(byPhone.data.data_request.customer_id).toBe(guestId)

      const erased = await request({
        kind: "erase",
        email: "gus@example.com",
        confirm: true,
      })
      expect(erased.status).toBe(200)
      expect(erased.data.data_request).toEqual({
        kind: "erase",
        customer_id: guestId,
        export: null,
        erased: {
          customer_ids: [guestId],
          unfolded_customer_ids: [],
          erased_at: expect.any(String),
        },
      })
      const [link] = await identity.listCustomerLinks({
        customer_id: guestId,
      })
      expect(link.erased_at).toEqual(expect.any(Date))
      // Erased: the email leads nowhere any more.
      const again = await request({
        kind: "export",
        email: "gus@example.com",
      })
      expect([again.status, again.data.message]).toEqual([
        404,
        "No customer holds this email or phone",
      ])
    })

    it("should answer 400 naming what is wrong, and create nothing", async () => {
      const before = await identity.listCustomerLinks({})
      for (const [body, message] of [
        [{ kind: "export" }, "Give the person's email or phone"],
        [{ kind: "erase", email: "a@example.com" }, "confirm must be true"],
        [{ kind: "forget", email: "a@example.com" }, "kind"],
        [{ kind: "export", email: "a@example.com", extra: 1 }, "extra"],
        [{ kind: "export", phone: "12" }, "phone"],
      ] as const) {
        const { status, data } = await request(body)
        expect([status, data.message]).toEqual([
          400,
          expect.stringContaining(message),
        ])
      }
      const unknown = await request({
        kind: "export",
        email: "nobody@example.com",
      })
      expect(unknown.status).toBe(404)
      expect(await identity.listCustomerLinks({})).toEqual(before)
    })
  })
}
