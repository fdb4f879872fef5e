import { StepExecutionContext } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { BackfillJournal } from "../../../types/module"

/** The compensation of the backfill's writing steps: undoes what their journal says they wrote. */
export async function revertBackfillJournal(
  journal: BackfillJournal | undefined,
  { container }: StepExecutionContext
) {
  if (!journal) {
    return
  }
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  await service.revertBackfillPlan(journal)
}
