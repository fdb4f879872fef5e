import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { createAdminHeaders } from "../../helpers/admin"
import {
  CheckoutFixture,
  createCheckoutFixture,
  registerCustomer,
  storeHeaders,
} from "../../helpers/checkout"
import { settleSubscribers } from "../../helpers/settle"

const STORE = "/store/customers/me/identity"
const ADMIN = "/admin/customer-identity"

type Method = "get" | "post" | "delete"

/** Strings that have broken other systems: injections, invisible and bidi characters, look-alikes, sizes. */
const HOSTILE_STRINGS = [
  "",
  " ",
  "a".repeat(10_000),
  `${"a".repeat(400)}@example.com`,
  "' OR '1'='1",
  "'; DROP TABLE customer; --",
  "1; SELECT pg_sleep(5)",
  '{"$ne":null}',
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "jo\u200b@example.com",
  "\u202eevil@example.com",
  "j\u043e@example.com",
  "\ud83d\ude00@example.com",
  "\ud800",
  "+1 (555) 010-2030 ext. 99999999999999999999",
  "+".repeat(100),
  "${jndi:ldap://x}",
]
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  ["a@example.com", "b@example.com"],
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"admin":true}}'),
  { constructor: { prototype: { admin: true } } },
]

export default function security({ api, getContainer }: MedusaSuiteOptions) {
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

  /** Any request, answered: never throws on a status. A string body is sent as it is, anything else as JSON. */
  const send = async (
    method: Method,
    url: string,
    headers: Record<string, string>,
    body?: unknown
  ) => {
    const config = {
      headers: { "content-type": "application/json", ...headers },
      validateStatus: () => true,
    }
    return method === "get" || method === "delete"
      ? await api[method](url, config)
      : await api.post(
          url,
          typeof body === "string" ? body : JSON.stringify(body ?? {}),
          config
        )
  }

  /** Two shoppers: B has a verified-looking account email, a pending claim and a phone. */
  const twoShoppers = async () => {
    const a = await registerCustomer(api, fixture, {
      email: "a@example.com",
      password: "supersecret",
    })
    const b = await registerCustomer(api, fixture, {
      email: "b@example.com",
      password: "supersecret",
    })
    const aHeaders = storeHeaders(fixture, a.token)
    const bHeaders = storeHeaders(fixture, b.token)
    await send("get", STORE, aHeaders)
    await send("post", `${STORE}/emails`, bHeaders, {
      email: "b.claim@example.com",
    })
    const { data } = await send("post", `${STORE}/phones`, bHeaders, {
      phone: "+1 555 404 0404",
    })
    return {
      a: { ...a, headers: aHeaders },
      b: { ...b, headers: bHeaders },
      bIds: [
        ...data.customer_identity.emails.map((e: any) => ["emails", e.id]),
        ...data.customer_identity.phones.map((p: any) => ["phones", p.id]),
      ] as [string, string][],
    }
  }

  /** Every store route of an email or phone id. */
  const storeIdentifierRoutes = (kind: string, id: string) =>
    [
      ["delete", `${STORE}/${kind}/${id}`],
      ["post", `${STORE}/${kind}/${id}/primary`],
      ["post", `${STORE}/${kind}/${id}/verification`],
      ["post", `${STORE}/${kind}/${id}/verification/confirm`],
    ] as [Method, string][]

  describe("authorization", () => {
    it("should refuse every store route without a customer token, and another customer's rows with a 404 that looks like a missing one", async () => {
      const { a, b, bIds } = await twoShoppers()
      const snapshot = async () => ({
        claims: await identity.listCustomerClaims({}),
        emails: await identity.listCustomerEmails({}),
        phones: await identity.listCustomerPhones({}),
      })
      const before = await snapshot()

      const anonymous = [
        ["get", STORE],
        ["post", `${STORE}/emails`],
        ["post", `${STORE}/phones`],
        ...bIds.flatMap(([kind, id]) => storeIdentifierRoutes(kind, id)),
      ] as [Method, string][]
      for (const [method, url] of anonymous) {
        const { status } = await send(method, url, storeHeaders(fixture), {
          code: "123456",
        })
        expect([method, url, status]).toEqual([method, url, 401])
      }

      for (const [kind, id] of bIds) {
        for (const [method, url] of storeIdentifierRoutes(kind, id)) {
          const { status, data } = await send(method, url, a.headers, {
            code: "123456",
          })
          const missing = await send(
            method,
            url.replace(id, `${id.split("_")[0]}_01XXXXXXXXXXXXXXXXXXXXXXXX`),
            a.headers,
            { code: "123456" }
          )
          expect([url, status]).toEqual([url, 404])
          expect(missing.status).toBe(404)
          // The message names the id asked for, nothing about its owner.
          expect(data.message).toBe(
            missing.data.message.replace(/\S+_01X+/, id)
          )
        }
      }
      expect(await snapshot()).toEqual(before)

      // A's identity through another sales channel's key is still only A's.
      const {
        result: [channel],
      } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Other channel" }] },
      })
      const {
        result: [key],
      } = await createApiKeysWorkflow(container).run({
        input: {
          api_keys: [
            { title: "Other", type: "publishable", created_by: "test" },
          ],
        },
      })
      await linkSalesChannelsToApiKeyWorkflow(container).run({
        input: { id: key.id, add: [channel.id] },
      })
      const own = await send("get", STORE, a.headers)
      const other = await send("get", STORE, {
        ...a.headers,
        "x-publishable-api-key": key.token,
      })
      expect(other.status).toBe(200)
      expect(other.data).toEqual(own.data)
      expect(JSON.stringify(other.data)).not.toContain("b@example.com")
      expect(b.customer.id).not.toBe(a.customer.id)
    })

    it("should refuse every admin route without a token and with a customer token", async () => {
      const { a } = await twoShoppers()
      const { user } = await createAdminHeaders(container)
      const [email] = await identity.listCustomerEmails({
        customer_id: a.customer.id,
      })
      const customer = `${ADMIN}/customers/${a.customer.id}`
      const routes: [Method, string][] = [
        ["get", `${ADMIN}/customers`],
        ["post", `${ADMIN}/customers`],
        ["get", customer],
        ["delete", customer],
        ["post", `${customer}/activate`],
        ["post", `${customer}/archive`],
        ["post", `${customer}/reactivate`],
        ["post", `${customer}/erase`],
        ["post", `${customer}/emails`],
        ["delete", `${customer}/emails/${email.id}`],
        ["post", `${customer}/emails/${email.id}/primary`],
        ["post", `${customer}/phones`],
        ["delete", `${customer}/phones/ciphone_1`],
        ["post", `${customer}/phones/ciphone_1/primary`],
        ["get", `${ADMIN}/users/${user.id}`],
        ["post", `${ADMIN}/users/${user.id}/link`],
        ["delete", `${ADMIN}/users/${user.id}/link`],
        ["get", `${ADMIN}/orders/order_1`],
        ["post", `${ADMIN}/backfill`],
        ["get", `${ADMIN}/backfill/cibf_1`],
        ["get", `${ADMIN}/duplicates`],
        ["post", `${ADMIN}/duplicates/dismiss`],
      ]
      const before = await identity.listCustomerLinks({})
      for (const headers of [
        {},
        { authorization: a.headers.authorization },
      ] as Record<string, string>[]) {
        for (const [method, url] of routes) {
          const { status } = await send(method, url, headers, {})
          expect([method, url, status]).toEqual([method, url, 401])
        }
      }
      expect(await identity.listCustomerLinks({})).toEqual(before)
    })
  })

  describe("hostile input", () => {
    it("should answer every malformed, oversized or hostile request with a 4xx and a message, never a 5xx", async () => {
      const { a } = await twoShoppers()
      const { headers: admin, user } = await createAdminHeaders(container)
      const { data } = await send("post", `${STORE}/emails`, a.headers, {
        email: "a.claim@example.com",
      })
      const claimId = data.customer_identity.emails[1].id
      const customer = `${ADMIN}/customers/${a.customer.id}`

      const bodyRoutes: [string, Record<string, string>, string[]][] = [
        [`${STORE}/emails`, a.headers, ["email", "type"]],
        [`${STORE}/phones`, a.headers, ["phone", "type", "country_code"]],
        [
          `${STORE}/emails/${claimId}/verification/confirm`,
          a.headers,
          ["code"],
        ],
        [
          `${ADMIN}/customers`,
          admin,
          ["first_name", "last_name", "email", "phone", "emails", "phones"],
        ],
        [`${customer}/emails`, admin, ["email", "type"]],
        [`${customer}/phones`, admin, ["phone", "country_code"]],
        [`${ADMIN}/users/${user.id}/link`, admin, ["customer_id"]],
        [`${ADMIN}/backfill`, admin, ["batch_size", "cutoff_days"]],
        [
          `${ADMIN}/duplicates/dismiss`,
          admin,
          ["customer_a_id", "customer_b_id"],
        ],
        // Last: `{ confirm: true }` erases A.
        [`${customer}/erase`, admin, ["confirm"]],
      ]
      const requests: [Method, string, Record<string, string>, unknown][] = []
      for (const [url, headers, fields] of bodyRoutes) {
        for (const body of [
          "null",
          [],
          '"text"',
          "42",
          "{",
          { unknown_field: 1 },
        ]) {
          requests.push(["post", url, headers, body])
        }
        requests.push(["post", url, headers, { big: "x".repeat(200_000) }])
        for (const field of fields) {
          for (const value of HOSTILE_VALUES) {
            requests.push(["post", url, headers, { [field]: value }])
          }
        }
      }
      // A lone surrogate cannot even be put in a URL.
      const inUrls = HOSTILE_STRINGS.filter((value) => {
        try {
          return !!encodeURIComponent(value)
        } catch {
          return false
        }
      })
      for (const value of inUrls) {
        const id = encodeURIComponent(value)
        requests.push(["get", `${ADMIN}/customers/${id}`, admin, undefined])
        requests.push(["delete", `${STORE}/emails/${id}`, a.headers, undefined])
        requests.push([
          "get",
          `${ADMIN}/customers?q=${encodeURIComponent(value)}`,
          admin,
          undefined,
        ])
        requests.push([
          "get",
          `${ADMIN}/duplicates?min_score=${encodeURIComponent(value)}`,
          admin,
          undefined,
        ])
        for (const param of ["limit", "offset", "order", "status"]) {
          requests.push([
            "get",
            `${ADMIN}/customers?${param}=${encodeURIComponent(value)}`,
            admin,
            undefined,
          ])
        }
      }

      const failures: string[] = []
      for (const [method, url, headers, body] of requests) {
        const { status, data } = await send(method, url, headers, body)
        const described = `${method.toUpperCase()} ${url.slice(0, 80)} ${JSON.stringify(body)?.slice(0, 80)} → ${status}`
        if (status >= 500) {
          failures.push(`${described} ${JSON.stringify(data)}`)
        } else if (
          status >= 400 &&
          !(typeof data?.message === "string" && data.message.length)
        ) {
          failures.push(`${described} without a message`)
        }
      }
      console.info(
        `hostile input: ${requests.length} requests, ${failures.length} answered 5xx or without a message`
      )
      expect(failures).toEqual([])
      expect(
        await container
          .resolve(Modules.CUSTOMER)
          .listCustomers({}, { select: ["id"] })
      ).toHaveLength(2)
    })
  })
}
