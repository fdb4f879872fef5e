import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import { CheckoutFixture, createCheckoutFixture } from "../../helpers/checkout"
import { settleSubscribers } from "../../helpers/settle"
import {
  failing,
  lastCode,
  nameFailedRequests,
  registerShopper,
  STORE_IDENTITY as BASE,
} from "../../helpers/store-identity"

type Kind = "email" | "phone"
type Headers = Record<string, string>

/**
 * The limits on claims (DESIGN invariant 7): codes sent, wrong guesses and
 * open claims, held per email or phone whoever asks and however often a
 * claim is re-added. They are counted under the locking provider's locks, so
 * they run on both buses.
 */
export default function claimLimits({
  api,
  dbConnection,
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
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
    fixture = await createCheckoutFixture(container)
  })

  const shopper = (email: string) => registerShopper(api, fixture, email)

  /** Adds an email or phone (as typed) as the shopper's claim; returns its id. */
  const addClaim = async (headers: Headers, kind: Kind, value: string) => {
    const { data } = await api.post(
      `${BASE}/${kind}s`,
      kind === "email"
        ? { email: value }
        : { phone: value, country_code: "US" },
      { headers }
    )
    return data.customer_identity[`${kind}s`].find(
      (row: Record<string, string>) => row[kind] === value
    ).id as string
  }

  const requestCode = (headers: Headers, kind: Kind, claimId: string) =>
    api.post(`${BASE}/${kind}s/${claimId}/verification`, {}, { headers })

  const confirm = (
    headers: Headers,
    kind: Kind,
    claimId: string,
    code: string
  ) =>
    api.post(
      `${BASE}/${kind}s/${claimId}/verification/confirm`,
      { code },
      { headers }
    )

  /** A six-digit code other than `code`. */
  const wrong = (code: string) => (code === "000000" ? "111111" : "000000")

  /** Codes the Notification module sent to an email or phone (normalised). */
  const sentCount = async (to: string) =>
    (await container.resolve(Modules.NOTIFICATION).listNotifications({ to }))
      .length

  describe("codes sent", () => {
    it("should rate-limit codes sent and lock a code after five wrong guesses", async () => {
      const { headers } = await shopper("me@example.com")
      const claimId = await addClaim(headers, "email", "spam@example.com")
      for (let i = 0; i < 5; i++) {
        await requestCode(headers, "email", claimId)
      }
      const flooded = await failing(requestCode(headers, "email", claimId))
      expect(flooded.status).toBe(429)
      expect(flooded.data).toEqual({
        type: "too_many_requests",
        code: "rate_limited",
        message: expect.stringContaining("Too many codes"),
      })
      expect(await sentCount("spam@example.com")).toBe(5)

      const code = await lastCode(container, "spam@example.com")
      for (let i = 0; i < 5; i++) {
        const guess = confirm(headers, "email", claimId, wrong(code))
        expect((await failing(guess)).status).toBe(400)
      }
      const locked = await failing(confirm(headers, "email", claimId, code))
      expect(locked.status).toBe(429)
      expect(locked.data.message).toMatch(/tried 5 times/)
    })

    // The attack measured on the storefront: one account, 20 codes to one
    // phone in a minute. Each round types the value another way.
    it.each([
      [
        "an email",
        "email" as const,
        [
          "victim@example.com",
          "Victim@example.com",
          "VICTIM@example.com",
          "victim@Example.com",
          "victim@EXAMPLE.COM",
          "ViCtIm@example.com",
        ],
        "victim@example.com",
      ],
      [
        "a phone",
        "phone" as const,
        [
          "+1 415 555 0199",
          "(415) 555-0199",
          "415.555.0199",
          "4155550199",
          "+1-415-555-0199",
          "415 555 0199",
        ],
        "+14155550199",
      ],
    ])(
      "should keep counting codes for %s when its claim is deleted and added again, and say when to retry",
      async (_, kind, typings, normalized) => {
        const { headers } = await shopper("me@example.com")
        const addAndSend = async (value: string) => {
          const claimId = await addClaim(headers, kind, value)
          const sent = await requestCode(headers, kind, claimId).catch(
            (error: any) => error.response
          )
          await api.delete(`${BASE}/${kind}s/${claimId}`, { headers })
          return sent
        }
        for (const value of typings.slice(0, 5)) {
          expect((await addAndSend(value)).status).toBe(200)
        }

        const flooded = await addAndSend(typings[5])

        expect(flooded.status).toBe(429)
        expect(flooded.data.message).toMatch(
          /^Too many codes were requested for .*; try again in \d+ minutes?$/
        )
        expect(flooded.data.message).toContain(`for ${typings[5]};`)
        const retryAfter = Number(flooded.headers["retry-after"])
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(3600)
        expect(await sentCount(normalized)).toBe(5)
      }
    )

    type Claimant = { headers: Headers; claimId: string }
    const send = ({ headers, claimId }: Claimant) =>
      requestCode(headers, "email", claimId)

    /**
     * Three accounts claim one email; the first two ask for five codes each,
     * the identifier's cap for the hour.
     */
    const capVictimEmail = async () => {
      const claimants: Claimant[] = []
      for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
        const { headers } = await shopper(email)
        claimants.push({
          headers,
          claimId: await addClaim(headers, "email", "victim@example.com"),
        })
      }
      for (const claimant of claimants.slice(0, 2)) {
        for (let i = 0; i < 5; i++) {
          await send(claimant)
        }
      }
      expect(await sentCount("victim@example.com")).toBe(10)
      return claimants
    }

    it("should send at most ten codes an hour to one email whoever asks, answering the others as if sent", async () => {
      const claimants = await capVictimEmail()

      const silent = await send(claimants[2])

      expect(silent.status).toBe(200)
      expect(silent.data).toEqual({
        verification: {
          identifier_id: claimants[2].claimId,
          expires_at: expect.any(String),
        },
      })
      expect(await sentCount("victim@example.com")).toBe(10)
      // The silenced claimant still has its own limit: a refusal never tells it more.
      for (let i = 0; i < 4; i++) {
        expect((await send(claimants[2])).status).toBe(200)
      }
      expect((await failing(send(claimants[2]))).status).toBe(429)
      expect(await sentCount("victim@example.com")).toBe(10)
    })

    it("should answer a code confirmed after a silent send as a wrong code, and count it as one", async () => {
      const [, sentTo, silenced] = await capVictimEmail()
      await send(silenced)
      // Any six digits, even the code sent last to the value (for sentTo's claim).
      const guess = await lastCode(container, "victim@example.com")
      const confirmAs = ({ headers, claimId }: Claimant) =>
        failing(confirm(headers, "email", claimId, guess))
      const wrongAnswer = await failing(
        confirm(sentTo.headers, "email", sentTo.claimId, wrong(guess))
      )

      const silentAnswer = await confirmAs(silenced)

      expect(wrongAnswer).toEqual({
        status: 400,
        data: { type: "invalid_data", message: "The code is wrong" },
      })
      expect(silentAnswer).toEqual(wrongAnswer)
      // Counted like a wrong guess at a sent code: the fifth locks the code.
      for (let i = 0; i < 4; i++) {
        expect(await confirmAs(silenced)).toEqual(wrongAnswer)
      }
      const locked = await confirmAs(silenced)
      expect(locked.status).toBe(429)
      expect(locked.data.message).toBe(
        "The code was tried 5 times; request a new one"
      )
    })
  })

  describe("wrong guesses", () => {
    it.each([
      [
        "an email",
        "email" as const,
        "victim@example.com",
        "victim@example.com",
      ],
      ["a phone", "phone" as const, "(415) 555-0199", "+14155550199"],
    ])(
      "should check ten wrong guesses an hour at codes for %s per customer, across codes and re-added claims, then answer 429 with Retry-After",
      async (_, kind, value, normalized) => {
        const me = await shopper("me@example.com")
        const claimAndSend = async (headers: Headers) => {
          const claimId = await addClaim(headers, kind, value)
          await requestCode(headers, kind, claimId)
          return { claimId, code: await lastCode(container, normalized) }
        }
        // Five wrong guesses lock a code; deleting the claim and adding it
        // again gets a fresh code, but the wrong guesses stay counted.
        for (let round = 0; round < 2; round++) {
          const { claimId, code } = await claimAndSend(me.headers)
          for (let i = 0; i < 5; i++) {
            const guess = confirm(me.headers, kind, claimId, wrong(code))
            expect((await failing(guess)).status).toBe(400)
          }
          await api.delete(`${BASE}/${kind}s/${claimId}`, {
            headers: me.headers,
          })
        }
        const { claimId, code } = await claimAndSend(me.headers)

        const refused = await confirm(me.headers, kind, claimId, code).catch(
          (error: any) => error.response
        )

        expect(refused.status).toBe(429)
        expect(refused.data).toEqual({
          type: "too_many_requests",
          code: "rate_limited",
          message: expect.stringMatching(
            /^Too many wrong codes were tried for .*; try again in \d+ minutes?$/
          ),
        })
        expect(refused.data.message).toContain(`for ${value};`)
        const retryAfter = Number(refused.headers["retry-after"])
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(3600)
        // Counted per customer: another shopper's guess is still checked.
        const other = await shopper("other@example.com")
        const theirs = await claimAndSend(other.headers)
        const theirGuess = await failing(
          confirm(other.headers, kind, theirs.claimId, wrong(theirs.code))
        )
        expect(theirGuess.status).toBe(400)
        // Recorded under a keyed hash only, never the value.
        const { rows: guesses } = await dbConnection.raw(
          `SELECT to_jsonb(g)::text AS row FROM customer_identity_code_guess g`
        )
        expect(guesses).toHaveLength(11)
        for (const { row } of guesses) {
          expect(row).not.toMatch(/victim|555.?0199/)
        }

        // Once the wrong guesses have left the window, the unchecked code works.
        await dbConnection.raw(
          `UPDATE customer_identity_code_guess SET created_at = created_at - interval '1 hour'`
        )
        const proven = await confirm(me.headers, kind, claimId, code)
        expect(proven.status).toBe(200)
      }
    )
  })

  describe("open claims", () => {
    it("should refuse an email or phone past ten waiting for verification", async () => {
      const { headers } = await shopper("me@example.com")
      for (let i = 0; i < 10; i++) {
        await addClaim(headers, "email", `pending.${i}@example.com`)
      }
      const addEmail = (email: string) =>
        api.post(`${BASE}/emails`, { email }, { headers })

      const refused = await failing(addEmail("one.more@example.com"))
      // Adding a pending one again is still fine.
      const again = await addEmail("pending.0@example.com")

      expect(refused).toEqual({
        status: 400,
        data: expect.objectContaining({
          message:
            "At most 10 emails and phones can wait for verification; verify or remove one first",
        }),
      })
      expect(again.status).toBe(200)
    })
  })
}
