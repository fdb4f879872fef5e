import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CustomerIdentifierRef,
  identifierService,
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
    const journal = await identifierService(service, input.kind).setPrimary(
      input.id
    )
    return new StepResponse(void 0, { kind: input.kind, journal })
  },
  async (undo, { container }) => {
    if (!undo?.journal.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await identifierService(service, undo.kind).revert(undo.journal)
  }
)
