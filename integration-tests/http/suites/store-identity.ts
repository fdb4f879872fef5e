import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { confirmIdentifierVerificationWorkflow } from "../../../src/workflows"
import {
  CheckoutFixture,
  createCheckoutFixture,
  guestCheckout,
  storeHeaders,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import {
  failing,
  lastCode as lastSentCode,
  nameFailedRequests,
  registerShopper,
  STORE_IDENTITY as BASE,
} from "../../helpers/store-identity"

export default function storeIdentity({
  api,
  dbConnection,
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let fixture: CheckoutFixture

  let interceptor: number
  beforeAll(() => {
    interceptor = nameFailedRequests(api)
  })
  afterAll(() => {
    api.interceptors.response.eject(interceptor)
  })

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    fixture = await createCheckoutFixture(container)
  })

  const shopper = (email: string) => registerShopper(api, fixture, email)
  const lastCode = (to: string) => lastSentCode(container, to)

  const addEmail = async (headers: Record<string, string>, email: string) =>
    await api.post(`${BASE}/emails`, { email }, { headers })

  const emailId = (data: any, email: string) =>
    data.customer_identity.emails.find((e: any) => e.email === email).id

  describe("POST /store/customers/me/identity/emails", () => {
    it("should answer the same whether the email is free, a guest's or another account's, and link nothing", async () => {
      await shopper("owner@example.com")
      await guestCheckout(api, fixture, { email: "guest@example.com" })
      const { headers } = await shopper("me@example.com")
      await eventually(async () =>
        expect(
          await identity.listCustomerEmails({
            email_normalized: ["owner@example.com", "guest@example.com"],
          })
        ).toHaveLength(2)
      )
      const before = await identity.listCustomerEmails({})

      const answers = []
      for (const email of [
        "free@example.com",
        "Owner@Example.com",
        "GUEST@example.com",
      ]) {
        const { status, data } = await addEmail(headers, email)
        const claim = data.customer_identity.emails.find(
          (e: any) => e.email === email
        )
        answers.push({
          status,
          // Compared byte for byte, apart from the id and the address itself.
          body: JSON.stringify(data)
            .replaceAll(claim.id, "<id>")
            .replaceAll(email, "<email>"),
        })
        await api.delete(`${BASE}/emails/${claim.id}`, { headers })
      }

      expect(answers[0].status).toBe(200)
      expect(answers[1]).toEqual(answers[0])
      expect(answers[2]).toEqual(answers[0])
      expect(answers[0].body).toContain(
        '{"id":"<id>","type":"other","is_primary":false,"verified_at":null,"email":"<email>"}'
      )
      expect(await identity.listCustomerEmails({})).toEqual(before)
    })

    it("should list an added email as unverified, return it again when added twice, and refuse the shopper's own", async () => {
      const { headers } = await shopper("me@example.com")
      const first = await addEmail(headers, "work@example.com")
      const second = await addEmail(headers, " WORK@example.com ")
      expect(second.data).toEqual(first.data)
      expect(first.data.customer_identity.emails).toEqual([
        expect.objectContaining({
          email: "me@example.com",
          is_primary: true,
        }),
        {
          id: expect.stringMatching(/^ciclaim_/),
          email: "work@example.com",
          type: "other",
          is_primary: false,
          verified_at: null,
        },
      ])

      const own = await failing(addEmail(headers, "ME@example.com"))
      expect(own).toEqual({
        status: 422,
        data: expect.objectContaining({
          message: "ME@example.com is already on your account",
        }),
      })
    })

    it.each([
      [{ email: "not-an-email" }, "email"],
      [{ email: "" }, "email"],
      [{ email: `${"a".repeat(320)}@example.com` }, "email"],
      [{ email: "a@example.com", type: "fax" }, "type"],
      [{ email: "a@example.com", admin: true }, "admin"],
      [{}, "email"],
    ])("should refuse %j with a 400 naming %s", async (body, field) => {
      const { headers } = await shopper("me@example.com")
      const { status, data } = await failing(
        api.post(`${BASE}/emails`, body, { headers })
      )
      expect(status).toBe(400)
      expect(data.message).toContain(field)
    })

    it("should answer 401 without a customer token", async () => {
      const { status } = await failing(
        api.post(
          `${BASE}/emails`,
          { email: "a@example.com" },
          { headers: storeHeaders(fixture) }
        )
      )
      expect(status).toBe(401)
    })
  })

  describe("POST /store/customers/me/identity/phones", () => {
    it("should refuse an unparsable phone and an unknown country with a 400", async () => {
      const { headers } = await shopper("me@example.com")
      for (const body of [
        { phone: "12" },
        { phone: "call me" },
        { phone: "020 7946 0958", country_code: "GBR" },
      ]) {
        const { status, data } = await failing(
          api.post(`${BASE}/phones`, body, { headers })
        )
        expect(status).toBe(400)
        expect(data.message).toMatch(/phone|country_code/)
      }
    })

    it("should verify a phone with a code sent on the sms channel and make it primary", async () => {
      const { headers } = await shopper("me@example.com")
      const { data } = await api.post(
        `${BASE}/phones`,
        { phone: "020 7946 0958", country_code: "GB", type: "mobile" },
        { headers }
      )
      const [claim] = data.customer_identity.phones
      expect(claim).toEqual({
        id: claim.id,
        phone: "020 7946 0958",
        phone_e164: "+442079460958",
        type: "mobile",
        is_primary: false,
        verified_at: null,
      })
      const refused = await failing(
        api.post(`${BASE}/phones/${claim.id}/primary`, {}, { headers })
      )
      expect(refused).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: "Verify 020 7946 0958 before making it primary",
        }),
      })

      await api.post(
        `${BASE}/phones/${claim.id}/verification`,
        {},
        {
          headers,
        }
      )
      const [notification] = await container
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to: "+442079460958" })
      expect(notification.channel).toBe("sms")
      const confirmed = await api.post(
        `${BASE}/phones/${claim.id}/verification/confirm`,
        { code: notification.data!.code },
        { headers }
      )
      const [phone] = confirmed.data.customer_identity.phones
      expect(phone).toEqual(
        expect.objectContaining({
          phone_e164: "+442079460958",
          verified_at: expect.any(String),
        })
      )
      const primary = await api.post(
        `${BASE}/phones/${phone.id}/primary`,
        {},
        { headers }
      )
      expect(primary.data.customer_identity.phones[0].is_primary).toBe(true)
    })
  })

  describe("POST /store/customers/me/identity/phones/:id/verification", () => {
    it("should answer 400 when no notification provider handles the phone channel", async () => {
      const { verification } = await identity.getOptions()
      const channel = verification.phoneChannel
      verification.phoneChannel = "carrier-pigeon"
      try {
        const { headers } = await shopper("me@example.com")
        const { data } = await api.post(
          `${BASE}/phones`,
          { phone: "+1 555 202 3030" },
          { headers }
        )
        const [claim] = data.customer_identity.phones
        const refused = await failing(
          api.post(`${BASE}/phones/${claim.id}/verification`, {}, { headers })
        )
        expect(refused).toEqual({
          status: 400,
          data: expect.objectContaining({
            message:
              'Phones cannot be verified in this store: no notification provider handles the "carrier-pigeon" channel',
          }),
        })
        // The failed send did not count against the limit.
        const [row] = await dbConnection
          .raw(
            `SELECT code_hash, (SELECT count(*)::int FROM customer_identity_code_send) AS sends
                 FROM customer_identity_claim WHERE id = ?`,
            [claim.id]
          )
          .then((r: any) => r.rows)
        expect(row).toEqual({ code_hash: null, sends: 0 })
      } finally {
        verification.phoneChannel = channel
      }
    })
  })

  describe("DELETE /store/customers/me/identity/emails/:id", () => {
    it("should withdraw a claim, refuse the primary email, and not find another customer's email", async () => {
      const other = await shopper("other@example.com")
      const { headers } = await shopper("me@example.com")
      const { data } = await addEmail(headers, "old@example.com")
      const claimId = emailId(data, "old@example.com")

      const deleted = await api.delete(`${BASE}/emails/${claimId}`, {
        headers,
      })
      expect(deleted.data).toEqual({
        id: claimId,
        object: "customer_email",
        deleted: true,
        parent: expect.objectContaining({
          emails: [expect.objectContaining({ email: "me@example.com" })],
        }),
      })

      const primaryId = deleted.data.parent.emails[0].id
      const primary = await failing(
        api.delete(`${BASE}/emails/${primaryId}`, { headers })
      )
      expect(primary.status).toBe(400)
      expect(primary.data.message).toMatch(/primary/)

      const [othersEmail] = await identity.listCustomerEmails({
        customer_id: other.customer.id,
      })
      for (const request of [
        () => api.delete(`${BASE}/emails/${othersEmail.id}`, { headers }),
        () =>
          api.post(`${BASE}/emails/${othersEmail.id}/primary`, {}, { headers }),
        () =>
          api.post(
            `${BASE}/emails/${othersEmail.id}/verification`,
            {},
            {
              headers,
            }
          ),
        () => api.delete(`${BASE}/emails/${claimId}`, { headers }),
      ]) {
        const { status, data: body } = await failing(request())
        expect(status).toBe(404)
        expect(body.message).toMatch(/^Email .* was not found$/)
      }
    })
  })

  describe("verification", () => {
    it("should prove a guest's email with a code, transfer the guest's orders and fold the guest", async () => {
      const guestOrder = await guestCheckout(api, fixture, {
        email: "Jo@example.com",
        phone: "+1 555 010 9999",
      })
      const { customer, headers } = await shopper("jo.new@example.com")
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")
      const { data } = await addEmail(headers, "jo@EXAMPLE.com")
      const claimId = emailId(data, "jo@EXAMPLE.com")

      const sent = await api.post(
        `${BASE}/emails/${claimId}/verification`,
        {},
        { headers }
      )
      expect(sent.data).toEqual({
        verification: {
          identifier_id: claimId,
          expires_at: expect.any(String),
        },
      })
      const code = await lastCode("jo@example.com")
      expect(code).toMatch(/^\d{6}$/)
      const [stored] = await dbConnection
        .raw(`SELECT code_hash FROM customer_identity_claim WHERE id = ?`, [
          claimId,
        ])
        .then((r: any) => r.rows)
      expect(stored.code_hash).not.toContain(code)

      const wrong = await failing(
        api.post(
          `${BASE}/emails/${claimId}/verification/confirm`,
          { code: code === "000000" ? "111111" : "000000" },
          { headers }
        )
      )
      expect(wrong).toEqual({
        status: 400,
        data: expect.objectContaining({ message: "The code is wrong" }),
      })
      const badShape = await failing(
        api.post(
          `${BASE}/emails/${claimId}/verification/confirm`,
          { code: "12ab" },
          { headers }
        )
      )
      expect(badShape.status).toBe(400)
      expect(badShape.data.message).toContain("code")

      const confirmed = await api.post(
        `${BASE}/emails/${claimId}/verification/confirm`,
        { code },
        { headers }
      )
      expect(confirmed.data.customer_identity).toEqual(
        expect.objectContaining({
          order_count: 1,
          emails: [
            expect.objectContaining({ email: "jo.new@example.com" }),
            expect.objectContaining({
              email: "jo@example.com",
              verified_at: expect.any(String),
            }),
          ],
        })
      )
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [order],
      } = await query.graph({
        entity: "order",
        fields: ["customer_id"],
        filters: { id: guestOrder.id },
      })
      expect(order.customer_id).toBe(customer.id)
      const changes = await container
        .resolve(Modules.ORDER)
        .listOrderChanges({ order_id: guestOrder.id })
      expect(changes).toEqual([
        expect.objectContaining({
          change_type: "transfer",
          status: "confirmed",
        }),
      ])
      const [guestLink] = await identity.listCustomerLinks({
        customer_id: guestOrder.customer_id,
      })
      expect(guestLink.canonical_customer_id).toBe(customer.id)
      const emitted = emit.mock.calls.flatMap(([events]) =>
        Array.isArray(events) ? events : [events]
      )
      expect(emitted).toContainEqual(
        expect.objectContaining({
          name: "customer_identity.orders_claimed",
          data: {
            id: customer.id,
            order_ids: [guestOrder.id],
            from_customer_ids: [guestOrder.customer_id],
          },
        })
      )
      emit.mockRestore()

      const reused = await failing(
        api.post(
          `${BASE}/emails/${emailId(confirmed.data, "jo@example.com")}/verification/confirm`,
          { code },
          { headers }
        )
      )
      expect(reused).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: expect.stringMatching(/is already verified$/),
        }),
      })
      const [used] = await dbConnection
        .raw(`SELECT code_hash FROM customer_identity_claim WHERE id = ?`, [
          claimId,
        ])
        .then((r: any) => r.rows)
      expect(used.code_hash).toBeNull()
    })

    it("should refuse an expired code, then accept a new one for the shopper's own email", async () => {
      const { customer, headers } = await shopper("me@example.com")
      const { data } = await api.get(BASE, { headers })
      const ownId = emailId(data, "me@example.com")
      await api.post(`${BASE}/emails/${ownId}/verification`, {}, { headers })
      await dbConnection.raw(
        `UPDATE customer_identity_claim SET code_expires_at = now() - interval '1 second' WHERE customer_id = ?`,
        [customer.id]
      )
      const expired = await failing(
        api.post(
          `${BASE}/emails/${ownId}/verification/confirm`,
          { code: await lastCode("me@example.com") },
          { headers }
        )
      )
      expect(expired).toEqual({
        status: 400,
        data: expect.objectContaining({
          message: "The code has expired; request a new one",
        }),
      })

      await api.post(`${BASE}/emails/${ownId}/verification`, {}, { headers })
      const confirmed = await api.post(
        `${BASE}/emails/${ownId}/verification/confirm`,
        { code: await lastCode("me@example.com") },
        { headers }
      )
      expect(confirmed.data.customer_identity.emails).toEqual([
        expect.objectContaining({
          id: ownId,
          verified_at: expect.any(String),
        }),
      ])
      const again = await failing(
        api.post(`${BASE}/emails/${ownId}/verification`, {}, { headers })
      )
      expect(again.status).toBe(400)
    })

    it("should refuse, once proven, an email that belongs to another account", async () => {
      const other = await shopper("taken@example.com")
      const { headers } = await shopper("me@example.com")
      const { data } = await addEmail(headers, "taken@example.com")
      const claimId = emailId(data, "taken@example.com")
      await api.post(`${BASE}/emails/${claimId}/verification`, {}, { headers })
      const refused = await failing(
        api.post(
          `${BASE}/emails/${claimId}/verification/confirm`,
          { code: await lastCode("taken@example.com") },
          { headers }
        )
      )
      expect(refused).toEqual({
        status: 422,
        data: expect.objectContaining({
          message:
            "taken@example.com belongs to another account; sign in with it instead",
        }),
      })
      const [owned] = await identity.listCustomerEmails({
        email_normalized: "taken@example.com",
      })
      expect(owned.customer_id).toBe(other.customer.id)
      expect(owned.verified_at).toBeNull()
    })

    it("should leave no trace when a claim fails after its last step", async () => {
      await guestCheckout(api, fixture, { email: "undo@example.com" })
      const { customer, headers } = await shopper("me@example.com")
      const { data } = await addEmail(headers, "undo@example.com")
      const claimId = emailId(data, "undo@example.com")
      await api.post(`${BASE}/emails/${claimId}/verification`, {}, { headers })
      const code = await lastCode("undo@example.com")
      const snapshot = () =>
        dbConnection
          .raw(
            `SELECT (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM customer_identity_link t) AS links,
                      (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM customer_identity_email t) AS emails,
                      (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM customer_identity_order_contact t) AS contacts,
                      (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM customer_identity_claim t) AS claims,
                      (SELECT jsonb_agg(jsonb_build_object('id', id, 'customer_id', customer_id) ORDER BY id) FROM "order") AS orders`
          )
          .then((r: any) => r.rows[0])
      const before = await snapshot()

      const workflow = confirmIdentifierVerificationWorkflow(container)
      workflow.appendAction("fail-after-claim", "emit-orders-claimed", {
        invoke: async () => {
          throw new Error("injected failure")
        },
      })
      const { errors } = await workflow.run({
        input: { customer_id: customer.id, kind: "email", id: claimId, code },
        throwOnError: false,
      })
      expect(errors[0].error.message).toBe("injected failure")
      expect(await snapshot()).toEqual(before)
    })
  })
}
