import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  updateCustomerAddresseStepId,
  updateCustomersWorkflowId,
} from "@medusajs/medusa/core-flows"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { CustomerIdentityEvents } from "../../../src/types/events"
import { hashIdentifier } from "../../../src/utils/identifier-hash"
import {
  createIdentifierSuppressionsStepId,
  eraseCartsStepId,
  eraseCustomerIdentityWorkflow,
  eraseIdentifierRowsStepId,
  findOrCreateCustomerWorkflow,
  indexCustomerWorkflow,
  linkUserToCustomerWorkflow,
  markCustomerLinksErasedStepId,
  markCustomerMergeRevertedStepId,
  recordOrderContactWorkflow,
  redactNotificationsStepId,
  redactOrderChangesStepId,
  redactOrdersStepId,
  removeAuthActorStepId,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../../../src/workflows"
import { acceptInviteWithLogin, createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutFixture,
  createCart,
  createCheckoutFixture,
  guestCheckout,
  proveEmail,
  registerCustomer,
  requestEmailCode,
  storeHeaders,
  updateCart,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import { tableSnapshot } from "../../helpers/tables"

const ADMIN = "/admin/customer-identity/customers"
const EMAIL = "erin@example.com"
const PHONE_E164 = "+15559876543"
const IDENTITY_TABLES = [
  "customer_identity_link",
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_identifier",
  "customer_identity_claim",
  "customer_identity_order_contact",
  "customer_identity_suppression",
]

export default function erasure({ api, getContainer }: MedusaSuiteOptions) {
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

  const linkOf = async (customerId: string) => {
    const [link] = await identity.listCustomerLinks({
      customer_id: customerId,
    })
    return link
  }

  /**
   * Erin: a guest order, then an account with the same email (the guest is
   * folded into it, and Erin proves the email), an address, a pending
   * claim, a staff user with her email linked to the account, and a cart
   * she left. Ola, another shopper, must stay untouched.
   */
  const erin = async () => {
    const guestOrder = await guestCheckout(api, fixture, {
      email: "Erin@Example.com",
      phone: "+1 (555) 987-6543",
      firstName: "Erin",
      lastName: "Example",
    })
    const other = await guestCheckout(api, fixture, {
      email: "ola@example.com",
      phone: "+1 555 111 2222",
    })
    await eventually(async () =>
      expect(
        await identity.listOrderContacts({
          order_id: [guestOrder.id, other.id],
        })
      ).toHaveLength(2)
    )
    const { customer: account, token } = await registerCustomer(api, fixture, {
      email: EMAIL,
      password: "supersecret",
      first_name: "Erin",
    })
    const guestId = guestOrder.customer_id as string
    await eventually(async () =>
      expect((await linkOf(guestId)).canonical_customer_id).toBe(account.id)
    )
    // Erin proves her email: the fold that took her guest in is hers.
    await proveEmail(api, fixture, container, token, EMAIL)
    await container.resolve(Modules.CUSTOMER).createCustomerAddresses({
      customer_id: account.id,
      first_name: "Erin",
      address_1: "1 Erin Street",
      city: "Springfield",
      postal_code: "12345",
      country_code: "us",
      phone: "+1 555 987 6543",
    })
    const claimed = await api.post(
      "/store/customers/me/identity/emails",
      { email: "erin.work@example.com" },
      { headers: storeHeaders(fixture, token) }
    )
    expect(claimed.status).toBe(200)
    const user = await container
      .resolve(Modules.USER)
      .createUsers({ email: EMAIL, first_name: "Erin" })
    await linkUserToCustomerWorkflow(container).run({
      input: { user_id: user.id, customer_id: account.id },
    })
    // A cart she left, with her email and address.
    const cart = await createCart(api, fixture, { email: "Erin@Example.com" })
    await updateCart(api, fixture, cart.id, {
      shipping_address: {
        first_name: "Erin",
        address_1: "1 Erin Street",
        city: "Springfield",
        postal_code: "12345",
        country_code: "us",
        phone: "+1 555 987 6543",
      },
    })
    await settleSubscribers(container)
    return {
      accountId: account.id,
      guestId,
      orderId: guestOrder.id,
      otherOrderId: other.id,
      userId: user.id,
      token,
    }
  }

  /** Vic orders as a guest, with her phone. */
  const victimCheckout = async () => {
    const victimOrder = await guestCheckout(api, fixture, {
      email: "vic@example.com",
      phone: "+1 555 333 4444",
      firstName: "Vic",
      lastName: "Tim",
    })
    await eventually(async () =>
      expect(
        await identity.listOrderContacts({ order_id: victimOrder.id })
      ).toHaveLength(1)
    )
    return {
      victimId: victimOrder.customer_id as string,
      victimOrderId: victimOrder.id,
    }
  }

  /**
   * Vic orders as a guest; Mallory registers an account with Vic's email
   * and never proves it: the plugin folds Vic's guest into the account,
   * on evidence nobody has verified.
   */
  const impostor = async () => {
    const { victimId, victimOrderId } = await victimCheckout()
    const { customer: account } = await registerCustomer(api, fixture, {
      email: "VIC@example.com",
      password: "supersecret",
      first_name: "Mallory",
    })
    await eventually(async () =>
      expect((await linkOf(victimId)).canonical_customer_id).toBe(account.id)
    )
    await settleSubscribers(container)
    return { victimId, victimOrderId, accountId: account.id }
  }

  /**
   * Vic orders as a guest; Mallory registers with an email of her own and
   * orders from the account with Vic's phone under Vic's name: the phone
   * rule folds Vic's guest into the account, on evidence nobody has proven.
   */
  const phoneImpostor = async () => {
    const { victimId, victimOrderId } = await victimCheckout()
    const { customer: account, token } = await registerCustomer(api, fixture, {
      email: "mallory@example.com",
      password: "supersecret",
    })
    const accountOrder = await guestCheckout(api, fixture, {
      email: "mallory@example.com",
      phone: "+1 555 333 4444",
      firstName: "Vic",
      lastName: "Tim",
      customerToken: token,
    })
    await eventually(async () =>
      expect((await linkOf(victimId)).canonical_customer_id).toBe(account.id)
    )
    await settleSubscribers(container)
    return {
      victimId,
      victimOrderId,
      accountId: account.id,
      accountOrderId: accountOrder.id,
    }
  }

  const erase = (customerId: string, body: unknown = { confirm: true }) =>
    api.post(`${ADMIN}/${customerId}/erase`, body, {
      headers,
      validateStatus: () => true,
    })

  /** Everything that holds Erin's email or phone in clear, anywhere in the plugin's tables. */
  const clearValuesInIdentityTables = async () => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const found: string[] = []
    for (const table of IDENTITY_TABLES) {
      const { rows } = await knex.raw(
        `SELECT to_jsonb(t)::text AS row FROM ${table} t`
      )
      for (const { row } of rows) {
        if (/erin|987.?6543/i.test(row)) {
          found.push(`${table}: ${row}`)
        }
      }
    }
    return found
  }

  /**
   * Tables that may keep Erin's email or phone after her erasure, and why.
   * Every other table of the database must hold none of them in clear.
   */
  const KEPT_AFTER_ERASURE: Record<string, string> = {
    order:
      "the order's email as placed: kept for tax law (redact_orders blanks it)",
    order_address:
      "the addresses as placed: kept for tax law (redact_orders blanks them)",
    workflow_execution:
      "Medusa keeps finished workflow runs, their input included, for their retention time",
    provider_identity: "the login (emailpass): erase_login removes it",
    user: "the merchant's staff user of the same email: only unlinked",
  }

  /** Tables of the whole database with a row naming Erin's emails or phone in clear. */
  const tablesNamingErin = async () => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const { rows: tables } = await knex.raw(
      `SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
    )
    const found: string[] = []
    for (const { table_name } of tables) {
      const { rows } = await knex.raw(
        `SELECT 1 FROM "${table_name}" t WHERE to_jsonb(t)::text ~* ? LIMIT 1`,
        ["erin(\\.work)?@example\\.com|555\\D{0,3}987\\D{0,3}6543"]
      )
      if (rows.length) {
        found.push(table_name)
      }
    }
    return found.sort()
  }

  /** The verification codes the Notification module sent to these addresses. */
  const codesSentTo = async (to: string[]) =>
    (
      await container
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to }, { select: ["data"] })
    ).flatMap((row) => (row.data?.code ? [String(row.data.code)] : []))

  /** Notification rows with one of the codes in any column, as a JSON string value. */
  const notificationsHolding = async (codes: string[]) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const { rows } = await knex.raw(
      `SELECT to_jsonb(t)::text AS row FROM notification t WHERE to_jsonb(t)::text ~ ?`,
      [`"(${codes.join("|")})"`]
    )
    return rows.map((r: { row: string }) => r.row)
  }

  describe("POST /admin/customer-identity/customers/:customer_id/erase", () => {
    it("should erase the person's identifiers, keep the orders, and suppress only keyed hashes", async () => {
      const { accountId, guestId, orderId, otherOrderId, userId, token } =
        await erin()
      // Her proof's transfer of the guest order as earlier versions of the plugin wrote it: with her email.
      const orderModule = container.resolve(Modules.ORDER)
      const [transfer] = await orderModule.listOrderChanges(
        { order_id: orderId },
        { relations: ["actions"] }
      )
      await orderModule.updateOrderChanges({
        id: transfer.id,
        description: `Claimed by the customer who verified ${EMAIL}`,
      } as never)
      await orderModule.updateOrderChangeActions({
        id: transfer.actions![0].id,
        details: { original_email: "Erin@Example.com" },
      } as never)
      // What else names her: her company and notes, and another shopper's claim of her email.
      await container.resolve(Modules.CUSTOMER).updateCustomers(accountId, {
        company_name: "Erin's Bakery",
        metadata: { note: "call +1 555 987 6543" },
      })
      const { token: malToken } = await registerCustomer(api, fixture, {
        email: "mal@example.com",
        password: "supersecret",
      })
      expect(
        (
          await api.post(
            "/store/customers/me/identity/emails",
            { email: EMAIL },
            { headers: storeHeaders(fixture, malToken) }
          )
        ).status
      ).toBe(200)
      await settleSubscribers(container)
      const [otherBefore] = await identity.listOrderContacts({
        order_id: otherOrderId,
      })
      // A code for her pending claim too, beside the one that proved her email.
      await requestEmailCode(
        api,
        fixture,
        container,
        token,
        "erin.work@example.com"
      )
      const codes = await codesSentTo([EMAIL, "erin.work@example.com"])
      expect(codes).toEqual([
        expect.stringMatching(/^\d{6}$/),
        expect.stringMatching(/^\d{6}$/),
      ])
      expect(await notificationsHolding(codes)).toHaveLength(2)
      // Her loyalty card, a value of an identifier kind.
      await findOrCreateCustomerWorkflow(container).run({
        input: {
          customer_id: accountId,
          identifiers: { loyalty_card: "lc-erin-7" },
          source: "manual",
        },
      })
      expect(
        await identity.listCustomerIdentifiers({ customer_id: accountId })
      ).toEqual([expect.objectContaining({ value_normalized: "LCERIN7" })])
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")

      const { status, data } = await erase(accountId)

      expect(status).toBe(200)
      expect(data.customer_identity).toEqual(
        expect.objectContaining({
          customer_id: accountId,
          status: "archived",
          erased_at: expect.any(String),
          user: null,
          emails: [],
          phones: [],
        })
      )
      expect(await clearValuesInIdentityTables()).toEqual([])
      // The scan below looks for emails and phones: the codes she was sent are looked for too.
      expect(await notificationsHolding(codes)).toEqual([])
      const naming = await tablesNamingErin()
      // The scan sees what the law keeps: the order as placed.
      expect(naming).toEqual(expect.arrayContaining(["order", "order_address"]))
      expect(naming.filter((table) => !(table in KEPT_AFTER_ERASURE))).toEqual(
        []
      )
      for (const id of [accountId, guestId]) {
        expect(await linkOf(id)).toEqual(
          expect.objectContaining({
            status: "archived",
            erased_at: expect.any(Date),
            user_id: null,
          })
        )
      }
      // Orders stay, as the law allows for accounting (her proof took the guest order); their contact keeps no email or phone.
      const [order] = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: orderId }, { select: ["id", "customer_id"] })
      expect(order.customer_id).toBe(accountId)
      const [contact] = await identity.listOrderContacts({
        order_id: orderId,
      })
      expect(contact).toEqual(
        expect.objectContaining({
          email: null,
          phone: null,
          canonical_customer_id: accountId,
        })
      )
      // Core customers are kept, without anything that names or reaches the person.
      const customers = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers(
          { id: [accountId, guestId] },
          { relations: ["addresses"] }
        )
      for (const customer of customers) {
        expect(customer).toEqual(
          expect.objectContaining({
            email: null,
            phone: null,
            first_name: null,
            last_name: null,
            company_name: null,
            metadata: null,
          })
        )
      }
      const [address] = customers.find((c) => c.id === accountId)!.addresses
      expect(address).toEqual(
        expect.objectContaining({
          first_name: null,
          address_1: null,
          phone: null,
          country_code: "us",
        })
      )
      // Hashes only, under the app's cookie secret (no suppressionSecret set).
      const { projectConfig } = container.resolve(
        ContainerRegistrationKeys.CONFIG_MODULE
      )
      const secret = projectConfig.http.cookieSecret!
      const suppressions = await identity.listIdentifierSuppressions({})
      expect(
        suppressions
          .map((row) => [row.kind, row.identifier_hash, row.customer_id])
          .sort()
      ).toEqual(
        [
          ["email", hashIdentifier(secret, "email", EMAIL), accountId],
          [
            "email",
            hashIdentifier(secret, "email", "erin.work@example.com"),
            accountId,
          ],
          ["phone", hashIdentifier(secret, "phone", PHONE_E164), accountId],
          [
            "loyalty_card",
            hashIdentifier(secret, "loyalty_card", "LCERIN7"),
            accountId,
          ],
        ].sort()
      )
      // The admin user is unlinked; Ola is untouched.
      expect(await identity.listCustomerLinks({ user_id: userId })).toEqual([])
      const [otherAfter] = await identity.listOrderContacts({
        order_id: otherOrderId,
      })
      expect(otherAfter).toEqual(otherBefore)
      const events = emit.mock.calls.flatMap(([e]) =>
        Array.isArray(e) ? e : [e]
      )
      expect(events).toContainEqual(
        expect.objectContaining({
          name: CustomerIdentityEvents.CUSTOMER_ERASED,
          data: {
            id: accountId,
            customer_ids: [accountId, guestId],
            unfolded_customer_ids: [],
          },
        })
      )
    })

    it("should clear her phone where another shopper's gift named her as the recipient, and nothing else of his", async () => {
      const { accountId } = await erin()
      // Gus sends her a gift: her name and phone, typed his way, on the shipping address.
      const gift = await guestCheckout(api, fixture, {
        email: "gus@example.com",
        phone: "+1 555 444 1212",
        firstName: "Gus",
        lastName: "Giver",
        shipping: {
          firstName: "Erin",
          lastName: "Example",
          phone: "(555) 987-6543",
        },
      })
      const before = await eventually(async () => {
        const [found] = await identity.listOrderContacts({
          order_id: gift.id,
        })
        expect(found.recipient_phone).toBe("(555) 987-6543")
        return found
      })
      await settleSubscribers(container)

      expect((await erase(accountId)).status).toBe(200)

      const [after] = await identity.listOrderContacts({ order_id: gift.id })
      expect(after).toEqual({
        ...before,
        recipient_phone: null,
        updated_at: expect.any(Date),
      })

      // Nor does the gift's order bring it back: backfills re-explaining the
      // contact and recording it anew, then the order delivered again.
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const forget = () =>
        knex.raw(
          `DELETE FROM customer_identity_order_contact WHERE order_id = ?`,
          [gift.id]
        )
      const recorded = async () => {
        const [contact] = await identity.listOrderContacts({
          order_id: gift.id,
        })
        return contact
      }
      for (const contactGone of [false, true]) {
        if (contactGone) {
          await forget()
        }
        const run = await startCustomerIdentityBackfill(container)
        expect(
          (await runCustomerIdentityBackfill(container, run.id)).status
        ).toBe("completed")
        expect(await recorded()).toEqual(
          expect.objectContaining({
            phone: before.phone,
            recipient_phone: null,
          })
        )
      }
      await forget()
      await container
        .resolve(Modules.EVENT_BUS)
        .emit({ name: "order.placed", data: { id: gift.id } })
      await eventually(async () =>
        expect(await recorded()).toEqual(
          expect.objectContaining({
            email: "gus@example.com",
            phone: before.phone,
            recipient_phone: null,
          })
        )
      )
    })

    it("should not bring the person back when a backfill runs or old events are delivered again", async () => {
      const { accountId, guestId, orderId, userId } = await erin()
      // A customer from before the plugin (no event), with Erin's email in another case: not erased.
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const old = { id: "cus_before_plugin" }
      await knex.raw(
        `INSERT INTO customer (id, email, has_account) VALUES (?, 'Erin@Example.COM', false)`,
        [old.id]
      )
      // An order of Erin's whose contact was never recorded (as before a backfill).
      await knex.raw(
        `DELETE FROM customer_identity_order_contact WHERE order_id = ?`,
        [orderId]
      )
      expect((await erase(accountId)).status).toBe(200)
      await settleSubscribers(container)
      // Ids and timestamps aside: the contact recorded later is a new row.
      const unstamped = {
        where: "true",
        omit: ["id", "created_at", "updated_at"],
      }
      const rowsOfErin = (tables: Record<string, unknown[]>) =>
        Object.fromEntries(
          Object.entries(tables).map(([table, rows]) => [
            table,
            rows.filter((row: any) =>
              [accountId, guestId].includes(
                row.customer_id ?? row.canonical_customer_id
              )
            ),
          ])
        )
      const erased = rowsOfErin(
        await tableSnapshot(container, IDENTITY_TABLES, unstamped)
      )

      const run = await startCustomerIdentityBackfill(container)
      const done = await runCustomerIdentityBackfill(container, run.id)
      expect(done.status).toBe("completed")
      const [recorded] = await identity.listOrderContacts({
        order_id: orderId,
      })
      expect(recorded).toEqual(
        expect.objectContaining({
          email: null,
          phone: null,
          canonical_customer_id: accountId,
        })
      )
      expect(await linkOf(old.id)).toEqual(
        expect.objectContaining({ canonical_customer_id: old.id })
      )

      // Old events delivered again, through the bus and run directly.
      await knex.raw(
        `DELETE FROM customer_identity_order_contact WHERE order_id = ?`,
        [orderId]
      )
      await container.resolve(Modules.EVENT_BUS).emit(
        ["order.placed", "customer.updated", "user.created"].map((name) => ({
          name,
          data: {
            id:
              name === "order.placed"
                ? orderId
                : name === "customer.updated"
                  ? old.id
                  : userId,
          },
        }))
      )
      await recordOrderContactWorkflow(container).run({
        input: { order_id: orderId },
      })
      for (const id of [old.id, accountId, guestId]) {
        await indexCustomerWorkflow(container).run({
          input: { customer_id: id, sync_primary: true },
        })
      }
      const { result: linked } = await linkUserToCustomerWorkflow(
        container
      ).run({ input: { user_id: userId } })
      expect(linked).toBeNull()
      await settleSubscribers(container)

      expect(await clearValuesInIdentityTables()).toEqual([])
      expect(await identity.listCustomerLinks({ user_id: userId })).toEqual([])
      expect(
        rowsOfErin(await tableSnapshot(container, IDENTITY_TABLES, unstamped))
      ).toEqual({
        ...erased,
        customer_identity_order_contact: [
          ...erased.customer_identity_order_contact,
          expect.objectContaining({ order_id: orderId, email: null }),
        ],
      })
    })

    it("should keep matching earlier erasures after the key is rotated, and hash new ones under the new key", async () => {
      const { accountId, orderId } = await erin()
      expect((await erase(accountId)).status).toBe(200)
      const { projectConfig } = container.resolve(
        ContainerRegistrationKeys.CONFIG_MODULE
      )
      const newKey = "a-brand-new-suppression-key-0001"
      const options = await identity.getOptions()
      options.suppressionSecret = [newKey, projectConfig.http.cookieSecret!]
      try {
        // Her order replayed, and a full backfill: nothing of hers comes back.
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        await knex.raw(
          `DELETE FROM customer_identity_order_contact WHERE order_id = ?`,
          [orderId]
        )
        await recordOrderContactWorkflow(container).run({
          input: { order_id: orderId },
        })
        const run = await startCustomerIdentityBackfill(container)
        expect(
          (await runCustomerIdentityBackfill(container, run.id)).status
        ).toBe("completed")
        await settleSubscribers(container)
        expect(await clearValuesInIdentityTables()).toEqual([])

        const zed = await guestCheckout(api, fixture, {
          email: "zed@example.com",
        })
        const zedContact = await eventually(async () => {
          const [found] = await identity.listOrderContacts({
            order_id: zed.id,
          })
          expect(found).toBeTruthy()
          return found
        })
        expect((await erase(zedContact.canonical_customer_id)).status).toBe(200)
        expect(
          await identity.listIdentifierSuppressions({
            customer_id: zedContact.canonical_customer_id,
          })
        ).toEqual([
          expect.objectContaining({
            identifier_hash: hashIdentifier(newKey, "email", "zed@example.com"),
          }),
        ])
      } finally {
        delete options.suppressionSecret
      }
    })

    it("should take a shopper who comes back and gives the email again as new consent", async () => {
      const { accountId } = await erin()
      expect((await erase(accountId)).status).toBe(200)

      const order = await guestCheckout(api, fixture, {
        email: "erin@example.com",
      })

      const contact = await eventually(async () => {
        const [found] = await identity.listOrderContacts({
          order_id: order.id,
        })
        expect(found).toBeTruthy()
        return found
      })
      expect(contact.email).toBe("erin@example.com")
      expect(contact.canonical_customer_id).not.toBe(accountId)
      await eventually(async () =>
        expect(
          await identity.listCustomerEmails({ email_normalized: EMAIL })
        ).toEqual([
          expect.objectContaining({
            customer_id: contact.canonical_customer_id,
          }),
        ])
      )
    })

    it("should answer 400 without confirmation, for a folded or erased customer, and 404 for an unknown one", async () => {
      const { accountId, guestId } = await erin()
      const before = await tableSnapshot(container, IDENTITY_TABLES)

      for (const body of [{}, { confirm: false }, { confirm: "yes" }]) {
        const { status, data } = await erase(accountId, body)
        expect([status, data.message]).toEqual([
          400,
          expect.stringContaining("confirm"),
        ])
      }
      const folded = await erase(guestId)
      expect([folded.status, folded.data.message]).toEqual([
        400,
        `Customer ${guestId} is folded into ${accountId}: erase that customer`,
      ])
      const unknown = await erase("cus_unknown")
      expect([unknown.status, unknown.data.message]).toEqual([
        404,
        "Customer cus_unknown has no identity",
      ])
      expect(await tableSnapshot(container, IDENTITY_TABLES)).toEqual(before)

      expect((await erase(accountId)).status).toBe(200)
      const again = await erase(accountId)
      expect([again.status, again.data.message]).toEqual([
        400,
        expect.stringContaining(`Customer ${accountId} was already erased`),
      ])
    })
  })

  describe("erase_login and redact_orders", () => {
    const loginOf = async (email: string) => {
      const [provider] = await container
        .resolve(Modules.AUTH)
        .listProviderIdentities(
          { entity_id: email, provider: "emailpass" },
          { relations: ["auth_identity"] }
        )
      return provider?.auth_identity ?? null
    }

    it("should also remove her login and blank her orders: nothing names her but what Medusa keeps of workflow runs and her staff user", async () => {
      const { accountId, orderId } = await erin()
      expect(await loginOf(EMAIL)).not.toBeNull()

      const { status } = await erase(accountId, {
        confirm: true,
        erase_login: true,
        redact_orders: true,
      })

      expect(status).toBe(200)
      expect(await loginOf(EMAIL)).toBeNull()
      expect(await tablesNamingErin()).toEqual(
        expect.not.arrayContaining([
          "order",
          "order_address",
          "provider_identity",
        ])
      )
      expect(
        (await tablesNamingErin()).filter(
          (table) => !["workflow_execution", "user"].includes(table)
        )
      ).toEqual([])
      const [order] = await container
        .resolve(Modules.ORDER)
        .listOrders(
          { id: orderId },
          { select: ["id", "email"], relations: ["billing_address"] }
        )
      expect(order.email).toBeNull()
      expect(order.billing_address).toEqual(
        expect.objectContaining({
          first_name: null,
          address_1: null,
          phone: null,
          country_code: "us",
        })
      )
      // The address is free again: she can sign up afresh.
      const signup = await api.post("/auth/customer/emailpass/register", {
        email: EMAIL,
        password: "another-password",
      })
      expect(signup.status).toBe(200)
    })

    it("should keep a login an admin user shares, without its customer part: the admin still signs in, and the email can become a customer again", async () => {
      const pat = { email: "pat@example.com", password: "supersecret" }
      const { customer } = await registerCustomer(api, fixture, pat)
      const user = await acceptInviteWithLogin(api, headers, {
        ...pat,
        first_name: "Pat",
      })
      // One login serving both actors, as Medusa keeps an email that is both.
      expect((await loginOf(pat.email))?.app_metadata).toEqual({
        customer_id: customer.id,
        user_id: user.id,
      })
      await settleSubscribers(container)
      // A failure after the customer part went puts it back.
      const failing = eraseCustomerIdentityWorkflow(container)
      failing.insertActionAfter(removeAuthActorStepId, "throw", {
        invoke: async () => {
          throw new Error(`injected after ${removeAuthActorStepId}`)
        },
      })
      const { errors } = await failing.run({
        input: { customer_id: customer.id, erase_login: true },
        throwOnError: false,
      })
      expect(errors[0]?.error?.message).toBe(
        `injected after ${removeAuthActorStepId}`
      )
      expect((await loginOf(pat.email))?.app_metadata).toEqual({
        customer_id: customer.id,
        user_id: user.id,
      })

      expect(
        (await erase(customer.id, { confirm: true, erase_login: true })).status
      ).toBe(200)

      // The key goes, not only its value: core gives no new customer to a login with one.
      expect((await loginOf(pat.email))?.app_metadata).toEqual({
        user_id: user.id,
      })
      const signIn = async (actor: "user" | "customer") =>
        (await api.post(`/auth/${actor}/emailpass`, pat)).data.token as string
      const me = await api.get("/admin/users/me", {
        headers: { authorization: `Bearer ${await signIn("user")}` },
      })
      expect([me.status, me.data.user.id]).toEqual([200, user.id])
      // The password still opens the shared login, but it reaches no customer.
      const actorless = await signIn("customer")
      const mine = await api.get("/store/customers/me", {
        headers: storeHeaders(fixture, actorless),
        validateStatus: () => true,
      })
      expect(mine.status).toBe(401)
      // The email signs up afresh: a login without a customer creates one.
      const {
        data: { customer: again },
      } = await api.post(
        "/store/customers",
        { email: pat.email },
        { headers: storeHeaders(fixture, actorless) }
      )
      expect(again.id).not.toBe(customer.id)
      const now = await api.get("/store/customers/me", {
        headers: storeHeaders(fixture, await signIn("customer")),
      })
      expect(now.data.customer).toEqual(
        expect.objectContaining({ id: again.id, email: pat.email })
      )
      expect((await loginOf(pat.email))?.app_metadata).toEqual({
        customer_id: again.id,
        user_id: user.id,
      })
    })
  })

  describe("unproven folds", () => {
    const merges = async (query: string) =>
      (
        await api.get(`/admin/customer-identity/merges?${query}`, {
          headers,
        })
      ).data.customer_merges

    const customerWithAddresses = async (id: string) => {
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id }, { relations: ["addresses"] })
      return customer
    }

    /**
     * Vic is whole again after Mallory's erasure: an identity of her own,
     * reachable by her email and phone.
     */
    const expectVictimWhole = async (
      victimId: string,
      victimOrderId: string,
      victimBefore: unknown
    ) => {
      expect(await linkOf(victimId)).toEqual(
        expect.objectContaining({
          canonical_customer_id: victimId,
          status: "active",
          erased_at: null,
          order_count: 1,
        })
      )
      expect(await customerWithAddresses(victimId)).toEqual(victimBefore)
      expect(
        (await identity.listCustomerEmails({ customer_id: victimId })).map(
          (row) => row.email_normalized
        )
      ).toEqual(["vic@example.com"])
      expect(
        (await identity.listCustomerPhones({ customer_id: victimId })).map(
          (row) => row.phone_e164
        )
      ).toEqual(["+15553334444"])
      const [contact] = await identity.listOrderContacts({
        order_id: victimOrderId,
      })
      expect(contact).toEqual(
        expect.objectContaining({
          canonical_customer_id: victimId,
          email: "vic@example.com",
          phone: "+1 555 333 4444",
        })
      )
    }

    it("should undo an impostor's unproven fold instead of erasing the guest it took in", async () => {
      const { victimId, victimOrderId, accountId } = await impostor()
      const [fold] = await merges("unproven=true")
      expect(fold).toEqual(
        expect.objectContaining({
          source_customer_id: victimId,
          target_customer_id: accountId,
          evidence: "account_email",
          proven_at: null,
          status: "merged",
        })
      )
      expect(await merges("unproven=false")).toEqual([])
      const victimBefore = await customerWithAddresses(victimId)
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")

      const { status, data } = await erase(accountId)

      expect(status).toBe(200)
      expect(data.customer_identity.folded_customer_ids ?? []).not.toContain(
        victimId
      )
      await expectVictimWhole(victimId, victimOrderId, victimBefore)
      // Nothing of Vic's is suppressed; Mallory's own record is erased.
      expect(await identity.listIdentifierSuppressions({})).toEqual([])
      const [account] = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: accountId })
      expect(account).toEqual(
        expect.objectContaining({ email: null, first_name: null })
      )
      expect(await linkOf(accountId)).toEqual(
        expect.objectContaining({ erased_at: expect.any(Date) })
      )
      expect(await merges(`customer_id=${accountId}`)).toEqual([
        expect.objectContaining({ id: fold.id, status: "reverted" }),
      ])
      const events = emit.mock.calls.flatMap(([e]) =>
        Array.isArray(e) ? e : [e]
      )
      expect(events).toContainEqual(
        expect.objectContaining({
          name: CustomerIdentityEvents.CUSTOMER_ERASED,
          data: {
            id: accountId,
            customer_ids: [accountId],
            unfolded_customer_ids: [victimId],
          },
        })
      )

      // Vic's next order finds her.
      const next = await guestCheckout(api, fixture, {
        email: "vic@example.com",
      })
      await eventually(async () => {
        const [found] = await identity.listOrderContacts({
          order_id: next.id,
        })
        expect(found?.canonical_customer_id).toBe(victimId)
      })
    })

    it("should undo an unproven fold on a phone instead of erasing the guest the account's order took in", async () => {
      const { victimId, victimOrderId, accountId, accountOrderId } =
        await phoneImpostor()
      const [fold] = await merges(`customer_id=${accountId}`)
      expect(fold).toEqual(
        expect.objectContaining({
          source_customer_id: victimId,
          target_customer_id: accountId,
          evidence: "phone",
          proven_at: null,
          status: "merged",
        })
      )
      const victimBefore = await customerWithAddresses(victimId)

      const { status, data } = await erase(accountId)

      expect(status).toBe(200)
      expect(data.customer_identity.folded_customer_ids ?? []).not.toContain(
        victimId
      )
      await expectVictimWhole(victimId, victimOrderId, victimBefore)
      expect(await merges(`customer_id=${accountId}`)).toEqual([
        expect.objectContaining({ id: fold.id, status: "reverted" }),
      ])
      // Mallory's own order stays hers (erased with her), not Vic's.
      const [accountContact] = await identity.listOrderContacts({
        order_id: accountOrderId,
      })
      expect(accountContact.canonical_customer_id).toBe(accountId)
    })

    it("should be proven by the account's proof of the email, and erased with it then", async () => {
      const { victimId, accountId } = await impostor()
      const login = await api.post("/auth/customer/emailpass", {
        email: "VIC@example.com",
        password: "supersecret",
      })
      await proveEmail(
        api,
        fixture,
        container,
        login.data.token,
        "vic@example.com"
      )

      expect(await merges("unproven=true")).toEqual([])
      expect(await merges("evidence=account_email")).toEqual([
        expect.objectContaining({
          source_customer_id: victimId,
          proven_at: expect.any(String),
        }),
      ])
      expect((await erase(accountId)).status).toBe(200)
      expect(await linkOf(victimId)).toEqual(
        expect.objectContaining({
          canonical_customer_id: accountId,
          erased_at: expect.any(Date),
        })
      )
    })

    it("should be undone by the admin like a merge, and answer 400 for a bad filter", async () => {
      const { victimId, accountId } = await impostor()
      const [fold] = await merges("evidence=account_email")
      const reverted = await api.post(
        `/admin/customer-identity/merges/${fold.id}/revert`,
        {},
        { headers }
      )
      expect(reverted.data.customer_merge).toEqual(
        expect.objectContaining({ id: fold.id, status: "reverted" })
      )
      expect(await linkOf(victimId)).toEqual(
        expect.objectContaining({ canonical_customer_id: victimId })
      )
      expect(
        (await identity.listCustomerEmails({ customer_id: victimId })).length
      ).toBe(1)
      expect(
        (await identity.listCustomerEmails({ customer_id: accountId })).length
      ).toBe(0)
      for (const [query, message] of [
        ["evidence=hunch", "'evidence', but got: 'hunch'"],
        ["unproven=yes", "'unproven', but got: 'yes'"],
      ]) {
        const { status, data } = await api.get(
          `/admin/customer-identity/merges?${query}`,
          { headers, validateStatus: () => true }
        )
        expect([status, data.message]).toEqual([
          400,
          expect.stringContaining(message),
        ])
      }
    })
  })

  describe("compensation", () => {
    /**
     * Fails the erasure of `accountId` after each of `stepIds` in turn:
     * every time every table is as it was (the compensations undo it all,
     * so one fixture serves every step), and the erasure then goes ahead.
     */
    const expectUndone = async (accountId: string, stepIds: string[]) => {
      const snapshot = async () => ({
        ...(await tableSnapshot(
          container,
          [...IDENTITY_TABLES, "customer_identity_merge"],
          { where: "true" }
        )),
        // Core's compensations restore the values, not updated_at.
        ...(await tableSnapshot(
          container,
          [
            "customer",
            "customer_address",
            "cart",
            "cart_address",
            "notification",
            "order",
            "order_address",
            "order_change",
            "order_change_action",
          ],
          { omit: ["updated_at"] }
        )),
      })
      const before = await snapshot()
      for (const stepId of stepIds) {
        const workflow = eraseCustomerIdentityWorkflow(container)
        workflow.insertActionAfter(stepId, "throw", {
          invoke: async () => {
            throw new Error(`injected after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: { customer_id: accountId, redact_orders: true },
          throwOnError: false,
        })
        expect({ stepId, error: errors[0]?.error?.message }).toEqual({
          stepId,
          error: `injected after ${stepId}`,
        })
        expect({ stepId, tables: await snapshot() }).toEqual({
          stepId,
          tables: before,
        })
      }
      // The locks were given back each time: the erasure goes ahead at once.
      expect((await erase(accountId)).status).toBe(200)
    }

    it("should leave every table as it was when the erasure fails after any of its writing steps", async () => {
      const { accountId } = await erin()
      await expectUndone(accountId, [
        eraseIdentifierRowsStepId,
        `${updateCustomersWorkflowId}-as-step`,
        updateCustomerAddresseStepId,
        eraseCartsStepId,
        redactOrdersStepId,
        redactOrderChangesStepId,
        redactNotificationsStepId,
        createIdentifierSuppressionsStepId,
        markCustomerLinksErasedStepId,
      ])
    })

    it("should leave every table as it was when the erasure of an impostor's account fails after the fold is undone, and later", async () => {
      const { accountId } = await impostor()
      await expectUndone(accountId, [
        markCustomerMergeRevertedStepId,
        markCustomerLinksErasedStepId,
      ])
    })
  })
}
