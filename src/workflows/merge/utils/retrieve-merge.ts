import { MedusaError } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CustomerMergeDTO } from "../../../types/module"

/**
 * A merge by id; NOT_FOUND when there is none. Shared by the step that reads a
 * merge and the one that plans its revert.
 */
export const retrieveMerge = async (
  service: CustomerIdentityModuleService,
  id: string
): Promise<CustomerMergeDTO> => {
  const [merge] = await service.listCustomerMerges({ id })
  if (!merge) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Merge ${id} was not found`
    )
  }
  return merge as unknown as CustomerMergeDTO
}
