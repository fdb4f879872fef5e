import { ExecArgs } from "@medusajs/framework/types"
import reconcileCustomerIdentitiesJob from "../../src/jobs/reconcile-customer-identities"

/** `medusa exec` entry of the multi-instance test: one run of the reconcile job, as its schedule would start it. */
export default async function runReconcileJob({ container }: ExecArgs) {
  await reconcileCustomerIdentitiesJob(container)
}
