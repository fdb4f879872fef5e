import { ConfigModule, MedusaContainer } from "@medusajs/framework/types"
import {
  AuthWorkflowEvents,
  ContainerRegistrationKeys,
  Modules,
} from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { recordOrderContactWorkflow } from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutContact,
  CheckoutFixture,
  createCheckoutFixture,
  guestCheckout,
  registerCustomer,
  storeHeaders,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"
import { recordEvents } from "../../helpers/events"
import { settleSubscribers } from "../../helpers/settle"
import { failing } from "../../helpers/store-identity"
import { tableSnapshot } from "../../helpers/tables"

const PHONE = "+1 (555) 010-0101"
const PHONE_E164 = "+15550100101"
const ana = { firstName: "Ana", lastName: "Silva" }

// The evidence rules on storefront checkouts, as a storefront sends them:
// core makes a guest customer for every new email before any subscriber runs.
export default function evidence({ api, getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let fixture: CheckoutFixture

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    fixture = await createCheckoutFixture(container)
  })

  afterEach(async () => {
    jest.restoreAllMocks()
    await settleSubscribers(container)
  })

  /** Checks out and waits for the order's contact. */
  const checkout = async (contact: CheckoutContact) => {
    const order = await guestCheckout(api, fixture, contact)
    return await eventually(async () => {
      const [recorded] = await identity.listOrderContacts({
        order_id: order.id,
      })
      expect(recorded).toBeTruthy()
      return recorded
    })
  }

  const canonicalOf = async (customerId: string) =>
    (await identity.retrieveCustomerLinkByCustomerId(customerId))
      .canonical_customer_id

  const duplicates = async () => {
    const { headers } = await createAdminHeaders(container)
    const { data } = await api.get("/admin/customer-identity/duplicates", {
      headers,
    })
    return data.duplicates
  }

  const suggestPhones = async () => {
    const options = await identity.getOptions()
    jest
      .spyOn(identity, "getOptions")
      .mockResolvedValue({ ...options, phoneMatch: "suggest" })
  }

  describe("a new email with a known phone", () => {
    it("should be one identity when the names agree: the order matched by phone, the new email secondary", async () => {
      const first = await checkout({
        email: "ana@example.com",
        phone: PHONE,
        ...ana,
      })
      const second = await checkout({
        email: "ana.work@example.com",
        phone: "555-010-0101",
        firstName: "ANA",
        lastName: "silva",
      })

      expect(first).toEqual(
        expect.objectContaining({ matched_by: "created", first_name: "Ana" })
      )
      expect(second).toEqual(
        expect.objectContaining({
          matched_by: "phone",
          canonical_customer_id: first.canonical_customer_id,
          phone: "555-010-0101",
          recipient_phone: null,
          first_name: "ANA",
          last_name: "silva",
        })
      )
      const canonical = first.canonical_customer_id
      expect(await canonicalOf(second.customer_id!)).toBe(canonical)
      const emails = await identity.listCustomerEmails(
        { customer_id: canonical },
        { order: { email_normalized: "ASC" } }
      )
      expect(
        emails.map(({ email_normalized, is_primary }) => [
          email_normalized,
          is_primary,
        ])
      ).toEqual([
        ["ana.work@example.com", false],
        ["ana@example.com", true],
      ])
      // Taken in on the phone's word: nobody has proven it yet. (Its source
      // reads "checkout", the guest core made for it, not the "order".)
      expect(emails[0].verified_at).toBeNull()
      await eventually(async () =>
        expect(
          (await identity.retrieveCustomerLinkByCustomerId(canonical))
            .order_count
        ).toBe(2)
      )
      // Recorded as a fold on a phone: unproven, so an erasure would undo it.
      expect(
        await identity.listCustomerMerges({ target_customer_id: canonical })
      ).toEqual([
        expect.objectContaining({
          source_customer_id: second.customer_id,
          evidence: "phone",
          proven_at: null,
          status: "merged",
        }),
      ])

      // The same order.placed again changes nothing.
      await settleSubscribers(container)
      const before = await tableSnapshot(container)
      await recordOrderContactWorkflow(container).run({
        input: { order_id: second.order_id },
      })
      expect(await tableSnapshot(container)).toEqual(before)
    })

    it("should stay two identities under phoneMatch suggest, suggested as a duplicate pair", async () => {
      const first = await checkout({
        email: "ana@example.com",
        phone: PHONE,
        ...ana,
      })
      await suggestPhones()
      const second = await checkout({
        email: "ana.work@example.com",
        phone: PHONE,
        ...ana,
      })

      expect(second.matched_by).toBe("created")
      expect(second.canonical_customer_id).not.toBe(first.canonical_customer_id)
      expect(await duplicates()).toEqual([
        expect.objectContaining({
          reasons: expect.arrayContaining([
            { kind: "shared_phone", detail: PHONE_E164 },
          ]),
        }),
      ])
    })

    it("should keep a household apart (same phone, another first name), suggested as a duplicate pair", async () => {
      const first = await checkout({
        email: "ana@example.com",
        phone: PHONE,
        ...ana,
      })
      const second = await checkout({
        email: "rui@example.com",
        phone: PHONE,
        firstName: "Rui",
        lastName: "Silva",
      })

      expect(second.matched_by).toBe("created")
      expect(second.canonical_customer_id).not.toBe(first.canonical_customer_id)
      const [pair] = await duplicates()
      expect([pair.customer_a.id, pair.customer_b.id].sort()).toEqual(
        [first.canonical_customer_id, second.canonical_customer_id].sort()
      )
      // Told apart from one person's two emails: the names are two people's.
      expect(pair.reasons).toContainEqual({
        kind: "same_phone_different_name",
        detail: PHONE_E164,
      })
      expect(pair.reasons).not.toContainEqual(
        expect.objectContaining({ kind: "shared_phone" })
      )
    })

    it("should fold the guest owning the phone into an account that orders with it under the same name", async () => {
      const guest = await checkout({
        email: "ana.old@example.com",
        phone: PHONE,
        ...ana,
      })
      const { customer, token } = await registerCustomer(api, fixture, {
        email: "ana@example.com",
        password: "secret-password",
        first_name: "Ana",
        last_name: "Silva",
      })
      const order = await checkout({
        email: "ana@example.com",
        phone: PHONE,
        ...ana,
        customerToken: token,
      })

      expect(order).toEqual(
        expect.objectContaining({
          customer_id: customer.id,
          canonical_customer_id: customer.id,
          matched_by: "account",
        })
      )
      expect(await canonicalOf(guest.customer_id!)).toBe(customer.id)
    })
  })

  /** Registers a shopper who proves a phone with the code sent to it. */
  const proveFromNewAccount = async (email: string, phone: string) => {
    const { customer, token } = await registerCustomer(api, fixture, {
      email,
      password: "secret-password",
    })
    const headers = storeHeaders(fixture, token)
    const base = "/store/customers/me/identity/phones"
    const { data } = await api.post(base, { phone }, { headers })
    const [claim] = data.customer_identity.phones
    await api.post(`${base}/${claim.id}/verification`, {}, { headers })
    const [notification] = await container
      .resolve(Modules.NOTIFICATION)
      .listNotifications({ to: PHONE_E164 })
    await api.post(
      `${base}/${claim.id}/verification/confirm`,
      { code: notification.data!.code },
      { headers }
    )
    const { data: orders } = await api.get("/store/orders", { headers })
    return { customer, orders: orders.orders as { id: string }[] }
  }

  describe("a proven phone's reach (claimWindowDays)", () => {
    it("should take the guest orders placed with it within the window and leave older ones", async () => {
      const old = await checkout({
        email: "ana.old@example.com",
        phone: PHONE,
        ...ana,
      })
      const recent = await checkout({
        email: "ana.old@example.com",
        phone: PHONE,
        ...ana,
      })
      // As if the first order had been placed 400 days ago (the window is 365).
      await container
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw(
          `UPDATE customer_identity_order_contact SET placed_at = now() - interval '400 days' WHERE order_id = ?`,
          [old.order_id]
        )

      const { orders } = await proveFromNewAccount("ana@example.com", PHONE)

      expect(orders.map((order) => order.id)).toEqual([recent.order_id])
      const [kept] = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: old.order_id }, { select: ["customer_id"] })
      expect(kept.customer_id).toBe(old.customer_id)
    })
  })

  describe("Medusa's own email verification as proof", () => {
    // The test app runs without Medusa's verification, as most stores do and
    // as every other test's login expects. Medusa reads the setting at each
    // login (@medusajs/medusa/dist/api/auth/utils/validate-verification.js
    // resolves the config module per request), so these tests turn it on for
    // their own requests and put it back after.
    let http: ConfigModule["projectConfig"]["http"]
    let configured: typeof http.authVerificationsPerActor

    beforeEach(() => {
      http = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
        .projectConfig.http
      configured = http.authVerificationsPerActor
      http.authVerificationsPerActor = {
        customer: [{ entity_type: "email", auth_provider: "emailpass" }],
      }
    })

    afterEach(() => {
      http.authVerificationsPerActor = configured
    })

    /**
     * Registers a shopper and verifies `addresses` through Medusa's auth
     * routes, as a storefront does: the login answers `verification_required`
     * with a token that has no customer yet; the code reaches the shopper by
     * the merchant's subscriber to `auth.verification_requested` (read here
     * from the event); after confirming, the storefront refreshes its token.
     * Returns the shopper's orders on the first store request after that.
     */
    const verifyWithMedusa = async (login: string, addresses: string[]) => {
      const password = "secret-password"
      const { customer } = await registerCustomer(api, fixture, {
        email: login,
        password,
      })
      const { data: loggedIn } = await api.post("/auth/customer/emailpass", {
        email: login,
        password,
      })
      expect(loggedIn.verification_required).toBe(true)
      const unverified = { authorization: `Bearer ${loggedIn.token}` }
      // Not a customer's token until the login email is verified.
      const refused = await failing(
        api.get("/store/orders", {
          headers: { ...storeHeaders(fixture), ...unverified },
        })
      )
      expect(refused.status).toBe(401)

      const events = recordEvents(container)
      for (const address of addresses) {
        await api.post(
          "/auth/verification/request",
          { entity_id: address, entity_type: "email" },
          { headers: unverified }
        )
        const [requested] = events
          .named(AuthWorkflowEvents.VERIFICATION_REQUESTED)
          .filter((event) => event.data.entity_id === address)
        await api.post(
          "/auth/verification/confirm",
          { code: requested.data.code },
          { headers: unverified }
        )
      }
      const { data: refreshed } = await api.post(
        "/auth/token/refresh",
        {},
        { headers: unverified }
      )
      const { data } = await api.get("/store/orders", {
        headers: storeHeaders(fixture, refreshed.token),
      })
      return {
        customer,
        orders: data.orders as { id: string }[],
        claimed: events.named("customer_identity.orders_claimed"),
      }
    }

    it("should show the guest orders in the shopper's GET /store/orders on the first request after confirming the login email", async () => {
      const guest = await checkout({ email: "ana@example.com", ...ana })

      const { customer, orders, claimed } = await verifyWithMedusa(
        "ana@example.com",
        ["ana@example.com"]
      )

      expect(orders.map((order) => order.id)).toEqual([guest.order_id])
      const [email] = await identity.listCustomerEmails({
        email_normalized: "ana@example.com",
      })
      expect(email).toEqual(
        expect.objectContaining({
          customer_id: customer.id,
          verified_at: expect.any(Date),
        })
      )
      expect(claimed).toEqual([
        expect.objectContaining({
          data: {
            id: customer.id,
            order_ids: [guest.order_id],
            from_customer_ids: [guest.customer_id],
          },
        }),
      ])
    })

    it("should take nothing for an address other than the shopper's own login", async () => {
      const victim = await checkout({
        email: "victim@example.com",
        firstName: "Vera",
        lastName: "Lima",
      })

      // Medusa lets an auth identity verify any address; only its login counts.
      const { orders, claimed } = await verifyWithMedusa("ana@example.com", [
        "ana@example.com",
        "victim@example.com",
      ])

      expect(orders).toEqual([])
      expect(claimed).toEqual([])
      const [order] = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: victim.order_id }, { select: ["customer_id"] })
      expect(order.customer_id).toBe(victim.customer_id)
    })
  })

  describe("a gift: the recipient's name and phone on the shipping address", () => {
    it("should keep the recipient's phone apart: it links nothing and a proof of it takes nothing", async () => {
      const gift = await checkout({
        email: "ana@example.com",
        ...ana,
        shipping: { firstName: "Rui", lastName: "Costa", phone: PHONE },
      })
      expect(gift).toEqual(
        expect.objectContaining({
          matched_by: "created",
          phone: null,
          recipient_phone: PHONE,
          first_name: "Ana",
          last_name: "Silva",
        })
      )
      expect(
        await identity.listCustomerPhones({ phone_e164: PHONE_E164 })
      ).toEqual([])

      // The recipient proves the phone from an account of his own.
      const { customer, orders } = await proveFromNewAccount(
        "rui@example.com",
        PHONE
      )

      expect(orders).toEqual([])
      const [order] = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: gift.order_id }, { select: ["customer_id"] })
      expect(order.customer_id).toBe(gift.customer_id)
      expect(await canonicalOf(gift.customer_id!)).toBe(gift.customer_id)
      expect(await canonicalOf(customer.id)).toBe(customer.id)
    })
  })
}
