import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchedBy,
} from "../../../src/types/constants"
import { createAdminHeaders } from "../../helpers/admin"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"

export default function customerIdentity({
  api,
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let headers: Record<string, string>
  let identity: CustomerIdentityModuleService

  beforeEach(async () => {
    ;({ headers } = await createAdminHeaders(getContainer()))
    identity = getContainer().resolve(CUSTOMER_IDENTITY_MODULE)
  })

  /** A core customer, once the plugin's subscriber has indexed it. */
  const createCustomer = async (email: string, phone?: string) => {
    const customer = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers({ email, phone, first_name: "John", last_name: "Doe" })
    await eventually(async () =>
      expect(
        await identity.listCustomerEmails({ customer_id: customer.id })
      ).toHaveLength(1)
    )
    return customer
  }

  describe("the plugin in a booted app", () => {
    it("should load the module with the options of medusa-config", async () => {
      expect(await identity.getOptions()).toEqual(
        expect.objectContaining({ defaultCountry: "US", phoneMatch: "auto" })
      )
    })

    it("should let query.graph walk between customers, users, orders and identities", async () => {
      const container = getContainer()
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const customer = await createCustomer(
        "walk@example.com",
        "+1 555 123 4567"
      )
      const user = await container
        .resolve(Modules.USER)
        .createUsers({ email: "staff@example.com" })
      const order = await container
        .resolve(Modules.ORDER)
        .createOrders({ currency_code: "usd", email: "walk@example.com" })
      const [link] = await identity.listCustomerLinks({
        customer_id: customer.id,
      })
      await identity.updateCustomerLinks({ id: link.id, user_id: user.id })
      await identity.createOrderContacts({
        order_id: order.id,
        customer_id: customer.id,
        canonical_customer_id: customer.id,
        email: "walk@example.com",
        matched_by: MatchedBy.EMAIL,
        placed_at: new Date(),
      })

      const {
        data: [fromCustomer],
      } = await query.graph({
        entity: "customer",
        fields: ["id", "customer_link.user_id"],
        filters: { id: customer.id },
      })
      expect(fromCustomer.customer_link.user_id).toBe(user.id)

      const {
        data: [email],
      } = await query.graph({
        entity: "customer_email",
        fields: ["email", "customer.first_name"],
        filters: { customer_id: customer.id },
      })
      expect(email.customer.first_name).toBe("John")
      const {
        data: [phone],
      } = await query.graph({
        entity: "customer_phone",
        fields: ["phone_e164", "customer.last_name"],
        filters: { customer_id: customer.id },
      })
      expect(phone).toEqual(
        expect.objectContaining({
          phone_e164: "+15551234567",
          customer: expect.objectContaining({ last_name: "Doe" }),
        })
      )

      const {
        data: [fromLink],
      } = await query.graph({
        entity: "customer_link",
        fields: ["id", "customer.email", "user.email"],
        filters: { customer_id: customer.id },
      })
      expect(fromLink.customer.email).toBe("walk@example.com")
      expect(fromLink.user.email).toBe("staff@example.com")

      const {
        data: [fromUser],
      } = await query.graph({
        entity: "user",
        fields: ["id", "customer_link.customer_id"],
        filters: { id: user.id },
      })
      expect(fromUser.customer_link.customer_id).toBe(customer.id)

      const {
        data: [fromOrder],
      } = await query.graph({
        entity: "order",
        fields: ["id", "order_contact.matched_by", "order_contact.order.id"],
        filters: { id: order.id },
      })
      expect(fromOrder.order_contact).toEqual(
        expect.objectContaining({
          matched_by: "email",
          order: expect.objectContaining({ id: order.id }),
        })
      )
    })
  })

  describe("GET /admin/customer-identity/customers/:customer_id", () => {
    it("should return the identity with its customer, emails and phones", async () => {
      const customer = await createCustomer("John@Example.com")
      await identity.createCustomerEmails({
        customer_id: customer.id,
        email: "john@work.example",
        type: "work",
      })
      await identity.createCustomerPhones({
        customer_id: customer.id,
        phone: "(555) 123-4567",
      })

      const response = await api.get(
        `/admin/customer-identity/customers/${customer.id}`,
        { headers }
      )

      expect(response.status).toBe(200)
      expect(response.data.customer_identity).toEqual(
        expect.objectContaining({
          customer_id: customer.id,
          canonical_customer_id: customer.id,
          status: "active",
          source: "checkout",
          order_count: 0,
          customer: expect.objectContaining({
            id: customer.id,
            email: "John@Example.com",
            has_account: false,
          }),
          emails: expect.arrayContaining([
            expect.objectContaining({
              email: "John@Example.com",
              email_normalized: "john@example.com",
              is_primary: true,
            }),
            expect.objectContaining({
              email_normalized: "john@work.example",
              type: "work",
              is_primary: false,
            }),
          ]),
          phones: [
            expect.objectContaining({
              phone: "(555) 123-4567",
              phone_e164: "+15551234567",
              is_primary: true,
            }),
          ],
        })
      )
      expect(response.data.customer_identity.emails).toHaveLength(2)
    })

    it("should answer 404 with a message for a customer without an identity", async () => {
      const error = await api
        .get("/admin/customer-identity/customers/cus_missing", { headers })
        .catch((e: any) => e)
      expect(error.response.status).toBe(404)
      expect(error.response.data).toEqual({
        type: "not_found",
        message: "Customer cus_missing has no identity",
      })
    })

    it("should answer 400 naming an unknown query parameter", async () => {
      const customer = await createCustomer("q@example.com")
      const error = await api
        .get(`/admin/customer-identity/customers/${customer.id}?colour=blue`, {
          headers,
        })
        .catch((e: any) => e)
      expect(error.response.status).toBe(400)
      expect(error.response.data.message).toContain("colour")
    })

    it("should answer 401 without an admin token", async () => {
      const error = await api
        .get("/admin/customer-identity/customers/cus_any")
        .catch((e: any) => e)
      expect(error.response.status).toBe(401)
    })
  })
}
