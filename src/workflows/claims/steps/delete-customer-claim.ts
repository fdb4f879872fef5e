import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"

export const deleteCustomerClaimStepId = "delete-customer-claim"
/** This step removes a claim; its compensation brings it back. */
export const deleteCustomerClaimStep = createStep(
  deleteCustomerClaimStepId,
  async (claimId: string, { container }) => {
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .softDeleteCustomerClaims(claimId)
    return new StepResponse(void 0, claimId)
  },
  async (claimId, { container }) => {
    if (!claimId) {
      return
    }
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .restoreCustomerClaims(claimId)
  }
)
