import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import {
  applyBackfillPlanStepId,
  backfillCustomerIdentityBatchWorkflow,
  indexCustomerWorkflow,
  linkUserToCustomerWorkflow,
  recordOrderContactWorkflow,
  resumeCustomerIdentityBackfill,
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
  suppressionSecret,
} from "../../../src/workflows"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { hashIdentifier } from "../../../src/utils/identifier-hash"
import { createAdminHeaders } from "../../helpers/admin"
import {
  day,
  forgetIdentities as forgetIdentitiesOf,
  forgetIdentityRows,
  insertPrePluginData,
} from "../../helpers/backfill"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import { identityState } from "../../helpers/tables"

const BASE = "/admin/customer-identity/backfill"

export default function backfill({ api, getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let headers: Record<string, string>
  let knex: any

  beforeEach(async () => {
    container = getContainer()
    knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    ;({ headers } = await createAdminHeaders(container))
    await insertPrePluginData(container)
  })

  afterEach(async () => {
    await settleSubscribers(container)
  })

  const snapshot = () => identityState(container)

  const indexCustomers = async () => {
    const customers = await knex("customer").select("id").orderBy("id")
    for (const { id } of customers) {
      await indexCustomerWorkflow(container).run({
        input: { customer_id: id },
      })
    }
    return customers
  }
  const replayEvents = async () => {
    await indexCustomers()
    const users = await knex("user").select("id").orderBy("id")
    for (const { id } of users) {
      await linkUserToCustomerWorkflow(container).run({
        input: { user_id: id },
      })
    }
    const orders = await knex("order").select("id").orderBy("id")
    for (const { id } of orders) {
      await recordOrderContactWorkflow(container).run({
        input: { order_id: id },
      })
    }
  }

  const forgetIdentities = () => forgetIdentitiesOf(container)

  const startBackfill = async (body: Record<string, unknown>) => {
    const response = await api.post(BASE, body, { headers })
    expect(response.status).toBe(202)
    return response.data.backfill
  }

  const finished = async (id: string) =>
    await eventually(async () => {
      const { data } = await api.get(`${BASE}/${id}`, { headers })
      expect(["completed", "failed"]).toContain(data.backfill.status)
      return data.backfill
    })

  const failing = async (request: Promise<unknown>) => {
    const error = await request.then(
      () => {
        throw new Error("the request was expected to fail")
      },
      (e: any) => e
    )
    return { status: error.response.status, data: error.response.data }
  }

  describe("POST /admin/customer-identity/backfill", () => {
    it("should index pre-plugin customers, users and orders, folding guests into the account", async () => {
      const started = await startBackfill({ batch_size: 2 })
      expect(started).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^cibf_/),
          status: "pending",
          total: 13,
        })
      )

      const done = await finished(started.id)
      expect(done).toEqual(
        expect.objectContaining({
          status: "completed",
          phase: "orders",
          processed: 13,
          total: 13,
          error: null,
        })
      )
      expect(done.created + done.updated + done.skipped).toBe(13)

      const links = await knex("customer_identity_link").orderBy("customer_id")
      const linkOf = (id: string) =>
        links.find((l: any) => l.customer_id === id)
      for (const id of ["cus_bf_01", "cus_bf_02", "cus_bf_03"]) {
        expect(linkOf(id).canonical_customer_id).toBe("cus_bf_03")
      }
      expect(linkOf("cus_bf_03")).toEqual(
        expect.objectContaining({
          has_account: true,
          source: "backfill",
          order_count: 3,
          first_order_at: day(6),
          last_order_at: day(8),
        })
      )
      expect(linkOf("cus_bf_04")).toEqual(
        expect.objectContaining({
          user_id: "user_bf_01",
          order_count: 1,
          last_order_at: day(9),
        })
      )
      expect(linkOf("cus_bf_05").canonical_customer_id).toBe("cus_bf_05")

      const emails = await knex("customer_identity_email")
        .select("customer_id", "email", "email_normalized", "is_primary")
        .whereIn("customer_id", ["cus_bf_03", "cus_bf_04", "cus_bf_05"])
        .orderBy("email_normalized")
      expect(emails).toEqual([
        {
          customer_id: "cus_bf_04",
          email: "bob@example.com",
          email_normalized: "bob@example.com",
          is_primary: true,
        },
        {
          customer_id: "cus_bf_03",
          email: "Jane@Example.com",
          email_normalized: "jane@example.com",
          is_primary: true,
        },
        // The email of the order matched by its phone, as the live workflow attaches it.
        {
          customer_id: "cus_bf_04",
          email: "someone@else.com",
          email_normalized: "someone@else.com",
          is_primary: false,
        },
      ])
      const phones = await knex("customer_identity_phone")
        .select("customer_id", "phone", "phone_e164", "is_primary")
        .orderBy(["customer_id", "phone_e164"])
      expect(phones).toEqual([
        {
          customer_id: "cus_bf_03",
          phone: "(555) 010-2030",
          phone_e164: "+15550102030",
          is_primary: true,
        },
        {
          customer_id: "cus_bf_03",
          phone: "+1 555 010 9999",
          phone_e164: "+15550109999",
          is_primary: false,
        },
        {
          customer_id: "cus_bf_04",
          phone: "+44 20 7946 0958",
          phone_e164: "+442079460958",
          is_primary: true,
        },
      ])

      const contacts = await knex("customer_identity_order_contact")
        .select(
          "order_id",
          "canonical_customer_id",
          "matched_by",
          "canceled_at"
        )
        .orderBy("order_id")
      expect(contacts).toEqual([
        expect.objectContaining({
          order_id: "order_bf_01",
          canonical_customer_id: "cus_bf_03",
          matched_by: "email",
        }),
        expect.objectContaining({
          order_id: "order_bf_02",
          canonical_customer_id: "cus_bf_03",
          matched_by: "email",
        }),
        expect.objectContaining({
          order_id: "order_bf_03",
          canonical_customer_id: "cus_bf_03",
          matched_by: "email",
        }),
        expect.objectContaining({
          order_id: "order_bf_04",
          canonical_customer_id: "cus_bf_04",
          matched_by: "phone",
        }),
        expect.objectContaining({
          order_id: "order_bf_05",
          canonical_customer_id: "cus_bf_04",
          canceled_at: day(11),
        }),
        expect.objectContaining({
          order_id: "order_bf_06",
          canonical_customer_id: expect.stringMatching(/^cus_/),
          matched_by: "created",
        }),
      ])

      // Running it again changes nothing.
      const before = await snapshot()
      const again = await finished((await startBackfill({})).id)
      expect(again).toEqual(
        expect.objectContaining({
          status: "completed",
          created: 0,
          updated: 0,
          skipped: again.processed,
        })
      )
      expect(await snapshot()).toEqual(before)
    })

    it("should re-explain the contacts an earlier version recorded: the evidence, and the orderer's names from the billing address", async () => {
      await knex.raw(
        `INSERT INTO order_address (id, first_name, last_name, country_code)
           VALUES ('oaddr_bf_01', 'Jane', 'Doe', 'us')`
      )
      await knex.raw(
        `UPDATE "order" SET billing_address_id = 'oaddr_bf_01' WHERE id = 'order_bf_01'`
      )
      await finished((await startBackfill({})).id)
      const explained = await snapshot()
      // As a version before the evidence rules left them: the order's
      // customer as the only explanation, and no names to compare.
      await knex.raw(
        `UPDATE customer_identity_order_contact
            SET matched_by = 'customer', first_name = NULL, last_name = NULL
          WHERE customer_id IS NOT NULL`
      )

      const done = await finished((await startBackfill({})).id)

      expect(done.status).toBe("completed")
      expect(done.updated).toBeGreaterThan(0)
      const [contact] = await knex("customer_identity_order_contact").where({
        order_id: "order_bf_01",
      })
      expect(contact).toEqual(
        expect.objectContaining({
          canonical_customer_id: "cus_bf_03",
          matched_by: "email",
          first_name: "Jane",
          last_name: "Doe",
        })
      )
      expect(await snapshot()).toEqual(explained)
    })

    it("should give the same identity rows as the live workflows run event by event", async () => {
      // What the subscribers run, in the order the events came.
      await replayEvents()
      const live = await snapshot()

      await forgetIdentities()
      const done = await finished((await startBackfill({ batch_size: 3 })).id)
      expect(done.status).toBe("completed")

      expect(await snapshot()).toEqual(live)
    })

    it("should report what a dry run would do and write nothing", async () => {
      const before = await snapshot()

      const done = await finished(
        (await startBackfill({ dry_run: true, batch_size: 4 })).id
      )

      expect(done).toEqual(
        expect.objectContaining({
          status: "completed",
          dry_run: true,
          processed: 13,
        })
      )
      expect(done.created).toBeGreaterThanOrEqual(5 + 2 + 6)
      expect(await snapshot()).toEqual(before)
    })

    it("should only take customers and orders of the last cutoff_days days", async () => {
      await knex.raw(
        `UPDATE customer SET created_at = now() WHERE id = 'cus_bf_04'`
      )
      await knex.raw(
        `UPDATE "order" SET created_at = now() WHERE id = 'order_bf_05'`
      )

      const done = await finished((await startBackfill({ cutoff_days: 7 })).id)

      // The recent customer and order, and the admin users.
      expect(done).toEqual(
        expect.objectContaining({
          status: "completed",
          total: 4,
          processed: 4,
        })
      )
      const contacts = await knex("customer_identity_order_contact")
      expect(contacts.map((c: any) => c.order_id)).toEqual(["order_bf_05"])
    })

    it("should refuse a second backfill while one is running", async () => {
      const running = await startCustomerIdentityBackfill(container)

      const { status, data } = await failing(api.post(BASE, {}, { headers }))

      expect(status).toBe(400)
      expect(data.message).toBe(
        `A backfill is already running (${running.id}); wait for it to finish before starting another`
      )
      await runCustomerIdentityBackfill(container, running.id)
    })

    it("should resume after a crash on batch 2 and end as a clean run", async () => {
      const run = await startCustomerIdentityBackfill(container, {
        batch_size: 2,
      })
      let batches = 0
      await expect(
        runCustomerIdentityBackfill(container, run.id, {
          onProgress: () => {
            if (++batches === 2) {
              throw new Error("injected crash after batch 2")
            }
          },
        })
      ).rejects.toThrow("injected crash after batch 2")
      const { data: crashed } = await api.get(`${BASE}/${run.id}`, {
        headers,
      })
      expect(crashed.backfill).toEqual(
        expect.objectContaining({
          status: "failed",
          error: "injected crash after batch 2",
          processed: 4,
          cursor: "cus_bf_04",
        })
      )

      await resumeCustomerIdentityBackfill(container, run.id)
      const resumed = await runCustomerIdentityBackfill(container, run.id)
      expect(resumed).toEqual(
        expect.objectContaining({ status: "completed", processed: 13 })
      )
      const afterResume = await snapshot()

      await forgetIdentities()
      await finished((await startBackfill({ batch_size: 2 })).id)
      expect(await snapshot()).toEqual(afterResume)
    })

    it("should leave the tables as they were when a batch fails after writing", async () => {
      const before = await snapshot()
      const workflow = backfillCustomerIdentityBatchWorkflow(container)
      workflow.appendAction("throw", applyBackfillPlanStepId, {
        invoke: async () => {
          throw new Error("injected failure after the write")
        },
      })

      const { errors } = await workflow.run({
        input: {
          phase: "customers",
          cursor: null,
          batch_size: 10,
          created_after: null,
        },
        throwOnError: false,
      })

      expect(errors[0].error.message).toBe("injected failure after the write")
      expect(await snapshot()).toEqual(before)
    })

    it.each([
      [{ batch_size: 0 }, "batch_size"],
      [{ batch_size: 10001 }, "batch_size"],
      [{ batch_size: 2.5 }, "batch_size"],
      [{ cutoff_days: -3 }, "cutoff_days"],
      [{ dry_run: "yes" }, "dry_run"],
      [{ everything: true }, "everything"],
    ])("should refuse %j with 400 naming the field", async (body, field) => {
      const { status, data } = await failing(api.post(BASE, body, { headers }))
      expect(status).toBe(400)
      expect(data.message).toContain(field)
    })

    it("should answer 401 without an admin token", async () => {
      const { status } = await failing(api.post(BASE, {}))
      expect(status).toBe(401)
    })
  })

  describe("backfillCustomerIdentityBatchWorkflow", () => {
    // Nobody else holds Fay's email or phone; Pat and Sam share a phone;
    // Eve's email was erased after she was made; Ann's email is also an
    // account's (Ann2).
    const insertMixedCustomers = async () => {
      await knex.raw(
        `INSERT INTO customer (id, email, phone, has_account, created_at) VALUES
           ('cus_mix_01', 'Fay@Mix.example', '+1 555 020 0001', false, ?),
           ('cus_mix_02', 'pat@mix.example', '+1 555 020 0002', false, ?),
           ('cus_mix_03', 'sam@mix.example', '(555) 020-0002', true, ?),
           ('cus_mix_04', 'eve@mix.example', '+1 555 020 0004', false, ?),
           ('cus_mix_05', 'ANN@mix.example', '+1 555 020 0005', false, ?),
           ('cus_mix_99', 'ann@mix.example', NULL, true, ?)`,
        [day(1), day(2), day(3), day(4), day(5), day(6)]
      )
      const identity: CustomerIdentityModuleService = container.resolve(
        CUSTOMER_IDENTITY_MODULE
      )
      await identity.createIdentifierSuppressions({
        customer_id: "cus_erased",
        kind: "email",
        identifier_hash: hashIdentifier(
          await suppressionSecret(container),
          "email",
          "eve@mix.example"
        ),
        erased_at: day(20),
      })
    }

    it("should give a batch mixing conflict-free and conflicting customers the rows the live workflows give them", async () => {
      await insertMixedCustomers()
      // Ann2 is indexed live before the backfill: Ann's email is taken.
      const indexAnn2 = () =>
        indexCustomerWorkflow(container).run({
          input: { customer_id: "cus_mix_99" },
        })
      await indexAnn2()
      const customers = await indexCustomers()
      const live = await snapshot()
      await forgetIdentityRows(container)
      await indexAnn2()

      const { result } = await backfillCustomerIdentityBatchWorkflow(
        container
      ).run({
        input: {
          phase: "customers",
          cursor: null,
          batch_size: 100,
          created_after: null,
        },
      })

      expect(result).toEqual(
        expect.objectContaining({
          processed: customers.length,
          created: customers.length - 1,
          skipped: 1,
          leftover_ids: [],
        })
      )
      expect(await snapshot()).toEqual(live)
      const links = await knex("customer_identity_link")
        .select("customer_id", "canonical_customer_id")
        .where("customer_id", "like", "cus_mix_%")
        .orderBy("customer_id")
      expect(links.map((l: any) => l.canonical_customer_id)).toEqual([
        "cus_mix_01",
        "cus_mix_02",
        "cus_mix_03",
        "cus_mix_04",
        "cus_mix_99",
        "cus_mix_99",
      ])
      const owners = await knex.raw(
        `SELECT * FROM (
           SELECT customer_id, email_normalized AS value, is_primary FROM customer_identity_email
            WHERE email_normalized LIKE '%@mix.example'
           UNION ALL
           SELECT customer_id, phone_e164, is_primary FROM customer_identity_phone
            WHERE phone_e164 LIKE '+1555020%') owners
          ORDER BY value COLLATE "C"`
      )
      expect(owners.rows).toEqual([
        { customer_id: "cus_mix_01", value: "+15550200001", is_primary: true },
        { customer_id: "cus_mix_02", value: "+15550200002", is_primary: true },
        { customer_id: "cus_mix_04", value: "+15550200004", is_primary: true },
        { customer_id: "cus_mix_99", value: "+15550200005", is_primary: true },
        {
          customer_id: "cus_mix_99",
          value: "ann@mix.example",
          is_primary: true,
        },
        {
          customer_id: "cus_mix_01",
          value: "fay@mix.example",
          is_primary: true,
        },
        {
          customer_id: "cus_mix_02",
          value: "pat@mix.example",
          is_primary: true,
        },
        {
          customer_id: "cus_mix_03",
          value: "sam@mix.example",
          is_primary: true,
        },
      ])
    })

    it("should give batches mixing conflict-free and conflicting orders the contacts and stats the live workflows give them", async () => {
      await insertMixedCustomers()
      // Fay's order conflicts with nothing; Pat's first order brings a new
      // phone, so his second is planned after it; a guest order with Ann's
      // email and Ann2's own order; Eve's order after her email's erasure
      // time; Sam's order with the phone Pat holds.
      await knex.raw(
        `INSERT INTO order_address (id, phone, country_code) VALUES
           ('oaddr_mix_02', '+1 555 020 0777', 'us')`
      )
      await knex.raw(
        `INSERT INTO "order" (id, customer_id, email, currency_code, status, billing_address_id, created_at) VALUES
           ('order_mix_01', 'cus_mix_01', 'fay@mix.example', 'usd', 'pending', NULL, ?),
           ('order_mix_02', 'cus_mix_02', 'pat@mix.example', 'usd', 'pending', 'oaddr_mix_02', ?),
           ('order_mix_03', 'cus_mix_02', 'PAT@mix.example', 'usd', 'pending', NULL, ?),
           ('order_mix_04', NULL, 'ann@mix.example', 'usd', 'pending', NULL, ?),
           ('order_mix_05', 'cus_mix_99', 'ann@mix.example', 'usd', 'pending', NULL, ?),
           ('order_mix_06', 'cus_mix_04', 'eve@mix.example', 'usd', 'pending', NULL, ?),
           ('order_mix_07', 'cus_mix_03', 'sam@mix.example', 'usd', 'pending', NULL, ?)`,
        [day(10), day(11), day(12), day(13), day(14), day(15), day(16)]
      )
      await replayEvents()
      const live = await snapshot()
      await forgetIdentityRows(container)
      await knex.raw(
        `DELETE FROM customer WHERE id NOT LIKE 'cus_bf_%' AND id NOT LIKE 'cus_mix_%'`
      )

      const run = await startCustomerIdentityBackfill(container, {
        batch_size: 100,
      })
      const done = await runCustomerIdentityBackfill(container, run.id)

      expect(done.status).toBe("completed")
      expect(await snapshot()).toEqual(live)
      const contacts = await knex("customer_identity_order_contact")
        .select("order_id", "canonical_customer_id", "email")
        .where("order_id", "like", "order_mix_%")
        .orderBy("order_id")
      expect(contacts).toEqual([
        {
          order_id: "order_mix_01",
          canonical_customer_id: "cus_mix_01",
          email: "fay@mix.example",
        },
        {
          order_id: "order_mix_02",
          canonical_customer_id: "cus_mix_02",
          email: "pat@mix.example",
        },
        {
          order_id: "order_mix_03",
          canonical_customer_id: "cus_mix_02",
          email: "PAT@mix.example",
        },
        {
          order_id: "order_mix_04",
          canonical_customer_id: "cus_mix_99",
          email: "ann@mix.example",
        },
        {
          order_id: "order_mix_05",
          canonical_customer_id: "cus_mix_99",
          email: "ann@mix.example",
        },
        {
          order_id: "order_mix_06",
          canonical_customer_id: "cus_mix_04",
          email: null,
        },
        {
          order_id: "order_mix_07",
          canonical_customer_id: "cus_mix_03",
          email: "sam@mix.example",
        },
      ])
    })
  })

  describe("GET /admin/customer-identity/backfill/:id", () => {
    it("should answer 404 for an unknown backfill", async () => {
      const { status } = await failing(
        api.get(`${BASE}/cibf_nope`, { headers })
      )
      expect(status).toBe(404)
    })
  })
}
