import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ResolvedCustomer } from "../../resolution/steps/resolve-customer"

export const requireDataSubjectStepId = "require-data-subject"
/**
 * This step turns the customer an email or phone resolved to into the
 * subject of a data request: nobody is NOT_FOUND, and nothing is created
 * for a request.
 */
export const requireDataSubjectStep = createStep(
  requireDataSubjectStepId,
  async (resolved: ResolvedCustomer) => {
    if (!resolved.canonical_customer_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        "No customer holds this email or phone"
      )
    }
    return new StepResponse(resolved.canonical_customer_id)
  }
)
