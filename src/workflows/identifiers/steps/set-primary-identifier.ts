import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CustomerIdentifierRef,
  retrieveOwnIdentifier,
} from "../../common/utils/identifier-service"

export const setPrimaryIdentifierStepId = "set-primary-identifier"
/**
 * This step makes one of a customer's emails or phones its primary one; the
 * previous primary stays as a secondary.
 */
export const setPrimaryIdentifierStep = createStep(
  setPrimaryIdentifierStepId,
  async (input: CustomerIdentifierRef, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await retrieveOwnIdentifier(service, input)
    const journal = await service.setPrimaryIdentifier(input.kind, input.id)
    return new StepResponse(void 0, journal)
  },
  async (undo, { container }) => {
    if (!undo?.rows.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(undo)
  }
)
