import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import {
  CustomerIdentifierRef,
  IdentifierKind,
  identifierService,
  retrieveOwnIdentifier,
} from "../../common/utils/identifier-service"

export const removeCustomerIdentifierStepId = "remove-customer-identifier"
/**
 * This step removes one of a customer's emails, phones or values of
 * identifier kinds. The primary email or phone is refused with NOT_ALLOWED:
 * make another one primary first. Its compensation
 * puts the row back exactly.
 */
export const removeCustomerIdentifierStep = createStep(
  removeCustomerIdentifierStepId,
  async (input: CustomerIdentifierRef<IdentifierKind>, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const row = await retrieveOwnIdentifier(service, input)
    const ops = identifierService(service, input.kind)
    // A value of an identifier kind is no contact channel: any can go.
    if (row.is_primary && input.kind !== "identifier") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${ops.label} ${input.id} is the customer's primary ${input.kind}; make another one primary before removing it`
      )
    }
    const previous = await service.snapshotRows(
      ops.entity,
      [input.id],
      ["deleted_at"]
    )
    await ops.softDelete(input.id)
    return new StepResponse(row, previous)
  },
  async (removed, { container }) => {
    if (!removed) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(removed)
  }
)
