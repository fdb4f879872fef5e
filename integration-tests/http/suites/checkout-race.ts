import {
  ILockingModule,
  Logger,
  MedusaContainer,
} from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../src/types/constants"
import { CHECKOUT_LOCK_TIMEOUT, checkoutLockKey } from "../../../src/utils"
import {
  CheckoutFixture,
  completeCart,
  createCart,
  createCheckoutFixture,
  prepareCartForCompletion,
  storeHeaders,
  updateCart,
} from "../../helpers/checkout"
import { eventually } from "../../helpers/eventually"

const EMAIL = "race@example.com"
const CARTS = 20

/** The email with its letters upper-cased where the bits of `variant` say. */
function casing(email: string, variant: number) {
  let bit = 0
  return email.replace(/[a-z]/g, (letter) =>
    (variant >> bit++) & 1 ? letter.toUpperCase() : letter
  )
}

/** Runs all calls at once and returns the results and the failures' messages. */
async function allAtOnce<T>(calls: (() => Promise<T>)[]) {
  const settled = await Promise.allSettled(calls.map((call) => call()))
  return {
    results: settled.flatMap((s) =>
      s.status === "fulfilled" ? [s.value] : []
    ),
    failures: settled.flatMap((s, index) =>
      s.status === "rejected" ? [`#${index}: ${s.reason?.message}`] : []
    ),
  }
}

export default function checkoutRace({
  api,
  getContainer,
}: MedusaSuiteOptions) {
  let container: MedusaContainer
  let identity: CustomerIdentityModuleService
  let locking: ILockingModule
  let fixture: CheckoutFixture
  const lockKey = checkoutLockKey(EMAIL)

  beforeEach(async () => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
    locking = container.resolve(Modules.LOCKING)
    fixture = await createCheckoutFixture(container)
  })

  afterEach(async () => {
    jest.restoreAllMocks()
    await locking.release(lockKey, { ownerId: "test-holder" })
  })

  const guestCustomerIds = async (email: string) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const rows = await knex("customer")
      .select("id")
      .whereNull("deleted_at")
      .where("has_account", false)
      .whereRaw("lower(email) = ?", [email])
    return rows.map((row: { id: string }) => row.id)
  }

  /** Sends a store POST and returns its status and how long it took. */
  const timedPost = async (url: string, body: unknown) => {
    const started = Date.now()
    const response = await api
      .post(url, body, { headers: storeHeaders(fixture) })
      .catch((error: any) => {
        if (!error?.response) {
          throw error
        }
        return error.response
      })
    return { ...response, elapsed: Date.now() - started }
  }

  /** Takes the checkout lock of EMAIL as another request would. */
  const holdLock = () =>
    locking.acquire(lockKey, { ownerId: "test-holder", expire: 60 })

  /**
   * Frees the lock and waits for the plugin's subscriber to index the guest
   * the request made, before the next test resets the database.
   */
  const releaseLockAndSettle = async () => {
    await locking.release(lockKey, { ownerId: "test-holder" })
    await eventually(async () =>
      expect(
        await identity.listCustomerEmails({ email_normalized: EMAIL })
      ).toHaveLength(1)
    )
  }

  const turnOptionOff = async () => {
    const options = await identity.getOptions()
    jest
      .spyOn(identity, "getOptions")
      .mockResolvedValue({ ...options, serializeCheckoutCustomer: false })
  }

  const checkoutLockCalls = (spy: jest.SpyInstance) =>
    spy.mock.calls.filter(([keys]) => [keys].flat().includes(lockKey))

  describe("POST /store/carts and /store/carts/:id with one email at once", () => {
    it(`should make one guest customer out of ${CARTS} concurrent checkouts with the email in different cases`, async () => {
      const execute = jest.spyOn(locking, "execute")
      const emails = Array.from({ length: CARTS }, (_, i) => casing(EMAIL, i))
      expect(new Set(emails).size).toBe(CARTS)

      // Half set the email when creating the cart, half on an existing cart.
      const emptyCarts = await Promise.all(
        emails.filter((_, i) => i % 2).map(() => createCart(api, fixture))
      )
      const setEmail = await allAtOnce(
        emails.map((email, i) =>
          i % 2
            ? () =>
                updateCart(api, fixture, emptyCarts[(i - 1) / 2].id, {
                  email,
                })
            : () => createCart(api, fixture, { email })
        )
      )
      expect(setEmail.failures).toEqual([])
      expect(checkoutLockCalls(execute)).toHaveLength(CARTS)

      const complete = await allAtOnce(
        setEmail.results.map((cart) => async () => {
          await prepareCartForCompletion(api, fixture, cart.id)
          return await completeCart(api, fixture, cart.id)
        })
      )
      expect(complete.failures).toEqual([])

      const guests = await guestCustomerIds(EMAIL)
      expect(guests).toHaveLength(1)
      expect(
        new Set(complete.results.map((order) => order.customer_id))
      ).toEqual(new Set(guests))
      // Every order.placed handled before the next test resets the database.
      await eventually(async () => {
        const contacts = await identity.listOrderContacts({
          order_id: complete.results.map((order) => order.id),
        })
        expect(contacts).toHaveLength(CARTS)
        expect(new Set(contacts.map((c) => c.canonical_customer_id))).toEqual(
          new Set(guests)
        )
      })
    })
  })

  describe("the checkout lock", () => {
    it("should not lock when serializeCheckoutCustomer is off", async () => {
      await turnOptionOff()
      const execute = jest.spyOn(locking, "execute")
      await holdLock()

      const response = await timedPost("/store/carts", {
        region_id: fixture.regionId,
        sales_channel_id: fixture.salesChannelId,
        email: "Race@Example.com",
      })

      // Answered while the lock is held, without asking for it.
      expect(response.status).toBe(200)
      expect(checkoutLockCalls(execute)).toHaveLength(0)
      await releaseLockAndSettle()
    })

    it("should let the request through unlocked when the lock is not free in time", async () => {
      const cart = await createCart(api, fixture)
      const warn = jest.spyOn(
        container.resolve<Logger>(ContainerRegistrationKeys.LOGGER),
        "warn"
      )
      await holdLock()

      const response = await timedPost(`/store/carts/${cart.id}`, {
        email: "RACE@example.com",
      })

      expect(response.status).toBe(200)
      expect(response.elapsed).toBeGreaterThanOrEqual(
        CHECKOUT_LOCK_TIMEOUT * 1000 - 250
      )
      // It went on because the wait timed out, not because the lock came free.
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `no checkout lock ${lockKey} within ${CHECKOUT_LOCK_TIMEOUT}s`
        )
      )
      expect(await guestCustomerIds(EMAIL)).toHaveLength(1)
      await releaseLockAndSettle()
    })

    it("should release the lock and keep core's answer when core fails", async () => {
      const execute = jest.spyOn(locking, "execute")

      const response = await timedPost("/store/carts/cart_does_not_exist", {
        email: "Race@Example.com",
      })

      expect(response.status).toBe(404)
      expect(response.data.message).toContain("cart_does_not_exist")
      expect(checkoutLockCalls(execute)).toHaveLength(1)
      // Free again: a caller that does not wait gets it.
      await eventually(() => holdLock(), { timeout: 5_000, interval: 50 })
    })

    it("should pass a request without a valid email straight to core", async () => {
      const execute = jest.spyOn(locking, "execute")

      const invalid = await timedPost("/store/carts", {
        region_id: fixture.regionId,
        email: "not-an-email",
      })
      const absent = await timedPost("/store/carts", {
        region_id: fixture.regionId,
        sales_channel_id: fixture.salesChannelId,
      })

      expect(invalid.status).toBe(400)
      expect(absent.status).toBe(200)
      expect(execute).not.toHaveBeenCalled()
    })
  })
}
