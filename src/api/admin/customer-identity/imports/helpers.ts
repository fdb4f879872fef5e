import { MedusaContainer } from "@medusajs/framework/types"
import CustomerIdentityModuleService from "../../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  ImportStatus,
} from "../../../../types/constants"
import { AdminCustomerImport } from "../../../../types/http"
import { CustomerImportDTO } from "../../../../types/module"

/** An import as the admin shows it, with its rate and time left while it runs. */
export async function retrieveCustomerImport(
  scope: MedusaContainer,
  id: string
): Promise<AdminCustomerImport> {
  const imp = (await scope
    .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
    .retrieveCustomerImport(id)) as unknown as CustomerImportDTO
  return { ...imp, progress: progressOf(imp) }
}

function progressOf(imp: CustomerImportDTO): AdminCustomerImport["progress"] {
  if (imp.status !== ImportStatus.RUNNING || !imp.started_at || !imp.result) {
    return null
  }
  const seconds = (Date.now() - new Date(imp.started_at).getTime()) / 1000
  const rate = seconds > 0 ? imp.result.rows / seconds : 0
  const left = imp.plan ? Math.max(imp.plan.rows - imp.result.rows, 0) : null
  return {
    rate: Math.round(rate * 10) / 10,
    eta_seconds: rate > 0 && left !== null ? Math.ceil(left / rate) : null,
  }
}
