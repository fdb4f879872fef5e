import { MedusaContainer } from "@medusajs/framework/types"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import fc from "fast-check"
import {
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../../../src/workflows"
import {
  CheckoutFixture,
  createCheckoutFixture,
  guestCheckout,
  registerCustomer,
} from "../../helpers/checkout"
import { forgetIdentityRows } from "../../helpers/backfill"
import { settleSubscribers } from "../../helpers/settle"
import { identityState } from "../../helpers/tables"

// DESIGN invariant 8: the same history gives the same identities whether it
// arrived live or through a backfill. A fixed seed in CI; another one with
// DIFFERENTIAL_SEED, and the seed of a failure is printed by fast-check.
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20261202)
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 4)
const PEOPLE = 3

/** Person i's two emails and phone (people 0 and 2 share a household phone). */
const person = (i: number) => ({
  email: `person.${i}@differential.example`,
  alt: `p${i}.alt@differential.example`,
  phone: ["415 555 0100", "415 555 0111", "415 555 0100"][i],
  firstName: `Person${i}`,
  lastName: "Differential",
})

const PHONE_FORMATS = [
  (n: string) => `+1 ${n}`,
  (n: string) => n.replace(/^(\d{3}) (\d{3}) (\d{4})$/, "($1) $2-$3"),
  (n: string) => n.replace(/ /g, ""),
]

/** The email with its letters upper-cased where the bits of `variant` say. */
function casing(email: string, variant: number) {
  let bit = 0
  return email.replace(/[a-z]/g, (letter) =>
    (variant >> bit++) & 1 ? letter.toUpperCase() : letter
  )
}

type Action =
  | {
      kind: "guest-checkout"
      person: number
      alt: boolean
      casing: number
      phone: number
    }
  | { kind: "register"; person: number; alt: boolean; casing: number }
  | { kind: "account-checkout"; person: number; phone: number }
  | { kind: "admin-user"; person: number; alt: boolean }

const who = fc.integer({ min: 0, max: PEOPLE - 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("guest-checkout" as const),
      person: who,
      alt: fc.boolean(),
      casing: fc.nat(255),
      phone: fc.integer({ min: -1, max: PHONE_FORMATS.length - 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("register" as const),
      person: who,
      alt: fc.boolean(),
      casing: fc.nat(255),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("account-checkout" as const),
      person: who,
      phone: fc.integer({ min: -1, max: PHONE_FORMATS.length - 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("admin-user" as const),
      person: who,
      alt: fc.boolean(),
    }),
  }
)

/**
 * The identity graph without what only says in which order rows were
 * written: identifiers by their normalised value (the as-typed form kept on
 * a row is the first one the plugin saw, live or in a backfill batch).
 * Known divergence, left for the identity-status work: a customer the plugin
 * made for an admin user is `draft` live, while a backfill cannot tell that
 * core customer from a guest and makes it `active`; so `draft` reads as
 * `active` on links with a user, and only there.
 */
async function identityGraph(container: MedusaContainer) {
  const state = await identityState(container)
  return {
    ...state,
    links: state.links.map((link: any) =>
      link.user_id && link.status === "draft"
        ? { ...link, status: "active" }
        : link
    ),
    emails: state.emails.map(({ email: _, ...row }: any) => row),
    phones: state.phones.map(({ phone: _, ...row }: any) => row),
  }
}

export default function differential({
  api,
  getContainer,
  dbUtils,
}: MedusaSuiteOptions) {
  /** Plays a history through the store API and core workflows, as a store gets it. */
  const replay = async (
    container: MedusaContainer,
    fixture: CheckoutFixture,
    history: Action[]
  ) => {
    const tokens = new Map<number, string>()
    const users = new Set<string>()
    for (const step of history) {
      const p = person(step.person)
      const phone = (format: number) =>
        format < 0 ? undefined : PHONE_FORMATS[format](p.phone)
      if (step.kind === "guest-checkout") {
        await guestCheckout(api, fixture, {
          email: casing(step.alt ? p.alt : p.email, step.casing),
          phone: phone(step.phone),
          firstName: p.firstName,
          lastName: p.lastName,
        })
      } else if (step.kind === "register" && !tokens.has(step.person)) {
        const { token } = await registerCustomer(api, fixture, {
          email: casing(step.alt ? p.alt : p.email, step.casing),
          password: "secret-password",
          first_name: p.firstName,
          last_name: p.lastName,
        })
        tokens.set(step.person, token)
      } else if (step.kind === "account-checkout" && tokens.has(step.person)) {
        await guestCheckout(api, fixture, {
          email: p.email,
          phone: phone(step.phone),
          firstName: p.firstName,
          lastName: p.lastName,
          customerToken: tokens.get(step.person),
        })
      } else if (step.kind === "admin-user") {
        const email = step.alt ? p.alt : p.email
        if (!users.has(email)) {
          users.add(email)
          await createUsersWorkflow(container).run({
            input: { users: [{ email, first_name: p.firstName }] },
          })
        }
      }
    }
  }

  describe("live events and a backfill over the same store history", () => {
    it("should give the same canonical customers, identifier owners, order contacts and stats", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(action, { minLength: 1, maxLength: 8 }),
          async (history) => {
            await dbUtils.restore()
            const container = getContainer()
            const fixture = await createCheckoutFixture(container)

            await replay(container, fixture, history)
            await settleSubscribers(container, { quietPolls: 8 })
            const live = await identityGraph(container)

            // The same core rows, as if the plugin had just been installed.
            await forgetIdentityRows(container)
            const run = await startCustomerIdentityBackfill(container, {
              batch_size: 3,
            })
            await runCustomerIdentityBackfill(container, run.id)
            await settleSubscribers(container)

            expect(await identityGraph(container)).toEqual(live)
          }
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true }
      )
    })
  })
}
