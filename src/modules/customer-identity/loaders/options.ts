import { LoaderOptions } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { CustomerIdentityOptions } from "../../../types/options"
import { resolveOptions } from "../utils/resolve-options"

/** Fails the boot on a bad option, and hands the resolved options to the service. */
export default async function optionsLoader({
  container,
  options,
}: LoaderOptions<CustomerIdentityOptions>) {
  container.register(
    "customerIdentityOptions",
    asValue(resolveOptions(options))
  )
}
