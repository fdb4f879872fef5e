import { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  createUsersWorkflow,
  updateCustomersWorkflow,
} from "@medusajs/medusa/core-flows"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import reconcileCustomerIdentitiesJob from "../../../src/jobs/reconcile-customer-identities"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  CustomerIdentityStatus,
} from "../../../src/types/constants"
import {
  foldCustomersStepId,
  indexCustomerWorkflow,
  linkUserToCustomerWorkflow,
  recordOrderContactWorkflow,
  recomputeOrderStatsStepId,
  updateCustomerIdentityStatusWorkflow,
  upsertOrderContactStepId,
} from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutFixture,
  createCheckoutFixture,
  guestCheckout,
  registerCustomer,
} from "../../helpers/checkout"
import { CustomerIdentityEvents } from "../../../src/types/events"
import { recordEvents } from "../../helpers/events"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import { tableSnapshot as tableSnapshotOf } from "../../helpers/tables"

export default function identityResolution({
  api,
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let fixture: CheckoutFixture

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    fixture = await createCheckoutFixture(container)
  })

  const linkOf = async (customerId: string) => {
    const [link] = await identity.listCustomerLinks({
      customer_id: customerId,
    })
    return link
  }

  const contactOf = async (orderId: string) => {
    const [contact] = await identity.listOrderContacts({ order_id: orderId })
    if (!contact) {
      throw new Error(`no order contact yet for ${orderId}`)
    }
    return contact
  }

  const tableSnapshot = () => tableSnapshotOf(container)

  /** Two guest checkouts of one person, as the storefront sends them. */
  const checkOutTwiceAsGuest = async () => {
    const first = await guestCheckout(api, fixture, {
      email: "John@Example.com",
      phone: "+1 (555) 123-4567",
    })
    const second = await guestCheckout(api, fixture, {
      email: "john@example.com",
      phone: "555-123-4567",
    })
    const contacts = await eventually(async () => [
      await contactOf(first.id),
      await contactOf(second.id),
    ])
    // Both orders.placed handled: the stats are settled.
    await eventually(async () =>
      expect(
        (await linkOf(contacts[0].canonical_customer_id)).order_count
      ).toBe(2)
    )
    return { first, second, contacts }
  }

  describe("guest checkouts", () => {
    it("should make one identity with two order contacts out of two checkouts of one person", async () => {
      const { first, second, contacts } = await checkOutTwiceAsGuest()

      expect(contacts).toEqual([
        expect.objectContaining({
          order_id: first.id,
          email: "John@Example.com",
          phone: "+1 (555) 123-4567",
          matched_by: "created",
        }),
        expect.objectContaining({
          order_id: second.id,
          email: "john@example.com",
          phone: "555-123-4567",
          matched_by: "email",
        }),
      ])
      const canonical = contacts[0].canonical_customer_id
      expect(contacts[1].canonical_customer_id).toBe(canonical)
      await eventually(async () =>
        expect(await linkOf(canonical)).toEqual(
          expect.objectContaining({
            order_count: 2,
            first_order_at: new Date(first.created_at),
            last_order_at: new Date(second.created_at),
          })
        )
      )
      expect(
        await identity.listCustomerPhones({ customer_id: canonical })
      ).toEqual([expect.objectContaining({ phone_e164: "+15551234567" })])

      const { headers } = await createAdminHeaders(container)
      const response = await api.get(
        `/admin/customer-identity/customers/${canonical}`,
        { headers }
      )
      expect(response.data.customer_identity).toEqual(
        expect.objectContaining({
          order_count: 2,
          emails: [
            expect.objectContaining({ email_normalized: "john@example.com" }),
          ],
        })
      )
    })

    it("should announce a returning guest's order as every order is announced", async () => {
      const events = recordEvents(container)
      try {
        const { second, contacts } = await checkOutTwiceAsGuest()
        const canonical = contacts[1].canonical_customer_id

        await eventually(async () => {
          expect(events.named(CustomerIdentityEvents.ORDER_LINKED)).toEqual(
            expect.arrayContaining([
              expect.objectContaining({
                data: { id: canonical, order_id: second.id },
              }),
            ])
          )
        })
      } finally {
        jest.restoreAllMocks()
      }
    })

    it("should fold the guest identity into the account registered with its email", async () => {
      const { contacts } = await checkOutTwiceAsGuest()
      const guestId = contacts[0].canonical_customer_id

      const { customer: account } = await registerCustomer(api, fixture, {
        email: "JOHN@example.com",
        password: "supersecret",
        first_name: "John",
      })

      await eventually(async () =>
        expect(await linkOf(guestId)).toEqual(
          expect.objectContaining({ canonical_customer_id: account.id })
        )
      )
      expect(await linkOf(account.id)).toEqual(
        expect.objectContaining({
          canonical_customer_id: account.id,
          order_count: 2,
        })
      )
      const emails = await identity.listCustomerEmails({
        email_normalized: "john@example.com",
      })
      expect(emails.map((e) => e.customer_id)).toEqual([account.id])
      const phones = await identity.listCustomerPhones({
        phone_e164: "+15551234567",
      })
      expect(phones.map((p) => p.customer_id)).toEqual([account.id])
      for (const contact of contacts) {
        expect(await contactOf(contact.order_id)).toEqual(
          expect.objectContaining({ canonical_customer_id: account.id })
        )
      }
      // Core rows are never touched: the orders stay the guest's until claimed.
      const orders = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: contacts.map((c) => c.order_id) })
      expect(orders.map((o) => o.customer_id)).toEqual([guestId, guestId])
    })

    it("should fold a later guest into the registered account that owns its email", async () => {
      const { customer: account, token } = await registerCustomer(
        api,
        fixture,
        { email: "ada@example.com", password: "supersecret" }
      )
      await eventually(async () =>
        expect(await linkOf(account.id)).toBeTruthy()
      )
      void token

      const order = await guestCheckout(api, fixture, {
        email: "Ada@Example.com",
      })
      const contact = await eventually(() => contactOf(order.id))
      expect(contact.canonical_customer_id).toBe(account.id)
      await eventually(async () =>
        expect(await linkOf(account.id)).toEqual(
          expect.objectContaining({ order_count: 1 })
        )
      )
    })

    it("should not count an order twice when order.placed is delivered again", async () => {
      const { contacts } = await checkOutTwiceAsGuest()
      const canonical = contacts[0].canonical_customer_id
      const before = await tableSnapshot()

      const eventBus = container.resolve(Modules.EVENT_BUS)
      await eventBus.emit({
        name: "order.placed",
        data: { id: contacts[0].order_id },
      })
      await recordOrderContactWorkflow(container).run({
        input: { order_id: contacts[0].order_id },
      })

      const after = await tableSnapshot()
      expect(after).toEqual(before)
    })

    it("should stop counting a canceled order, whatever order the events come in", async () => {
      const { contacts } = await checkOutTwiceAsGuest()
      const canonical = contacts[0].canonical_customer_id

      await cancelOrderWorkflow(container).run({
        input: { order_id: contacts[1].order_id },
      })
      await eventually(async () =>
        expect(await contactOf(contacts[1].order_id)).toEqual(
          expect.objectContaining({ canceled_at: expect.any(Date) })
        )
      )
      await eventually(async () =>
        expect((await linkOf(canonical)).order_count).toBe(1)
      )
      // A late order.placed for the canceled order changes nothing.
      await recordOrderContactWorkflow(container).run({
        input: { order_id: contacts[1].order_id },
      })
      expect(await linkOf(canonical)).toEqual(
        expect.objectContaining({
          order_count: 1,
          last_order_at: contacts[0].placed_at,
        })
      )
    })

    it("should follow an order transferred to another customer when the reconcile job runs", async () => {
      const { contacts } = await checkOutTwiceAsGuest()
      const guestId = contacts[0].canonical_customer_id
      const other = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "other@example.com", has_account: true })
      await eventually(async () => expect(await linkOf(other.id)).toBeTruthy())

      await container
        .resolve(Modules.ORDER)
        .updateOrders(contacts[1].order_id, { customer_id: other.id })
      await reconcileCustomerIdentitiesJob(container)

      expect(await contactOf(contacts[1].order_id)).toEqual(
        expect.objectContaining({
          customer_id: other.id,
          canonical_customer_id: other.id,
        })
      )
      expect((await linkOf(guestId)).order_count).toBe(1)
      expect((await linkOf(other.id)).order_count).toBe(1)
    })
  })

  describe("GET /store/customers/me/identity", () => {
    it("should show the shopper its own email, never the phone or orders of a guest folded into it", async () => {
      const { contacts } = await checkOutTwiceAsGuest()
      const guestId = contacts[0].canonical_customer_id
      // The guest's loyalty card (a kind the shopper may see) is the guest's, not the account's.
      await identity.createCustomerIdentifiers({
        customer_id: guestId,
        kind: "loyalty_card",
        value: "GUEST-1",
      })
      const { customer: account, token } = await registerCustomer(
        api,
        fixture,
        { email: "john@example.com", password: "supersecret" }
      )
      await eventually(async () =>
        expect((await linkOf(guestId)).canonical_customer_id).toBe(account.id)
      )
      await identity.createCustomerIdentifiers({
        customer_id: account.id,
        kind: "loyalty_card",
        value: "own-1",
      })

      const { data } = await api.get("/store/customers/me/identity", {
        headers: {
          authorization: `Bearer ${token}`,
          "x-publishable-api-key": fixture.publishableKey,
        },
      })

      expect(data.customer_identity).toEqual({
        customer_id: account.id,
        status: "active",
        emails: [
          expect.objectContaining({
            email: "john@example.com",
            is_primary: true,
            verified_at: null,
          }),
        ],
        phones: [],
        identifiers: [
          {
            id: expect.any(String),
            kind: "loyalty_card",
            label: "Loyalty card",
            value: "own-1",
            is_primary: false,
          },
        ],
        order_count: 0,
        first_order_at: null,
        last_order_at: null,
      })
      // The merchant sees what the shopper does not (yet): the guest's phone, card and orders.
      const { headers } = await createAdminHeaders(container)
      const admin = await api.get(
        `/admin/customer-identity/customers/${account.id}`,
        { headers }
      )
      expect(admin.data.customer_identity).toEqual(
        expect.objectContaining({
          order_count: 2,
          phones: [expect.objectContaining({ phone_e164: "+15551234567" })],
          identifiers: [
            expect.objectContaining({ value: "GUEST-1", is_primary: true }),
            expect.objectContaining({ value: "own-1", is_primary: false }),
          ],
        })
      )
    })

    it("should create the identity on the spot, and count the shopper's own orders", async () => {
      const { customer, token } = await registerCustomer(api, fixture, {
        email: "own@example.com",
        password: "supersecret",
      })
      const order = await guestCheckout(api, fixture, {
        email: "own@example.com",
        phone: "+1 555 333 4444",
        customerToken: token,
      })
      await eventually(() => contactOf(order.id))
      const link = await linkOf(customer.id)
      await identity.deleteCustomerLinks(link.id)

      const { data } = await api.get("/store/customers/me/identity", {
        headers: {
          authorization: `Bearer ${token}`,
          "x-publishable-api-key": fixture.publishableKey,
        },
      })

      expect(await linkOf(customer.id)).toEqual(
        expect.objectContaining({ source: "store" })
      )
      expect(data.customer_identity).toEqual(
        expect.objectContaining({
          customer_id: customer.id,
          order_count: 1,
          last_order_at: new Date(order.created_at).toISOString(),
        })
      )
    })

    it("should answer 401 without a customer token", async () => {
      const error = await api
        .get("/store/customers/me/identity", {
          headers: { "x-publishable-api-key": fixture.publishableKey },
        })
        .catch((e: any) => e)
      expect(error.response.status).toBe(401)
    })
  })

  describe("core customer edits", () => {
    it("should make a customer's new email and phone its primary ones, keeping the old as secondary", async () => {
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({
          email: "before@example.com",
          phone: "+1 555 000 1111",
        })
      await eventually(async () =>
        expect(
          await identity.listCustomerPhones({ customer_id: customer.id })
        ).toHaveLength(1)
      )

      await updateCustomersWorkflow(container).run({
        input: {
          selector: { id: customer.id },
          update: { email: "After@Example.com", phone: "(555) 000-2222" },
        },
      })

      await eventually(async () => {
        const emails = await identity.listCustomerEmails(
          { customer_id: customer.id },
          { order: { created_at: "ASC" } }
        )
        expect(emails.map((e) => [e.email, e.is_primary])).toEqual([
          ["before@example.com", false],
          ["After@Example.com", true],
        ])
        const phones = await identity.listCustomerPhones(
          { customer_id: customer.id },
          { order: { created_at: "ASC" } }
        )
        expect(phones.map((p) => [p.phone_e164, p.is_primary])).toEqual([
          ["+15550001111", false],
          ["+15550002222", true],
        ])
      })
    })

    it("should keep the primary the merchant chose when a customer is indexed again", async () => {
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "core@example.com" })
      await eventually(async () =>
        expect(
          await identity.listCustomerEmails({ customer_id: customer.id })
        ).toHaveLength(1)
      )
      const [chosen] = await identity.createCustomerEmails([
        { customer_id: customer.id, email: "chosen@example.com" },
      ])
      await identity.setPrimaryIdentifier("email", chosen.id)

      // As a late or redelivered customer.created would.
      await indexCustomerWorkflow(container).run({
        input: { customer_id: customer.id },
      })

      const [primary] = await identity.listCustomerEmails({
        customer_id: customer.id,
        is_primary: true,
      })
      expect(primary.email).toBe("chosen@example.com")
    })
  })

  describe("the one-statement paths", () => {
    /** What the plugin holds about a customer, without ids and timestamps. */
    const identityOf = async (customerId: string) => ({
      links: (
        await identity.listCustomerLinks({ customer_id: customerId })
      ).map((l) => [
        l.canonical_customer_id,
        l.has_account,
        l.status,
        l.source,
        l.order_count,
      ]),
      emails: (
        await identity.listCustomerEmails({ customer_id: customerId })
      ).map((e) => [e.email, e.email_normalized, e.is_primary, e.source]),
      phones: (
        await identity.listCustomerPhones({ customer_id: customerId })
      ).map((p) => [p.phone, p.phone_e164, p.is_primary, p.source]),
      contacts: (
        await identity.listOrderContacts({ customer_id: customerId })
      ).map((c) => [c.order_id, c.email, c.phone, c.matched_by]),
    })

    it("should index a new guest as indexCustomerWorkflow does", async () => {
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "Solo@Example.com", phone: "(212) 555-0142" })
      await eventually(async () =>
        expect(
          await identity.listCustomerPhones({ customer_id: customer.id })
        ).toHaveLength(1)
      )
      const fast = await identityOf(customer.id)
      expect(fast.emails).toEqual([
        ["Solo@Example.com", "solo@example.com", true, "checkout"],
      ])

      await identity.deleteCustomerLinks(
        (await identity.listCustomerLinks({ customer_id: customer.id })).map(
          (l) => l.id
        )
      )
      await identity.deleteCustomerEmails(
        (await identity.listCustomerEmails({ customer_id: customer.id })).map(
          (e) => e.id
        )
      )
      await identity.deleteCustomerPhones(
        (await identity.listCustomerPhones({ customer_id: customer.id })).map(
          (p) => p.id
        )
      )
      await indexCustomerWorkflow(container).run({
        input: { customer_id: customer.id },
      })

      expect(await identityOf(customer.id)).toEqual(fast)
    })

    it("should record a new guest's order, attaching its phone, as recordOrderContactWorkflow does", async () => {
      const order = await guestCheckout(api, fixture, {
        email: "first.timer@example.com",
        phone: "+1 (555) 010-4242",
      })
      const contact = await eventually(() => contactOf(order.id))
      const customerId = contact.canonical_customer_id
      const fast = await identityOf(customerId)
      expect(fast.phones).toEqual([
        ["+1 (555) 010-4242", "+15550104242", true, "order"],
      ])

      await identity.deleteOrderContacts([contact.id])
      await identity.deleteCustomerPhones(
        (await identity.listCustomerPhones({ customer_id: customerId })).map(
          (p) => p.id
        )
      )
      await recordOrderContactWorkflow(container).run({
        input: { order_id: order.id },
      })

      expect(await identityOf(customerId)).toEqual(fast)
    })
  })

  describe("compensation", () => {
    it.each([upsertOrderContactStepId, recomputeOrderStatsStepId])(
      "should leave the tables as they were when recording an order fails after %s",
      async (stepId) => {
        const { contacts } = await checkOutTwiceAsGuest()
        const order = await container.resolve(Modules.ORDER).createOrders({
          currency_code: "usd",
          email: "fresh@example.com",
        })
        const before = await tableSnapshot()

        const workflow = recordOrderContactWorkflow(container)
        workflow.appendAction("throw", stepId, {
          invoke: async () => {
            throw new Error(`injected failure after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: { order_id: order.id },
          throwOnError: false,
        })

        expect(errors[0].error.message).toBe(`injected failure after ${stepId}`)
        const after = await tableSnapshot()
        expect(after).toEqual(before)
      }
    )

    it.each([foldCustomersStepId, recomputeOrderStatsStepId])(
      "should undo a fold when indexing fails after %s",
      async (stepId) => {
        const { contacts } = await checkOutTwiceAsGuest()
        const customers = container.resolve(Modules.CUSTOMER)
        const account = await customers.createCustomers({
          email: "john.new@example.com",
          has_account: true,
        })
        await eventually(async () =>
          expect(await linkOf(account.id)).toBeTruthy()
        )
        // Through the module: no workflow event, so the fold waits for us.
        await customers.updateCustomers(account.id, {
          email: "john@example.com",
        })
        const before = await tableSnapshot()

        const workflow = indexCustomerWorkflow(container)
        workflow.appendAction("throw", stepId, {
          invoke: async () => {
            throw new Error(`injected failure after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: { customer_id: account.id },
          throwOnError: false,
        })

        expect(errors[0].error.message).toBe(`injected failure after ${stepId}`)
        expect(await tableSnapshot()).toEqual(before)
      }
    )
  })

  describe("admin users", () => {
    it("should give a new admin user one linked customer, and change nothing when run again", async () => {
      const {
        result: [user],
      } = await createUsersWorkflow(container).run({
        input: {
          users: [
            {
              email: "Staff@Example.com",
              first_name: "Sam",
              last_name: "Staff",
            },
          ],
        },
      })

      const link = await eventually(async () => {
        const [found] = await identity.listCustomerLinks({ user_id: user.id })
        expect(found).toBeTruthy()
        return found
      })
      expect(link).toEqual(
        expect.objectContaining({ status: "draft", source: "user" })
      )
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(link.customer_id)
      expect(customer).toEqual(
        expect.objectContaining({
          email: "staff@example.com",
          first_name: "Sam",
          has_account: false,
        })
      )
      const before = await tableSnapshot()

      await linkUserToCustomerWorkflow(container).run({
        input: { user_id: user.id },
      })
      expect(await tableSnapshot()).toEqual(before)
    })

    it("should reuse the customer found by the user's email, and refuse a second customer for the user", async () => {
      const order = await guestCheckout(api, fixture, {
        email: "Lee@Example.com",
      })
      const contact = await eventually(() => contactOf(order.id))
      const user = await container
        .resolve(Modules.USER)
        .createUsers({ email: "lee@example.com" })

      const { result } = await linkUserToCustomerWorkflow(container).run({
        input: { user_id: user.id },
      })
      expect(result).toEqual(
        expect.objectContaining({
          customer_id: contact.canonical_customer_id,
          user_id: user.id,
          status: "active",
        })
      )

      const other = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "someone@example.com" })
      // Indexed by the customer.created subscriber.
      await eventually(async () => expect(await linkOf(other.id)).toBeTruthy())
      const { errors } = await linkUserToCustomerWorkflow(container).run({
        input: { user_id: user.id, customer_id: other.id },
        throwOnError: false,
      })
      expect(errors[0].error).toEqual(
        expect.objectContaining({
          type: MedusaError.Types.DUPLICATE_ERROR,
          message: `User ${user.id} is already linked to customer ${contact.canonical_customer_id}`,
        })
      )
    })
  })

  describe("status", () => {
    it("should move draft → active → archived → active and refuse other moves", async () => {
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "status@example.com" })
      // Indexed by the customer.created subscriber; then made a draft, as for an admin user's customer.
      const link = await eventually(async () => {
        const [indexed] = await identity.listCustomerLinks({
          customer_id: customer.id,
        })
        expect(
          await identity.listCustomerEmails({ customer_id: customer.id })
        ).toHaveLength(1)
        return indexed
      })
      await identity.updateCustomerLinks({
        id: link.id,
        status: CustomerIdentityStatus.DRAFT,
      })
      const options = await identity.getOptions()
      jest.spyOn(identity, "getOptions").mockResolvedValue({
        ...options,
        welcomeNotification: {
          template: "customer-welcome",
          channel: "email",
        },
      })

      const run = async (action: "activate" | "archive" | "reactivate") =>
        await updateCustomerIdentityStatusWorkflow(container).run({
          input: { customer_id: customer.id, action },
          throwOnError: false,
        })

      expect((await run("activate")).result.status).toBe("active")
      expect((await run("archive")).result.status).toBe("archived")
      const refused = await run("activate")
      expect(refused.errors[0].error).toEqual(
        expect.objectContaining({
          type: MedusaError.Types.INVALID_DATA,
          message: `Cannot activate customer ${customer.id}: its status is archived, and activate applies to draft`,
        })
      )
      expect((await run("reactivate")).result.status).toBe("active")
      jest.restoreAllMocks()

      const notifications = await container
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to: "status@example.com" })
      expect(notifications).toEqual([
        expect.objectContaining({
          template: "customer-welcome",
          channel: "email",
        }),
      ])
    })
  })
}
