import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createCustomerAddressesStepId,
  createUsersWorkflow,
  emitEventStepId,
  linkCustomerGroupsToCustomerStepId,
} from "@medusajs/medusa/core-flows"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { CustomerIdentityEvents } from "../../../src/types/events"
import {
  createCustomerMergeStepId,
  deleteMergedAddressesStepId,
  findOrCreateCustomerWorkflow,
  foldCustomersStepId,
  markCustomerMergeRevertedStepId,
  mergeCustomersWorkflow,
  moveCustomerUserStepId,
  recomputeOrderStatsStepId,
  recordOrderContactWorkflow,
  removeMergedCustomerGroupsStepId,
  restoreFoldStepId,
  revertCustomerMergeWorkflow,
  transferOrdersStepId,
} from "../../../src/workflows"
import { createAdminHeaders } from "../../helpers/admin"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import {
  IDENTITY_TABLES,
  MERGE_CORE_TABLES,
  tableSnapshot,
} from "../../helpers/tables"

const BASE = "/admin/customer-identity/merges"

export default function merge({ api, getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let headers: Record<string, string>
  let knex: any
  /** Ann's account, the merge target. */
  let target: string
  /** Ann's older account, with her admin user, orders, address and group. */
  let source: string
  /** A guest of Ann's old email, already folded into the source. */
  let guest: string
  let userId: string
  let groupId: string
  let orderIds: string[]

  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    ;({ headers } = await createAdminHeaders(container))

    const resolve = async (
      input: Record<string, string | Record<string, string>>
    ) =>
      (
        await findOrCreateCustomerWorkflow(container).run({
          input: { source: "manual", ...input },
        })
      ).result.customer_id
    target = await resolve({
      email: "ann@example.com",
      phone: "+1 415 555 0101",
      first_name: "Ann",
      identifiers: { loyalty_card: "lc-ann" },
    })
    source = await resolve({
      email: "ann.old@example.com",
      phone: "+1 415 555 0199",
      first_name: "Ann",
      identifiers: { loyalty_card: "lc-ann-old", tax_id: "DE 123 456 789" },
    })
    guest = await resolve({ email: "ann.shop@example.com" })
    await identity.foldCustomers(source, [guest])

    // The user.created subscriber links the user to the customer of its email.
    const { result: users } = await createUsersWorkflow(container).run({
      input: { users: [{ email: "ann.old@example.com" }] },
    })
    userId = users[0].id
    await eventually(async () => {
      const [link] = await identity.listCustomerLinks({ user_id: userId })
      expect(link?.customer_id).toBe(source)
    })

    const customerModule = container.resolve(Modules.CUSTOMER)
    await customerModule.createCustomerAddresses([
      {
        customer_id: source,
        address_1: "1 Old Road",
        city: "Springfield",
        country_code: "us",
        is_default_shipping: true,
      },
      {
        customer_id: target,
        address_1: "9 New Street",
        city: "Springfield",
        country_code: "us",
        is_default_shipping: true,
      },
    ])
    const group = await customerModule.createCustomerGroups({ name: "VIP" })
    groupId = group.id
    await customerModule.addCustomerToGroup({
      customer_id: source,
      customer_group_id: groupId,
    })

    const orders = await container.resolve(Modules.ORDER).createOrders(
      ["ann.old@example.com", "Ann.Old@Example.com"].map((email) => ({
        email,
        customer_id: source,
        currency_code: "usd",
        items: [{ title: "Mug", quantity: 1, unit_price: 12 }],
      }))
    )
    orderIds = orders.map((order) => order.id)
    for (const order_id of orderIds) {
      await recordOrderContactWorkflow(container).run({
        input: { order_id },
      })
    }
    await settleSubscribers(container)
  })

  /**
   * Every row a merge touches, every column but `updated_at`: the plugin's
   * tables, the customers' addresses and groups, the orders' customers and
   * their live order changes.
   */
  const snapshot = async () => {
    const rows: Record<string, unknown[]> = {}
    for (const [name, query] of [
      ...[
        "customer_identity_link",
        "customer_identity_email",
        "customer_identity_phone",
        "customer_identity_identifier",
        "customer_identity_order_contact",
        "customer_identity_merge",
      ].map((table) => [
        table,
        `SELECT to_jsonb(t) - 'updated_at' AS row FROM ${table} t WHERE deleted_at IS NULL ORDER BY id`,
      ]),
      [
        "customer_address",
        `SELECT to_jsonb(t) - 'updated_at' AS row FROM customer_address t WHERE deleted_at IS NULL ORDER BY id`,
      ],
      [
        "customer_group_customer",
        `SELECT customer_id || ':' || customer_group_id AS row FROM customer_group_customer WHERE deleted_at IS NULL ORDER BY 1`,
      ],
      [
        "order",
        `SELECT id || ':' || customer_id AS row FROM "order" ORDER BY id`,
      ],
      [
        "order_change",
        `SELECT order_id || ':' || status AS row FROM order_change WHERE deleted_at IS NULL ORDER BY 1`,
      ],
    ]) {
      rows[name] = (await knex.raw(query)).rows.map((r: any) => r.row)
    }
    return rows
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

  const merge = (body: Record<string, unknown>) =>
    api.post(BASE, body, { headers })
  const preview = (body: Record<string, unknown>) =>
    api.post(`${BASE}/preview`, body, { headers })
  const revert = (id: string) =>
    api.post(`${BASE}/${id}/revert`, {}, { headers })
  const linkOf = async (customerId: string) =>
    (await identity.listCustomerLinks({ customer_id: customerId }))[0]

  describe("POST /admin/customer-identity/merges/preview", () => {
    it("should list what would move and change nothing", async () => {
      const before = await snapshot()
      const { data } = await preview({
        source_customer_id: source,
        target_customer_id: target,
      })
      const plan = data.merge_preview
      expect(plan.blockers).toEqual([])
      expect(plan.source_customer).toEqual(
        expect.objectContaining({ id: source, email: "ann.old@example.com" })
      )
      expect(plan.target_customer.id).toBe(target)
      expect(plan.emails.map((e: any) => e.email).sort()).toEqual([
        "ann.old@example.com",
        "ann.shop@example.com",
      ])
      expect(plan.phones.map((p: any) => p.phone_e164)).toEqual([
        "+14155550199",
      ])
      expect(plan.folded_customer_ids).toEqual([guest])
      expect(plan.orders.map((o: any) => o.id).sort()).toEqual(
        [...orderIds].sort()
      )
      expect(plan.user_id).toBe(userId)
      expect(plan.addresses).toEqual([
        expect.objectContaining({
          address_1: "1 Old Road",
          customer_id: target,
          is_default_shipping: false,
        }),
      ])
      expect(plan.customer_groups).toEqual([{ id: groupId, name: "VIP" }])
      expect(await snapshot()).toEqual(before)
    })

    it("should report every blocker: archived, both with an admin user", async () => {
      await api.post(
        `/admin/customer-identity/customers/${target}/archive`,
        {},
        { headers }
      )
      await createUsersWorkflow(container).run({
        input: { users: [{ email: "ann@example.com" }] },
      })
      await eventually(async () => {
        expect((await linkOf(target)).user_id).toBeTruthy()
      })
      const { data } = await preview({
        source_customer_id: source,
        target_customer_id: target,
      })
      expect(data.merge_preview.blockers.map((b: any) => b.code)).toEqual([
        "archived",
        "both_users",
      ])
      const before = await snapshot()
      const { status, data: error } = await failing(
        merge({ source_customer_id: source, target_customer_id: target })
      )
      expect(status).toBe(400)
      expect(error.message).toContain(`Customer ${target} is archived`)
      expect(error.message).toContain(
        "Both customers are linked to an admin user"
      )
      expect(await snapshot()).toEqual(before)
    })

    it("should block a folded customer and one identity merged into itself", async () => {
      const { data: folded } = await preview({
        source_customer_id: guest,
        target_customer_id: target,
      })
      expect(folded.merge_preview.blockers).toEqual([
        {
          code: "folded",
          message: `Customer ${guest} is folded into ${source}: merge that customer instead`,
        },
      ])
      const { data: same } = await preview({
        source_customer_id: guest,
        target_customer_id: source,
      })
      expect(same.merge_preview.blockers.map((b: any) => b.code)).toEqual([
        "same_identity",
      ])
    })

    it("should block while an order to move has an order change in progress", async () => {
      await container.resolve(Modules.ORDER).createOrderChange({
        order_id: orderIds[0],
        change_type: "edit",
      })
      const { data } = await preview({
        source_customer_id: source,
        target_customer_id: target,
      })
      expect(data.merge_preview.blockers).toEqual([
        expect.objectContaining({ code: "order_change_active" }),
      ])
    })

    it("should answer 404 for a customer without an identity and 400 for bad bodies", async () => {
      const missing = await failing(
        preview({
          source_customer_id: "cus_nope",
          target_customer_id: target,
        })
      )
      expect(missing.status).toBe(404)
      expect(missing.data.message).toBe("Customer cus_nope has no identity")

      for (const [body, message] of [
        [{ source_customer_id: source }, "target_customer_id"],
        [
          { source_customer_id: source, target_customer_id: source },
          "target_customer_id must differ from source_customer_id",
        ],
        [{ source_customer_id: source, target_customer_id: target, x: 1 }, "x"],
        [
          { source_customer_id: 5, target_customer_id: target },
          "source_customer_id",
        ],
      ] as const) {
        for (const send of [preview, merge]) {
          const { status, data } = await failing(send(body as any))
          expect(status).toBe(400)
          expect(data.message).toContain(message)
        }
      }
    })
  })

  describe("POST /admin/customer-identity/merges and /:id/revert", () => {
    it("should move everything to the target, journal it, and revert it exactly", async () => {
      const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")
      const before = await snapshot()
      const beforeTarget = await linkOf(target)

      const { data } = await merge({
        source_customer_id: source,
        target_customer_id: target,
      })
      const merged = data.customer_merge
      expect(merged).toEqual(
        expect.objectContaining({
          source_customer_id: source,
          target_customer_id: target,
          status: "merged",
          merged_by: expect.stringMatching(/^user_/),
        })
      )
      expect(merged.journal.order_ids.sort()).toEqual([...orderIds].sort())
      expect(merged.journal.user_id).toBe(userId)

      for (const id of [source, guest]) {
        expect((await linkOf(id)).canonical_customer_id).toBe(target)
      }
      const targetLink = await linkOf(target)
      expect(targetLink.user_id).toBe(userId)
      expect((await linkOf(source)).user_id).toBeNull()
      expect(targetLink.order_count).toBe(beforeTarget.order_count + 2)
      const emails = await identity.listCustomerEmails({
        customer_id: target,
      })
      expect(emails.map((e) => e.email_normalized).sort()).toEqual([
        "ann.old@example.com",
        "ann.shop@example.com",
        "ann@example.com",
      ])
      // The target keeps its own primary.
      expect(emails.find((e) => e.is_primary)?.email_normalized).toBe(
        "ann@example.com"
      )
      // Values of identifier kinds move as emails do: one primary per kind.
      const kinds = await identity.listCustomerIdentifiers({
        customer_id: [source, target],
      })
      expect(
        kinds
          .map((i) => [i.customer_id, i.kind, i.value_normalized, i.is_primary])
          .sort()
      ).toEqual([
        [target, "loyalty_card", "LCANN", true],
        [target, "loyalty_card", "LCANNOLD", false],
        [target, "tax_id", "DE123456789", true],
      ])
      // The source's loyalty card now finds the target.
      const { result: found } = await findOrCreateCustomerWorkflow(
        container
      ).run({
        input: {
          identifiers: { loyalty_card: "LC ANN OLD" },
          source: "manual",
        },
      })
      expect(found).toEqual(
        expect.objectContaining({
          canonical_customer_id: target,
          matched_by: "identifier",
          matched_kind: "loyalty_card",
        })
      )
      const orders = await container
        .resolve(Modules.ORDER)
        .listOrders({ id: orderIds }, { select: ["id", "customer_id"] })
      expect(orders.map((o) => o.customer_id)).toEqual([target, target])
      const changes = await container
        .resolve(Modules.ORDER)
        .listOrderChanges({ order_id: orderIds })
      expect(changes).toHaveLength(2)
      expect(changes.every((c) => c.change_type === "transfer")).toBe(true)
      expect(changes.every((c) => c.status === "confirmed")).toBe(true)
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(target, { relations: ["addresses", "groups"] })
      expect(customer.addresses.map((a) => a.address_1).sort()).toEqual([
        "1 Old Road",
        "9 New Street",
      ])
      expect(customer.groups!.map((g) => g.id)).toEqual([groupId])
      const events = emit.mock.calls.flatMap(([e]) =>
        Array.isArray(e) ? e : [e]
      )
      expect(events).toContainEqual(
        expect.objectContaining({
          name: CustomerIdentityEvents.CUSTOMERS_MERGED,
          data: {
            id: merged.id,
            source_customer_id: source,
            target_customer_id: target,
          },
        })
      )

      const { data: listed } = await api.get(`${BASE}?customer_id=${source}`, {
        headers,
      })
      expect(listed.customer_merges.map((m: any) => m.id)).toEqual([merged.id])
      expect(listed.count).toBe(1)
      const { data: one } = await api.get(`${BASE}/${merged.id}`, {
        headers,
      })
      expect(one.customer_merge.journal).toEqual(merged.journal)

      // Merging again: the source is now part of the target.
      const again = await failing(
        merge({ source_customer_id: source, target_customer_id: target })
      )
      expect(again.status).toBe(400)
      expect(again.data.message).toContain("are already one identity")

      const { data: reverted } = await revert(merged.id)
      expect(reverted.customer_merge).toEqual(
        expect.objectContaining({
          id: merged.id,
          status: "reverted",
          reverted_by: expect.stringMatching(/^user_/),
        })
      )
      const after = await snapshot()
      // Everything is back but the merge record, which stays as history,
      // and the orders' change log, which now holds both transfers.
      expect({
        ...after,
        customer_identity_merge: [],
        order_change: [],
      }).toEqual({ ...before, order_change: [] })
      expect(after.order_change).toHaveLength(4)
      expect(events.length).toBeGreaterThan(0)
      expect(
        emit.mock.calls
          .flatMap(([e]) => (Array.isArray(e) ? e : [e]))
          .map((e) => e.name)
      ).toContain(CustomerIdentityEvents.MERGE_REVERTED)
      emit.mockRestore()

      const twice = await failing(revert(merged.id))
      expect(twice.status).toBe(400)
      expect(twice.data.message).toBe(`Merge ${merged.id} was already reverted`)
    })

    it("should refuse a revert once something the merge moved has moved, listing it", async () => {
      const { data } = await merge({
        source_customer_id: source,
        target_customer_id: target,
      })
      const [moved] = await identity.listCustomerEmails({
        email_normalized: "ann.shop@example.com",
      })
      await api.delete(
        `/admin/customer-identity/customers/${target}/emails/${moved.id}`,
        { headers }
      )
      await api
        .post(`/admin/customer-identity/users/${userId}/link`, {}, { headers })
        .catch(() => undefined)
      // On Redis the events of the calls above may still be running.
      await settleSubscribers(container)
      const before = await snapshot()
      const { status, data: error } = await failing(
        revert(data.customer_merge.id)
      )
      expect(status).toBe(400)
      expect(error.message).toContain(
        `Merge ${data.customer_merge.id} cannot be reverted`
      )
      expect(error.message).toContain("email ann.shop@example.com was removed")
      expect(await snapshot()).toEqual(before)
    })

    it("should answer 404 for an unknown merge and 401 without a token", async () => {
      const missing = await failing(revert("cimerge_nope"))
      expect(missing.status).toBe(404)
      expect(missing.data.message).toBe("Merge cimerge_nope was not found")
      expect(
        (await failing(api.get(`${BASE}/cimerge_nope`, { headers }))).status
      ).toBe(404)
      for (const request of [
        api.get(BASE),
        api.post(BASE, {
          source_customer_id: source,
          target_customer_id: target,
        }),
        api.post(`${BASE}/preview`, {
          source_customer_id: source,
          target_customer_id: target,
        }),
        api.post(`${BASE}/cimerge_nope/revert`, {}),
      ]) {
        expect((await failing(request)).status).toBe(401)
      }
      expect((await linkOf(source)).canonical_customer_id).toBe(source)
    })

    it("should let exactly one of two opposite merges of one pair through", async () => {
      const results = await Promise.allSettled([
        merge({ source_customer_id: source, target_customer_id: target }),
        merge({ source_customer_id: target, target_customer_id: source }),
      ])
      const ok = results.filter((r) => r.status === "fulfilled")
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === "rejected"
      )
      expect(ok).toHaveLength(1)
      expect(refused).toHaveLength(1)
      expect(refused[0].reason.response.status).toBe(400)
      const merges = await identity.listCustomerMerges({})
      expect(merges).toHaveLength(1)
      const links = await identity.listCustomerLinks({
        customer_id: [source, target],
      })
      expect(new Set(links.map((l) => l.canonical_customer_id)).size).toBe(1)
    })
  })

  describe("GET /admin/customer-identity/merges", () => {
    it("should list a customer's merges as source or target, newest first, with both customers", async () => {
      const other = (
        await findOrCreateCustomerWorkflow(container).run({
          input: {
            source: "manual",
            email: "ann.third@example.com",
            first_name: "Annie",
          },
        })
      ).result.customer_id
      const pair = { source_customer_id: source, target_customer_id: target }
      const first = (await merge(pair)).data.customer_merge
      await revert(first.id)
      const second = (await merge(pair)).data.customer_merge
      const third = (
        await merge({ source_customer_id: other, target_customer_id: target })
      ).data.customer_merge
      const list = async (query: string) =>
        (await api.get(`${BASE}?${query}`, { headers })).data

      const ofTarget = await list(`customer_id=${target}`)
      expect(ofTarget.customer_merges.map((m: any) => m.id)).toEqual([
        third.id,
        second.id,
        first.id,
      ])
      expect(ofTarget).toMatchObject({ count: 3, offset: 0, limit: 20 })
      expect(ofTarget.customer_merges[0]).toEqual(
        expect.objectContaining({
          source_customer_id: other,
          target_customer_id: target,
          status: "merged",
          source_customer: expect.objectContaining({
            id: other,
            email: "ann.third@example.com",
            first_name: "Annie",
          }),
          target_customer: expect.objectContaining({
            id: target,
            email: "ann@example.com",
          }),
        })
      )
      expect(ofTarget.customer_merges[2]).toEqual(
        expect.objectContaining({
          status: "reverted",
          reverted_at: expect.any(String),
        })
      )

      const ofSource = await list(`customer_id=${source}`)
      expect(ofSource.customer_merges.map((m: any) => m.id)).toEqual([
        second.id,
        first.id,
      ])
      expect(
        (await list(`customer_id=${target}&status=merged`)).customer_merges
      ).toEqual([
        expect.objectContaining({ id: third.id }),
        expect.objectContaining({ id: second.id }),
      ])
      const page = await list(`customer_id=${target}&limit=1&offset=1`)
      expect(page.customer_merges.map((m: any) => m.id)).toEqual([second.id])
      expect(page).toMatchObject({ count: 3, offset: 1, limit: 1 })
      expect(await list(`customer_id=${guest}`)).toEqual({
        customer_merges: [],
        count: 0,
        offset: 0,
        limit: 20,
      })
      expect((await list("")).count).toBe(3)
    })

    it("should answer 400 for a bad status or customer_id", async () => {
      // Medusa words query errors itself, naming the field.
      for (const [query, message] of [
        ["status=done", "'merged, reverted' for field 'status'"],
        ["customer_id=", "field 'customer_id' too small"],
        [`customer_id=${"c".repeat(101)}`, "field 'customer_id' too big"],
        ["limit=x", "limit"],
      ]) {
        const { status, data } = await failing(
          api.get(`${BASE}?${query}`, { headers })
        )
        expect(status).toBe(400)
        expect(data.message).toContain(message)
      }
    })
  })

  describe("compensation", () => {
    /** Every identity table and every core table a merge writes, whole. */
    const exactSnapshot = () =>
      tableSnapshot(container, [...IDENTITY_TABLES, ...MERGE_CORE_TABLES])

    it.each([
      foldCustomersStepId,
      transferOrdersStepId,
      moveCustomerUserStepId,
      createCustomerAddressesStepId,
      linkCustomerGroupsToCustomerStepId,
      recomputeOrderStatsStepId,
      createCustomerMergeStepId,
      emitEventStepId,
    ])(
      "should leave no trace when the merge fails after %s",
      async (stepId) => {
        const before = await exactSnapshot()
        const workflow = mergeCustomersWorkflow(container)
        workflow.insertActionAfter(stepId, "throw", {
          invoke: async () => {
            throw new Error(`injected after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: { source_customer_id: source, target_customer_id: target },
          throwOnError: false,
        })
        expect(errors[0]?.error?.message).toBe(`injected after ${stepId}`)
        expect(await exactSnapshot()).toEqual(before)
        // The locks were given back: a merge can go ahead at once.
        await merge({
          source_customer_id: source,
          target_customer_id: target,
        })
      }
    )

    it.each([
      restoreFoldStepId,
      transferOrdersStepId,
      moveCustomerUserStepId,
      deleteMergedAddressesStepId,
      removeMergedCustomerGroupsStepId,
      recomputeOrderStatsStepId,
      markCustomerMergeRevertedStepId,
      emitEventStepId,
    ])(
      "should leave the merge in place when its revert fails after %s",
      async (stepId) => {
        const { data } = await merge({
          source_customer_id: source,
          target_customer_id: target,
        })
        const before = await exactSnapshot()
        const workflow = revertCustomerMergeWorkflow(container)
        workflow.insertActionAfter(stepId, "throw", {
          invoke: async () => {
            throw new Error(`injected after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: { id: data.customer_merge.id },
          throwOnError: false,
        })
        expect(errors[0]?.error?.message).toBe(`injected after ${stepId}`)
        const after = await exactSnapshot()
        // The transfer back and its undo leave no live order change behind.
        expect(after).toEqual(before)
        await revert(data.customer_merge.id)
      }
    )
  })
}
