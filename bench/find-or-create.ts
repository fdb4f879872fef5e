import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import CustomerIdentityModuleService from "../src/modules/customer-identity/service"
import {
  BackfillPhase,
  BackfillStatus,
  CUSTOMER_IDENTITY_MODULE,
} from "../src/types/constants"
import { findOrCreateCustomerWorkflow } from "../src/workflows"
import { Benchmark } from "./lib/benchmark"
import { ms, p50p99, time, waitFor } from "./lib/measure"
import { loadAverage, machineDescription } from "./lib/report"
import {
  BENCH_N,
  database,
  randomCustomer,
  seedDataset,
  seeded,
} from "./lib/seed"

const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 300)
const WARMUP = 10
// Misses timed before any backfill has completed, when resolve scans core's customers.
const UNBACKFILLED_MISSES = 30
const TARGETS = { hit: 0.5, miss: 1.5 }

type Case = "hit" | "miss" | "core" | "nested" | "empty"

// The floor of a miss: what any workflow costs (one step, no work), and one
// that only runs core's create as a step, as the miss does.
const noOpStep = createStep("no-op", () => new StepResponse(1))
const emptyWorkflow = createWorkflow(
  "empty",
  () => new WorkflowResponse(noOpStep())
)
const nestedCreateWorkflow = createWorkflow(
  "nested-create",
  (input: { email: string }) =>
    new WorkflowResponse(
      createCustomersWorkflow.runAsStep({
        input: { customersData: [{ email: input.email, has_account: false }] },
      })
    )
)

/**
 * findOrCreateCustomerWorkflow finding a seeded customer and creating a new
 * one, against core's createCustomersWorkflow creating one customer.
 */
const findOrCreate: Benchmark = {
  id: "find-or-create",
  section: {
    heading: "## Find-or-create (findOrCreateCustomerWorkflow vs core create)",
    intro: `
What resolving a shopper costs next to core creating a customer. \`bench/find-or-create.ts\` runs, on the data set of
\`BENCH_N\` customers (\`bench/lib/seed.ts\`), \`BENCH_ITERATIONS\` rounds of three calls in rotating order, after
${WARMUP} warm-up rounds: \`findOrCreateCustomerWorkflow\` with a random seeded customer's email (a hit: locks,
resolve, link and identifiers already there, the \`resolved\` event), the same workflow with a new email and phone
(a miss: it creates a guest through \`createCustomersWorkflow.runAsStep\`, its link and identifiers), core's
\`createCustomersWorkflow\` creating one guest customer, and two floors: a workflow that only runs core's create as
a step, and a workflow whose one step does nothing (Medusa's engine reads its execution row on every run). The plugin's \`customer.created\` subscriber indexes the
customers both creating calls make; after each creating call (not timed) the benchmark waits until the new
customer has its primary email row, so that the subscriber's work mostly stays out of the next timed call (for a
miss the workflow already wrote it; the subscriber's redundant run may still overlap). The data set is what a
backfill leaves, so a completed backfill of all customers is recorded first (\`customer_identity_backfill\`): a miss
then looks for an unindexed core customer by its exact email only. Afterwards, with that record deleted,
${UNBACKFILLED_MISSES} more misses show what a miss costs before any backfill has completed, when it scans core's
customers case-insensitively. Targets: hit at most ${TARGETS.hit}× and miss at most ${TARGETS.miss}× of core's create, at p50.
`,
  },

  async run(app) {
    await seedDataset(app)
    const { container } = app
    const db = database(app)
    await db.raw(
      `INSERT INTO customer_identity_backfill (id, status, phase, batch_size, completed_at)
       VALUES ('cibf_bench_seed', ?, ?, 500, now())`,
      [BackfillStatus.COMPLETED, BackfillPhase.ORDERS]
    )
    const identity = container.resolve<CustomerIdentityModuleService>(
      CUSTOMER_IDENTITY_MODULE
    )
    const machine = machineDescription()
    const loadAtStart = loadAverage()
    const started = Date.now()
    const samples: Record<Case, number[]> = {
      hit: [],
      miss: [],
      core: [],
      nested: [],
      empty: [],
    }

    // Each call returns the customer it created, if any.
    const calls: Record<Case, (round: number) => Promise<string | undefined>> =
      {
        hit: async () => {
          const email = seeded.email(randomCustomer(BENCH_N))
          const { result } = await findOrCreateCustomerWorkflow(container).run({
            input: { email, source: "checkout" },
          })
          if (result.created) {
            throw new Error(`${email} was not found`)
          }
          return undefined
        },
        miss: async (round) => {
          const email = `New.Miss.${round}@Bench.Example`
          const { result } = await findOrCreateCustomerWorkflow(container).run({
            input: {
              email,
              phone: `+1${4_000_000_000 + round}`,
              source: "checkout",
            },
          })
          if (!result.created) {
            throw new Error(`${email} was found`)
          }
          return result.customer_id
        },
        core: async (round) => {
          const { result } = await createCustomersWorkflow(container).run({
            input: {
              customersData: [
                {
                  email: `new.core.${round}@bench.example`,
                  has_account: false,
                },
              ],
            },
          })
          return result[0].id
        },
        nested: async (round) => {
          const { result } = await nestedCreateWorkflow(container).run({
            input: { email: `new.nested.${round}@bench.example` },
          })
          return result[0].id
        },
        empty: async () => {
          await emptyWorkflow(container).run({ input: {} })
          return undefined
        },
      }
    // The subscriber's writes are done once the customer has its primary
    // email: not timed, and not left to run inside the next timed call.
    const indexed = (customerId: string) =>
      waitFor(
        async () =>
          (
            await identity.listCustomerEmails({
              customer_id: customerId,
              is_primary: true,
            })
          ).length > 0,
        `the primary email of ${customerId}`
      )

    const order: Case[] = ["hit", "miss", "core", "nested", "empty"]
    for (let round = 0; round < WARMUP + ITERATIONS; round++) {
      for (let step = 0; step < order.length; step++) {
        const which = order[(round + step) % order.length]
        let created: string | undefined
        const elapsed = await time(async () => {
          created = await calls[which](round)
        })
        if (created) {
          await indexed(created)
        }
        if (round >= WARMUP) {
          samples[which].push(elapsed)
        }
      }
      if ((round + 1) % 50 === 0) {
        console.log(
          `[bench] find-or-create: ${round + 1}/${WARMUP + ITERATIONS} rounds`
        )
      }
    }

    // The store before its backfill: a miss scans core's customers.
    await db.raw(
      `DELETE FROM customer_identity_backfill WHERE id = 'cibf_bench_seed'`
    )
    const unbackfilled: number[] = []
    for (let round = 0; round < UNBACKFILLED_MISSES; round++) {
      let created: string | undefined
      unbackfilled.push(
        await time(async () => {
          created = await calls.miss(WARMUP + ITERATIONS + round)
        })
      )
      await indexed(created!)
    }

    const core = p50p99(samples.core)
    const line = (which: Case, label: string) => {
      const { p50, p99 } = p50p99(samples[which])
      return `| ${label} | ${ms(p50)} | ${ms(p99)} | ${(p50 / core.p50).toFixed(2)}× | ${(p99 / core.p99).toFixed(2)}× |`
    }
    const verdict = (["hit", "miss"] as const)
      .map((which) => {
        const value = p50p99(samples[which]).p50 / core.p50
        return `${which} ${value.toFixed(2)}× (target at most ${TARGETS[which]}×: ${
          value <= TARGETS[which] ? "met" : "not met"
        })`
      })
      .join(", ")

    const floor = p50p99(samples.nested).p50 + p50p99(samples.empty).p50
    return {
      heading: `### ${BENCH_N.toLocaleString("en")} customers`,
      body: `
Run ${new Date().toISOString().slice(0, 10)}: \`BENCH_N=${BENCH_N} BENCH_ITERATIONS=${ITERATIONS} npm run bench\` (\`BENCH_ONLY=find-or-create\` for this one), ${ITERATIONS} calls per case, ${Math.round(
        (Date.now() - started) / 1000
      )} s.
Machine: ${machine}. Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end.

| Call | p50 | p99 | of core p50 | of core p99 |
| --- | --- | --- | --- | --- |
${line("hit", "findOrCreateCustomerWorkflow, hit (email)")}
${line("miss", "findOrCreateCustomerWorkflow, miss (creates)")}
${line("core", "core createCustomersWorkflow (one customer)")}
${line("nested", "a workflow running only core's create as a step")}
${line("empty", "a workflow of one step that does nothing")}

Before any backfill has completed, a miss (${UNBACKFILLED_MISSES} calls) took p50 ${ms(p50p99(unbackfilled).p50)}, ${(
        p50p99(unbackfilled).p50 / core.p50
      ).toFixed(
        2
      )}× core's create: it scans core's customers for an email in another case.

At p50: ${verdict}.
The floor of any workflow that creates the customer through core's workflow, as a miss must (core's
\`customersCreated\` hook and events), is the nested create plus a workflow of its own: ${ms(floor)}, ${(
        floor / core.p50
      ).toFixed(
        2
      )}× core's create, before any statement of the plugin's; the miss's own work (locks, resolve, the
identity statement, the \`resolved\` event) is the remaining ${ms(p50p99(samples.miss).p50 - floor)}.
`,
    }
  },
}

export default findOrCreate
