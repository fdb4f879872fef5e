import { asValue } from "@medusajs/framework/awilix"
import { ConfigModule, LoaderOptions, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CustomerIdentityOptions } from "../../../types/options"
import { resolveOptions, weakSuppressionKey } from "../utils/resolve-options"

/**
 * Fails the boot on a bad option, and hands the resolved options to the
 * service. A suppression key that can be guessed fails the boot in
 * production and is a warning elsewhere.
 */
export default async function optionsLoader({
  container,
  options,
}: LoaderOptions<CustomerIdentityOptions>) {
  const resolved = resolveOptions(options)
  const config = container.resolve<ConfigModule | undefined>(
    ContainerRegistrationKeys.CONFIG_MODULE,
    { allowUnregistered: true }
  )
  const weak = weakSuppressionKey(
    resolved,
    config?.projectConfig?.http?.cookieSecret
  )
  if (weak && process.env.NODE_ENV === "production") {
    throw new Error(weak)
  }
  if (weak) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER, {
        allowUnregistered: true,
      })
      ?.warn(weak)
  }
  container.register("customerIdentityOptions", asValue(resolved))
}
