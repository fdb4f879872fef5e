import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { CustomerIdentityEvents } from "../../../src/types/events"
import { createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutFixture,
  createCart,
  createCheckoutFixture,
  guestCheckout,
  proveEmail,
  registerCustomer,
  storeHeaders,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"

const BASE = "/admin/customer-identity"

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
   * Dee: a guest order, then an account with her email (proven: the guest
   * is hers), a pending claim of a work email, an older customer record the
   * admin merged into her account, and an open cart. Ola orders beside her.
   */
  const dee = async () => {
    const guestOrder = await guestCheckout(api, fixture, {
      email: "Dee@Example.com",
      phone: "+1 555 222 3344",
      firstName: "Dee",
      lastName: "Lane",
    })
    const other = await guestCheckout(api, fixture, {
      email: "ola@example.com",
      phone: "+1 555 999 8877",
      firstName: "Ola",
      lastName: "Nordmann",
    })
    await recorded(guestOrder.id)
    await recorded(other.id)
    const { customer: account, token } = await registerCustomer(api, fixture, {
      email: "dee@example.com",
      password: "supersecret",
      first_name: "Dee",
      last_name: "Lane",
    })
    await eventually(async () =>
      expect(
        (
          await identity.listCustomerLinks({
            customer_id: guestOrder.customer_id,
          })
        )[0]?.canonical_customer_id
      ).toBe(account.id)
    )
    await proveEmail(api, fixture, container, token, "dee@example.com")
    await api.post(
      "/store/customers/me/identity/emails",
      { email: "dee.work@example.com" },
      { headers: storeHeaders(fixture, token) }
    )
    const { data: older } = await api.post(
      `${BASE}/customers`,
      {
        first_name: "Dee",
        last_name: "Lane",
        email: "dee.old@example.com",
        identifiers: { loyalty_card: "D-42" },
      },
      { headers }
    )
    const olderId = older.customer_identity.customer_id
    await api.post(
      `${BASE}/merges`,
      { source_customer_id: olderId, target_customer_id: account.id },
      { headers }
    )
    const cart = await createCart(api, fixture, { email: "DEE@example.com" })
    await settleSubscribers(container)
    return {
      accountId: account.id,
      guestId: guestOrder.customer_id as string,
      olderId,
      orderId: guestOrder.id,
      cartId: cart.id,
    }
  }

  describe("GET /admin/customer-identity/customers/:customer_id/export", () => {
    it("should hold everything about the person across the identity, and nobody else's", async () => {
      const { accountId, guestId, olderId, orderId, cartId } = await dee()
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")

      const {
        status,
        data,
        headers: responseHeaders,
      } = await api.get(`${BASE}/customers/${guestId}/export`, { headers })

      expect(status).toBe(200)
      expect(responseHeaders["content-disposition"]).toBe(
        `attachment; filename="customer-${accountId}.json"`
      )
      expect(data).toEqual(
        expect.objectContaining({
          format: "medusa-customer-identity/export",
          version: 1,
          customer_id: accountId,
          identity: expect.objectContaining({
            status: "active",
            has_account: true,
            order_count: 1,
          }),
        })
      )
      expect(data.customers.map((c: any) => c.id).sort()).toEqual(
        [accountId, guestId, olderId].sort()
      )
      // Core made the guest customer from the cart's email, lower-cased, without names.
      expect(data.customers.find((c: any) => c.id === guestId)).toEqual({
        id: guestId,
        email: "dee@example.com",
        first_name: null,
        last_name: null,
        phone: null,
        company_name: null,
        has_account: false,
        metadata: null,
        created_at: expect.any(String),
        addresses: [],
        groups: [],
      })
      expect(
        data.emails
          .map((e: any) => [e.email.toLowerCase(), !!e.verified_at])
          .sort()
      ).toEqual([
        ["dee.old@example.com", false],
        ["dee@example.com", true],
      ])
      expect(data.phones).toEqual([
        expect.objectContaining({ phone_e164: "+15552223344" }),
      ])
      expect(data.identifiers).toEqual([
        expect.objectContaining({
          kind: "loyalty_card",
          value: "D-42",
          source: "manual",
        }),
      ])
      expect(data.claims).toEqual([
        expect.objectContaining({
          kind: "email",
          value: "dee.work@example.com",
        }),
      ])
      expect(data.order_contacts).toEqual([
        expect.objectContaining({
          order_id: orderId,
          email: "Dee@Example.com",
          first_name: "Dee",
          last_name: "Lane",
        }),
      ])
      expect(data.orders).toEqual([
        expect.objectContaining({
          id: orderId,
          email: "Dee@Example.com",
          items: [
            expect.objectContaining({
              title: "Checkout test shirt",
              quantity: 1,
            }),
          ],
          billing_address: expect.objectContaining({
            first_name: "Dee",
            last_name: "Lane",
          }),
        }),
      ])
      expect(data.carts.map((c: any) => c.id)).toContain(cartId)
      expect(
        data.merges
          .map((m: any) => [m.source_customer_id, m.evidence, !!m.proven_at])
          .sort()
      ).toEqual(
        [
          [guestId, "account_email", true],
          [olderId, "admin", false],
        ].sort()
      )
      expect(data.user).toBeNull()
      expect(data.notifications).toEqual([
        expect.objectContaining({
          to: "dee@example.com",
          template: "customer-identity-verification",
        }),
      ])
      // Nobody else's data, and no code or hash.
      const text = JSON.stringify(data)
      expect(text).not.toMatch(/ola@example\.com|Nordmann|5559998877/)
      expect(text).not.toMatch(/code_hash|"code"/)
      const events = emit.mock.calls.flatMap(([e]) =>
        Array.isArray(e) ? e : [e]
      )
      expect(events).toContainEqual(
        expect.objectContaining({
          name: CustomerIdentityEvents.DATA_EXPORTED,
          data: { id: accountId, requested_by: expect.any(String) },
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
