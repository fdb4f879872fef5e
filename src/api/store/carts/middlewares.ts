import {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { ILockingModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CHECKOUT_LOCK_TIMEOUT,
  checkoutLockKey,
  IDENTIFIER_LOCK_TTL,
} from "../../../utils/lock-keys"
import { normalizeEmail } from "../../../utils/normalize-email"
import { maskContacts } from "../../../utils/mask-contacts"

const emailSchema = z.email()

/** The normalised email a cart request sets, or undefined when it sets none core would accept. */
function checkoutEmailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email
  if (typeof email !== "string" || !emailSchema.safeParse(email).success) {
    return
  }
  return normalizeEmail(email)
}

/**
 * Makes store requests that set one cart email wait for each other until the
 * response is sent, so that core's find-or-create of the guest customer in
 * createCartWorkflow / updateCartWorkflow runs once at a time per email and
 * the later requests find the guest instead of failing on core's unique
 * (email, has_account) index.
 *
 * A middleware around core's route rather than a hook into core's cart
 * workflows or resolving the customer ourselves first: it stays correct
 * whatever core changes inside those workflows, and an app may register only
 * one handler per core workflow hook, which the plugin must not take.
 *
 * The lock is keyed on the normalised email as core lower-cases it
 * (checkoutLockKey says why it is not the plugin's identifier key).
 *
 * A request that cannot get the lock in CHECKOUT_LOCK_TIMEOUT seconds, or
 * whose lock provider fails, goes on to core without it, as it would without
 * the plugin.
 */
export async function serializeCheckoutCustomer(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const email = checkoutEmailOf(req.body)
  if (!email) {
    return next()
  }
  const identity = req.scope.resolve<CustomerIdentityModuleService>(
    CUSTOMER_IDENTITY_MODULE
  )
  if (!(await identity.getOptions()).serializeCheckoutCustomer) {
    return next()
  }
  const locking = req.scope.resolve<ILockingModule>(Modules.LOCKING)
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const key = checkoutLockKey(email)

  // 'finish' when the response is sent, 'close' when the client went away
  // first (then 'finish' never comes); the first one releases the lock.
  const responseDone = new Promise<void>((resolve) => {
    res.once("finish", resolve)
    res.once("close", resolve)
  })
  let passedOn = false
  const passOn = () => {
    if (!passedOn) {
      passedOn = true
      next()
    }
  }

  // Not awaited: the lock is held until the response is done, long after
  // this middleware has handed the request to core. `expire` only bounds a
  // lock left by a crashed process: Redis renews it while the request runs.
  void locking
    .execute(
      key,
      async () => {
        passOn()
        await responseDone
      },
      { timeout: CHECKOUT_LOCK_TIMEOUT, expire: IDENTIFIER_LOCK_TTL }
    )
    .catch((error) => {
      if (passedOn) {
        // Core has answered already; only the release or renewal failed.
        logger.warn(
          `customer-identity: checkout lock ${key}: ${maskContacts(String(error?.message ?? error))}`
        )
        return
      }
      logger.warn(
        `customer-identity: no checkout lock ${key} within ${CHECKOUT_LOCK_TIMEOUT}s (${maskContacts(
          String(error?.message ?? error)
        )}), going on without it`
      )
      passOn()
    })
}

export const storeCartMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/carts",
    middlewares: [serializeCheckoutCustomer],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id",
    middlewares: [serializeCheckoutCustomer],
  },
]
