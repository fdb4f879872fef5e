import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import { CheckoutFixture, registerCustomer, storeHeaders } from "./checkout"

/** The shopper's identity routes. */
export const STORE_IDENTITY = "/store/customers/me/identity"

// The test runner's axios instance (typed `any` by @medusajs/test-utils).
type Api = MedusaSuiteOptions["api"]

/**
 * Makes an unexpected failure name its request in the test output; returns
 * the interceptor's id, to eject it when the suite ends.
 */
export function nameFailedRequests(api: Api): number {
  return api.interceptors.response.use(undefined, (error: any) => {
    error.message = `${error.config?.method?.toUpperCase()} ${error.config?.url} answered ${error.response?.status}: ${JSON.stringify(error.response?.data)}`
    return Promise.reject(error)
  })
}

/** A registered shopper with its store headers. */
export async function registerShopper(
  api: Api,
  fixture: Pick<CheckoutFixture, "publishableKey">,
  email: string
) {
  const { customer, token } = await registerCustomer(api, fixture, {
    email,
    password: "supersecret",
  })
  return { customer, headers: storeHeaders(fixture, token) }
}

/** The status and body of a request that is expected to fail. */
export async function failing(request: Promise<unknown>) {
  const error = await request.then(
    () => {
      throw new Error("the request was expected to fail")
    },
    (e: any) => e
  )
  return { status: error.response.status as number, data: error.response.data }
}

/** The code the Notification module sent last to an address (normalised). */
export async function lastCode(container: MedusaContainer, to: string) {
  const [notification] = await container
    .resolve(Modules.NOTIFICATION)
    .listNotifications({ to }, { order: { created_at: "DESC" }, take: 1 })
  return notification?.data?.code as string
}
