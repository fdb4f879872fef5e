import { writeFileSync } from "fs"
import { ExecArgs } from "@medusajs/framework/types"
import { createCheckoutFixture } from "../helpers/checkout"

/**
 * `medusa exec` entry of the multi-instance test: creates what a guest
 * checkout needs and writes the fixture as JSON to the file named by
 * MULTI_INSTANCE_FIXTURE, for run.js to read.
 */
export default async function seedMultiInstance({ container }: ExecArgs) {
  const file = process.env.MULTI_INSTANCE_FIXTURE
  if (!file) {
    throw new Error("MULTI_INSTANCE_FIXTURE must name the file to write")
  }
  const fixture = await createCheckoutFixture(container)
  writeFileSync(file, JSON.stringify(fixture))
}
