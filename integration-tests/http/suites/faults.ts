import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import { Client } from "pg"
import customerCreatedHandler from "../../../src/subscribers/customer-created"
import customerUpdatedHandler from "../../../src/subscribers/customer-updated"
import orderCanceledHandler from "../../../src/subscribers/order-canceled"
import orderPlacedHandler from "../../../src/subscribers/order-placed"
import userCreatedHandler from "../../../src/subscribers/user-created"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import {
  addCustomerIdentifiersWorkflow,
  createCustomerIdentifiersStepId,
  findOrCreateCustomerWorkflow,
  linkUserToCustomerWorkflow,
  removeCustomerIdentifierStepId,
  removeCustomerIdentifierWorkflow,
  resumeCustomerIdentityBackfill,
  runCustomerIdentityBackfill,
  setCustomerUserStepId,
  setPrimaryCustomerIdentifierWorkflow,
  setPrimaryIdentifierStepId,
  startCustomerIdentityBackfill,
  unlinkUserFromCustomerWorkflow,
  unsetCustomerUserStepId,
  updateCustomerIdentityStatusWorkflow,
  updateIdentityStatusStepId,
} from "../../../src/workflows"
import { forgetIdentities, insertPrePluginData } from "../../helpers/backfill"
import { eventually } from "../../helpers/eventually"
import { settleSubscribers } from "../../helpers/settle"
import {
  IDENTITY_TABLES,
  identityState,
  tableSnapshot,
} from "../../helpers/tables"

/** A workflow as the tests drive it: a failure can be injected after a step. */
interface FailableWorkflow {
  insertActionAfter(
    stepId: string,
    name: string,
    handler: { invoke: () => Promise<unknown> }
  ): void
  run(args: {
    input: unknown
    throwOnError: false
  }): Promise<{ errors: { error: { message: string } }[] }>
}

const HANDLERS = {
  "customer.created": customerCreatedHandler,
  "customer.updated": customerUpdatedHandler,
  "user.created": userCreatedHandler,
  "order.placed": orderPlacedHandler,
  "order.canceled": orderCanceledHandler,
}
type Delivery = [keyof typeof HANDLERS, string]

const CUSTOMERS = ["cus_bf_01", "cus_bf_02", "cus_bf_03", "cus_bf_04"]

export default function faults({ getContainer }: MedusaSuiteOptions) {
  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let knex: any

  beforeEach(() => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  })

  afterEach(async () => {
    await settleSubscribers(container)
  })

  /**
   * Runs the workflow with a failure injected after the step and checks
   * that the identity tables and core customers are exactly as before.
   */
  const expectNoTrace = async (
    workflow: FailableWorkflow,
    stepId: string,
    input: unknown
  ) => {
    const tables = [...IDENTITY_TABLES, "customer"]
    const before = await tableSnapshot(container, tables)
    workflow.insertActionAfter(stepId, "throw", {
      invoke: async () => {
        throw new Error(`injected after ${stepId}`)
      },
    })
    const { errors } = await workflow.run({ input, throwOnError: false })
    expect(errors[0]?.error?.message).toBe(`injected after ${stepId}`)
    expect(await tableSnapshot(container, tables)).toEqual(before)
  }

  describe("compensation", () => {
    let customerId: string
    const identifiers = async (kind: "email" | "phone") =>
      kind === "email"
        ? await identity.listCustomerEmails({ customer_id: customerId })
        : await identity.listCustomerPhones({ customer_id: customerId })

    beforeEach(async () => {
      const { result } = await findOrCreateCustomerWorkflow(container).run({
        input: {
          source: "manual",
          email: "ann@example.com",
          phone: "+1 415 555 0101",
          first_name: "Ann",
        },
      })
      customerId = result.customer_id
      await addCustomerIdentifiersWorkflow(container).run({
        input: {
          customer_id: customerId,
          source: "manual",
          emails: [{ email: "ann.work@example.com" }],
          phones: [{ phone: "+1 415 555 0102" }],
        },
      })
    })

    /** An admin user made without `user.created`, so no subscriber links it. */
    const createUser = async (email: string) =>
      (await container.resolve(Modules.USER).createUsers({ email })).id

    it.each([
      ["the customer of its email", "ann@example.com"],
      ["a customer made for it", "new.staff@example.com"],
    ])(
      "should leave no trace when linking a user to %s fails",
      async (_, email) => {
        const userId = await createUser(email)
        await expectNoTrace(
          linkUserToCustomerWorkflow(container) as FailableWorkflow,
          setCustomerUserStepId,
          { user_id: userId }
        )
        expect(await identity.listCustomerLinks({ user_id: userId })).toEqual(
          []
        )
      }
    )

    it("should leave no trace when unlinking a user fails", async () => {
      const userId = await createUser("ann@example.com")
      await linkUserToCustomerWorkflow(container).run({
        input: { user_id: userId },
      })
      await expectNoTrace(
        unlinkUserFromCustomerWorkflow(container) as FailableWorkflow,
        unsetCustomerUserStepId,
        { user_id: userId }
      )
    })

    it("should leave no trace when a status change fails", async () => {
      await expectNoTrace(
        updateCustomerIdentityStatusWorkflow(container) as FailableWorkflow,
        updateIdentityStatusStepId,
        { customer_id: customerId, action: "archive" }
      )
    })

    it.each(["email", "phone"] as const)(
      "should leave no trace when adding, removing or making primary an %s fails",
      async (kind) => {
        await expectNoTrace(
          addCustomerIdentifiersWorkflow(container) as FailableWorkflow,
          createCustomerIdentifiersStepId,
          {
            customer_id: customerId,
            source: "manual",
            ...(kind === "email"
              ? { emails: [{ email: "ann.new@example.com" }] }
              : { phones: [{ phone: "+1 415 555 0103" }] }),
          }
        )
        const secondary = (await identifiers(kind)).find(
          (row) => !row.is_primary
        )!
        const ref = { customer_id: customerId, kind, id: secondary.id }
        await expectNoTrace(
          removeCustomerIdentifierWorkflow(container) as FailableWorkflow,
          removeCustomerIdentifierStepId,
          ref
        )
        await expectNoTrace(
          setPrimaryCustomerIdentifierWorkflow(container) as FailableWorkflow,
          setPrimaryIdentifierStepId,
          ref
        )
        expect((await identifiers(kind)).map((row) => row.id)).toContain(
          secondary.id
        )
      }
    )
  })

  describe("pre-plugin data", () => {
    beforeEach(async () => {
      await insertPrePluginData(container)
      await knex.raw(
        `INSERT INTO "user" (id, email) VALUES ('user_fl_02', 'staff@example.com')`
      )
      // Changed before its events are delivered: handlers read it as it is now.
      await knex.raw(
        `UPDATE customer SET email = 'bob.new@example.com' WHERE id = 'cus_bf_04'`
      )
      // Neither email nor phone: no identifier lock makes its runs take turns.
      await knex.raw(
        `INSERT INTO "order" (id, customer_id, currency_code, status) VALUES ('order_fl_07', 'cus_bf_04', 'usd', 'pending')`
      )
    })

    /** Delivers events as a bus would: the rounds in turn, the events of a round at once. */
    const deliver = async (rounds: Delivery[][]) => {
      for (const round of rounds) {
        await Promise.all(
          round.map(([name, id]) =>
            HANDLERS[name]({
              event: { name, data: { id } },
              container,
              pluginOptions: {},
            } as never)
          )
        )
      }
    }
    const twiceAtOnce = (deliveries: Delivery[]): Delivery[][] =>
      deliveries.map((delivery) => [delivery, delivery])
    const each = (name: Delivery[0], ids: string[]) =>
      ids.map((id): Delivery => [name, id])

    describe("redelivery", () => {
      const created = each("customer.created", CUSTOMERS)
      it.each<[string, Delivery[][], Delivery[][]]>([
        [
          "customer.created twice",
          created.map((delivery) => [delivery]),
          twiceAtOnce(created),
        ],
        [
          "customer.updated before customer.created, each twice",
          [
            ...created.map((delivery) => [delivery]),
            ...each("customer.updated", CUSTOMERS).map((d) => [d]),
          ],
          [
            ...twiceAtOnce(each("customer.updated", CUSTOMERS)),
            ...twiceAtOnce(created),
          ],
        ],
        [
          "user.created twice",
          [
            ...created.map((delivery) => [delivery]),
            ...each("user.created", ["user_bf_01", "user_fl_02"]).map((d) => [
              d,
            ]),
          ],
          [
            ...created.map((delivery) => [delivery]),
            ...twiceAtOnce(each("user.created", ["user_bf_01", "user_fl_02"])),
          ],
        ],
        [
          "order.placed and order.canceled twice",
          [
            ...created.map((delivery) => [delivery]),
            [["order.placed", "order_bf_05"]],
            [["order.canceled", "order_bf_05"]],
          ],
          [
            ...created.map((delivery) => [delivery]),
            ...twiceAtOnce([
              ["order.canceled", "order_bf_05"],
              ["order.placed", "order_bf_05"],
              ["order.canceled", "order_bf_05"],
            ]),
          ],
        ],
        [
          "order.placed five times at once, for an order without email or phone",
          [
            ...created.map((delivery) => [delivery]),
            [["order.placed", "order_fl_07"]],
          ],
          [
            ...created.map((delivery) => [delivery]),
            Array.from({ length: 5 }, (): Delivery => [
              "order.placed",
              "order_fl_07",
            ]),
          ],
        ],
      ])(
        "should reach the state of one delivery in order: %s",
        async (_, inOrder, messy) => {
          await deliver(inOrder)
          await settleSubscribers(container)
          const clean = await identityState(container)

          await forgetIdentities(container)
          await deliver(messy)
          await settleSubscribers(container)
          expect(await identityState(container)).toEqual(clean)

          // Delivered yet again: nothing changes, not even a timestamp.
          const exact = await tableSnapshot(container)
          await deliver(messy)
          await settleSubscribers(container)
          expect(await tableSnapshot(container)).toEqual(exact)
        }
      )
    })

    describe("dropped connection", () => {
      it("should resume a backfill whose connection was dropped mid-batch and end as a clean run", async () => {
        const clean = await startCustomerIdentityBackfill(container, {
          batch_size: 2,
        })
        await runCustomerIdentityBackfill(container, clean.id)
        const expected = await identityState(container)
        await forgetIdentities(container)

        // A second client holds the links table, waits for the backfill's
        // next batch to block on it, and terminates that connection.
        const settings = knex.client.connectionSettings
        const killer = new Client(
          typeof settings === "string"
            ? { connectionString: settings }
            : settings
        )
        await killer.connect()
        const terminated: { pid: number; query: string }[] = []
        let dropping: Promise<void> | undefined
        const dropBlockedConnection = async () => {
          try {
            await eventually(
              async () => {
                const { rows } = await killer.query(
                  `SELECT pid, query, pg_terminate_backend(pid) AS done
                       FROM pg_stat_activity
                      WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`
                )
                terminated.push(...rows.filter((row) => row.done))
                expect(terminated.length).toBeGreaterThan(0)
              },
              { timeout: 30_000, interval: 50 }
            )
          } finally {
            await killer.query("ROLLBACK")
          }
        }

        const run = await startCustomerIdentityBackfill(container, {
          batch_size: 2,
        })
        let batches = 0
        let outcome: string
        try {
          outcome = await runCustomerIdentityBackfill(container, run.id, {
            onProgress: async () => {
              if (++batches !== 1) {
                return
              }
              await killer.query("BEGIN")
              await killer.query(
                "LOCK TABLE customer_identity_link IN ACCESS EXCLUSIVE MODE"
              )
              dropping = dropBlockedConnection()
            },
          }).then(
            (done) => `completed: ${done.status}`,
            (error) => `failed: ${error.message}`
          )
          await dropping
        } finally {
          await killer.end()
        }
        // The connection that died was the backfill's, in its second batch.
        expect({ outcome, terminated }).toEqual({
          outcome: expect.stringMatching(
            /^failed: [\s\S]*terminating connection due to administrator command$/
          ),
          terminated: [expect.objectContaining({ done: true })],
        })
        const [failed] = await identity.listBackfillRuns({ id: run.id })
        expect(failed).toEqual(
          expect.objectContaining({
            status: "failed",
            error: expect.stringMatching(/terminat/i),
            processed: 2,
          })
        )

        await resumeCustomerIdentityBackfill(container, run.id)
        const resumed = await runCustomerIdentityBackfill(container, run.id)
        expect(resumed.status).toBe("completed")
        expect(await identityState(container)).toEqual(expected)
      })
    })
  })
}
