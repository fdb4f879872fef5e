import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import { foldEmailForProvider } from "../../../src/utils/fold-email"
import {
  dismissDuplicateStepId,
  dismissDuplicateWorkflow,
} from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"

const BASE = "/admin/customer-identity/duplicates"

/** A pair as the API names it, whichever order the ids are written in. */
const pair = (x: string, y: string) => [x, y].sort().join(":")

export default function duplicates({ api, getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let headers: Record<string, string>
  let knex: any

  beforeEach(async () => {
    container = getContainer()
    knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    ;({ headers } = await createAdminHeaders(container))
    await insertCustomers()
  })

  /**
   * Canonical customers with one reason each to be the same person, a
   * customer folded into one of them, and one that resembles nobody.
   * Raw rows, so that no subscriber adds or folds anything behind the test.
   */
  async function insertCustomers() {
    await knex.raw(
      `INSERT INTO customer (id, email, first_name, last_name, phone, has_account) VALUES
           ('cus_dup_a1', 'ann@example.com', 'Ann', 'Archer', '+1 555 010 2030', true),
           ('cus_dup_a2', 'bob@example.com', 'Bob', 'Stone', NULL, false),
           ('cus_dup_b1', 'j.doe+shop@gmail.com', 'Jim', 'Doe', NULL, false),
           ('cus_dup_b2', 'jdoe@googlemail.com', 'Jake', 'Dole', NULL, true),
           ('cus_dup_c1', 'erin@example.com', 'Erin', 'Cole', NULL, true),
           ('cus_dup_c2', 'Erin.Old@example.com', 'Erin', 'Cole', NULL, false),
           ('cus_dup_d1', 'kate@example.com', 'Katherine', 'Smith', NULL, true),
           ('cus_dup_d2', 'kathy@example.com', 'Katharine', 'Smith', NULL, false),
           ('cus_dup_e1', 'ann.old@example.com', 'Ann', 'Archer', '(555) 010-2030', false),
           ('cus_dup_e2', 'erin.old@example.com', 'Erin', 'Cole', NULL, false),
           ('cus_dup_f1', 'zoe@example.com', 'Zoe', 'Quinn', '+44 20 7946 0958', false)`
    )
    await knex.raw(
      `INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source) VALUES
           ('cilink_dup_a1', 'cus_dup_a1', 'cus_dup_a1', true, 'manual'),
           ('cilink_dup_a2', 'cus_dup_a2', 'cus_dup_a2', false, 'checkout'),
           ('cilink_dup_b1', 'cus_dup_b1', 'cus_dup_b1', false, 'checkout'),
           ('cilink_dup_b2', 'cus_dup_b2', 'cus_dup_b2', true, 'registration'),
           ('cilink_dup_c1', 'cus_dup_c1', 'cus_dup_c1', true, 'registration'),
           ('cilink_dup_c2', 'cus_dup_c2', 'cus_dup_c2', false, 'checkout'),
           ('cilink_dup_d1', 'cus_dup_d1', 'cus_dup_d1', true, 'registration'),
           ('cilink_dup_d2', 'cus_dup_d2', 'cus_dup_d2', false, 'checkout'),
           ('cilink_dup_e1', 'cus_dup_e1', 'cus_dup_a1', false, 'checkout'),
           ('cilink_dup_e2', 'cus_dup_e2', 'cus_dup_c1', false, 'checkout'),
           ('cilink_dup_f1', 'cus_dup_f1', 'cus_dup_f1', false, 'checkout')`
    )
    await knex.raw(
      `INSERT INTO customer_identity_email (id, customer_id, email, email_normalized, is_primary, source) VALUES
           ('ciemail_dup_a1', 'cus_dup_a1', 'ann@example.com', 'ann@example.com', true, 'manual'),
           ('ciemail_dup_a2', 'cus_dup_a2', 'bob@example.com', 'bob@example.com', true, 'checkout'),
           ('ciemail_dup_b1', 'cus_dup_b1', 'j.doe+shop@gmail.com', 'j.doe+shop@gmail.com', true, 'checkout'),
           ('ciemail_dup_b2', 'cus_dup_b2', 'jdoe@googlemail.com', 'jdoe@googlemail.com', true, 'registration'),
           ('ciemail_dup_c1', 'cus_dup_c1', 'erin@example.com', 'erin@example.com', true, 'registration'),
           ('ciemail_dup_c3', 'cus_dup_c1', 'Erin.Old@example.com', 'erin.old@example.com', false, 'manual'),
           ('ciemail_dup_d1', 'cus_dup_d1', 'kate@example.com', 'kate@example.com', true, 'registration'),
           ('ciemail_dup_d2', 'cus_dup_d2', 'kathy@example.com', 'kathy@example.com', true, 'checkout'),
           ('ciemail_dup_e1', 'cus_dup_a1', 'ann.old@example.com', 'ann.old@example.com', false, 'checkout'),
           ('ciemail_dup_f1', 'cus_dup_f1', 'zoe@example.com', 'zoe@example.com', true, 'checkout')`
    )
    await knex.raw(
      `INSERT INTO customer_identity_phone (id, customer_id, phone, phone_e164, is_primary, source) VALUES
           ('ciphone_dup_a1', 'cus_dup_a1', '+1 555 010 2030', '+15550102030', true, 'manual'),
           ('ciphone_dup_d1', 'cus_dup_d1', '+1 212 555 0199', '+12125550199', true, 'registration'),
           ('ciphone_dup_f1', 'cus_dup_f1', '+44 20 7946 0958', '+442079460958', true, 'checkout')`
    )
    // Bob typed Ann's phone at checkout and Kathy Kate's, nationally; Zoe's
    // order uses her own phone, with the trunk prefix.
    await knex.raw(
      `INSERT INTO customer_identity_order_contact
           (id, order_id, customer_id, canonical_customer_id, email, phone, matched_by, placed_at) VALUES
           ('cioc_dup_a2', 'order_dup_a2', 'cus_dup_a2', 'cus_dup_a2', 'bob@example.com', '(555) 010-2030', 'email', now()),
           ('cioc_dup_d2', 'order_dup_d2', 'cus_dup_d2', 'cus_dup_d2', 'kathy@example.com', '212.555.0199', 'email', now()),
           ('cioc_dup_f1', 'order_dup_f1', 'cus_dup_f1', 'cus_dup_f1', 'zoe@example.com', '020 7946 0958', 'email', now())`
    )
    await knex.raw(
      `INSERT INTO customer_address (id, customer_id, address_1, postal_code, country_code) VALUES
           ('cuaddr_dup_d1', 'cus_dup_d1', '12  Main St ', '10001', 'us'),
           ('cuaddr_dup_d2', 'cus_dup_d2', '12 main st', '100 01', 'US'),
           ('cuaddr_dup_f1', 'cus_dup_f1', '12 Main St', '10001', 'us')`
    )
  }

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

  const list = async (query = "") =>
    (await api.get(`${BASE}${query}`, { headers })).data
  const ids = (duplicates: { id: string }[]) => duplicates.map((d) => d.id)
  const dismiss = (body: Record<string, unknown>) =>
    api.post(`${BASE}/dismiss`, body, { headers })

  describe("GET /admin/customer-identity/duplicates", () => {
    it("should list each reason kind with its pair, strongest first, reasons combined", async () => {
      const { duplicates, count, offset, limit } = await list()

      expect({ count, offset, limit }).toEqual({
        count: 4,
        offset: 0,
        limit: 20,
      })
      expect(duplicates).toEqual([
        {
          id: "cus_dup_c1:cus_dup_c2",
          customer_a: expect.objectContaining({
            id: "cus_dup_c1",
            email: "erin@example.com",
            first_name: "Erin",
            has_account: true,
          }),
          customer_b: expect.objectContaining({
            id: "cus_dup_c2",
            email: "Erin.Old@example.com",
            has_account: false,
          }),
          score: 0.7,
          reasons: [
            {
              kind: "shared_secondary_email",
              detail: "erin.old@example.com",
            },
          ],
        },
        {
          id: "cus_dup_d1:cus_dup_d2",
          customer_a: expect.objectContaining({ id: "cus_dup_d1" }),
          customer_b: expect.objectContaining({ id: "cus_dup_d2" }),
          // 1 - (1 - 0.6) * (1 - 0.3 * 0.6842)
          score: 0.6821,
          reasons: [
            { kind: "shared_phone", detail: "+12125550199" },
            {
              kind: "similar_name",
              detail:
                "katherine smith ~ katharine smith (0.68), same address and phone",
            },
          ],
        },
        {
          id: "cus_dup_a1:cus_dup_a2",
          customer_a: expect.objectContaining({ id: "cus_dup_a1" }),
          customer_b: expect.objectContaining({ id: "cus_dup_a2" }),
          score: 0.6,
          reasons: [
            { kind: "same_phone_different_name", detail: "+15550102030" },
          ],
        },
        {
          id: "cus_dup_b1:cus_dup_b2",
          customer_a: expect.objectContaining({ id: "cus_dup_b1" }),
          customer_b: expect.objectContaining({ id: "cus_dup_b2" }),
          score: 0.5,
          reasons: [
            {
              kind: "provider_folded_email",
              detail: "j.doe+shop@gmail.com ~ jdoe@googlemail.com",
            },
          ],
        },
      ])
    })

    it("should pair a customer whose core phone another customer owns, as phoneMatch suggest leaves it", async () => {
      // Under "suggest" a checkout with Ann's phone makes a new customer
      // with that phone on the core row and no phone row.
      await knex.raw(
        `INSERT INTO customer (id, email, first_name, last_name, phone, has_account)
             VALUES ('cus_dup_g1', 'gil@example.com', 'Gil', 'Hart', '+1 (555) 010-2030', false)`
      )
      await knex.raw(
        `INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
             VALUES ('cilink_dup_g1', 'cus_dup_g1', 'cus_dup_g1', false, 'checkout')`
      )

      const { duplicates, count } = await list()
      expect(count).toBe(5)
      expect(duplicates).toContainEqual(
        expect.objectContaining({
          id: "cus_dup_a1:cus_dup_g1",
          score: 0.6,
          reasons: [
            { kind: "same_phone_different_name", detail: "+15550102030" },
          ],
        })
      )
    })

    it("should never pair a customer with itself or with a folded customer", async () => {
      const { duplicates } = await list()
      const customerIds = duplicates.flatMap((d: any) => [
        d.customer_a.id,
        d.customer_b.id,
      ])

      // e1 holds Ann's phone and e2 Erin's secondary email, but both are
      // folded; Zoe's order phone is her own and her address matches
      // Kate's and Kathy's, but her name does not.
      expect(customerIds).not.toContain("cus_dup_e1")
      expect(customerIds).not.toContain("cus_dup_e2")
      expect(customerIds).not.toContain("cus_dup_f1")
      for (const d of duplicates) {
        expect(d.customer_a.id < d.customer_b.id).toBe(true)
      }
      expect(new Set(ids(duplicates)).size).toBe(duplicates.length)
    })

    it("should fold emails in SQL exactly as foldEmailForProvider does", async () => {
      const emails = [
        "j.doe+shop@gmail.com",
        "j.d.o.e@googlemail.com",
        "jdoe+a+b@gmail.com",
        "john.doe+news@example.com",
        "john.doe@outlook.com",
        "j.doe@gmail.co.uk",
        "@gmail.com",
      ]
      const { rows } = await knex.raw(
        `SELECT e, customer_identity_fold_email(e) AS folded FROM unnest(?::text[]) AS e`,
        [emails]
      )
      expect(rows.map((row: any) => row.folded)).toEqual(
        emails.map(foldEmailForProvider)
      )
    })

    it("should keep only pairs scoring at least min_score", async () => {
      expect(ids((await list("?min_score=0.65")).duplicates)).toEqual([
        "cus_dup_c1:cus_dup_c2",
        "cus_dup_d1:cus_dup_d2",
      ])
      expect(await list("?min_score=0.6")).toMatchObject({ count: 3 })
      expect(await list("?min_score=1")).toEqual({
        duplicates: [],
        count: 0,
        offset: 0,
        limit: 20,
      })
    })

    it("should paginate with the count of all pairs", async () => {
      const page = await list("?limit=2&offset=1")
      expect(page).toMatchObject({ count: 4, offset: 1, limit: 2 })
      expect(ids(page.duplicates)).toEqual([
        "cus_dup_d1:cus_dup_d2",
        "cus_dup_a1:cus_dup_a2",
      ])
      expect(await list("?offset=10")).toMatchObject({
        duplicates: [],
        count: 4,
      })
    })

    it.each([["min_score=2"], ["min_score=-0.1"], ["min_score=abc"]])(
      "should answer 400 naming min_score for %s",
      async (query) => {
        const response = await failing(api.get(`${BASE}?${query}`, { headers }))
        expect(response.status).toBe(400)
        expect(response.data.message).toContain("min_score")
      }
    )

    it("should answer 401 without an admin token", async () => {
      expect((await failing(api.get(BASE))).status).toBe(401)
    })
  })

  describe("POST /admin/customer-identity/duplicates/dismiss", () => {
    it("should hide the pair whichever order its customers are given in", async () => {
      expect(
        (
          await dismiss({
            customer_a_id: "cus_dup_a2",
            customer_b_id: "cus_dup_a1",
          })
        ).data
      ).toEqual({ dismissed: true })

      const after = await list()
      expect(after.count).toBe(3)
      expect(ids(after.duplicates)).not.toContain(
        pair("cus_dup_a1", "cus_dup_a2")
      )

      // The other order is the same pair: still one dismissal.
      expect(
        (
          await dismiss({
            customer_a_id: "cus_dup_a1",
            customer_b_id: "cus_dup_a2",
          })
        ).data
      ).toEqual({ dismissed: true })
      const { rows } = await knex.raw(
        `SELECT customer_a_id, customer_b_id FROM customer_identity_duplicate_dismissal
            WHERE deleted_at IS NULL`
      )
      expect(rows).toEqual([
        { customer_a_id: "cus_dup_a1", customer_b_id: "cus_dup_a2" },
      ])
      expect((await list()).count).toBe(3)
    })

    it.each([
      [
        { customer_a_id: "cus_dup_a1", customer_b_id: "cus_dup_a1" },
        "customer_b_id",
      ],
      [{ customer_a_id: "cus_dup_a1" }, "customer_b_id"],
      [{ customer_b_id: "cus_dup_a1" }, "customer_a_id"],
      [
        {
          customer_a_id: "cus_dup_a1",
          customer_b_id: "cus_dup_a2",
          reason: "x",
        },
        "reason",
      ],
    ])("should answer 400 for %j naming %s", async (body, field) => {
      const response = await failing(dismiss(body))
      expect(response.status).toBe(400)
      expect(response.data.message).toContain(field)
    })

    it("should answer 404 for a customer without identity and 400 for a folded one", async () => {
      const unknown = await failing(
        dismiss({ customer_a_id: "cus_dup_a1", customer_b_id: "cus_nobody" })
      )
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toContain("cus_nobody")

      const folded = await failing(
        dismiss({ customer_a_id: "cus_dup_e1", customer_b_id: "cus_dup_a2" })
      )
      expect(folded.status).toBe(400)
      expect(folded.data.message).toContain("cus_dup_e1")
    })

    it("should answer 401 without an admin token", async () => {
      const response = await failing(
        api.post(`${BASE}/dismiss`, {
          customer_a_id: "cus_dup_a1",
          customer_b_id: "cus_dup_a2",
        })
      )
      expect(response.status).toBe(401)
    })

    it("should leave no dismissal when the workflow fails after the step", async () => {
      const workflow = dismissDuplicateWorkflow(container)
      workflow.appendAction("throw", dismissDuplicateStepId, {
        invoke: async () => {
          throw new Error("injected failure after the dismissal")
        },
      })
      const { errors } = await workflow.run({
        input: { customer_a_id: "cus_dup_a1", customer_b_id: "cus_dup_a2" },
        throwOnError: false,
      })

      expect(errors).toHaveLength(1)
      const { rows } = await knex.raw(
        `SELECT id FROM customer_identity_duplicate_dismissal`
      )
      expect(rows).toEqual([])
      expect((await list()).count).toBe(4)
    })
  })
}
