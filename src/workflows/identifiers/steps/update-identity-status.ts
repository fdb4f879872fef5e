import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  CustomerIdentityStatus,
} from "../../../types/constants"

export type CustomerIdentityStatusAction = "activate" | "archive" | "reactivate"

/** The statuses each action starts from, and where it leads. */
export const STATUS_TRANSITIONS: Record<
  CustomerIdentityStatusAction,
  { from: CustomerIdentityStatus[]; to: CustomerIdentityStatus }
> = {
  activate: {
    from: [CustomerIdentityStatus.DRAFT],
    to: CustomerIdentityStatus.ACTIVE,
  },
  archive: {
    from: [CustomerIdentityStatus.DRAFT, CustomerIdentityStatus.ACTIVE],
    to: CustomerIdentityStatus.ARCHIVED,
  },
  reactivate: {
    from: [CustomerIdentityStatus.ARCHIVED],
    to: CustomerIdentityStatus.ACTIVE,
  },
}

export interface UpdateIdentityStatusStepInput {
  customer_id: string
  action: CustomerIdentityStatusAction
}

export const updateIdentityStatusStepId = "update-identity-status"
/**
 * This step moves a customer's identity along draft → active → archived →
 * active. A transition that does not start from the current status is an
 * INVALID_DATA error naming both.
 */
export const updateIdentityStatusStep = createStep(
  updateIdentityStatusStepId,
  async (input: UpdateIdentityStatusStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const link = await service.retrieveCustomerLinkByCustomerId(
      input.customer_id
    )
    const transition = STATUS_TRANSITIONS[input.action]
    if (!transition.from.includes(link.status as CustomerIdentityStatus)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot ${input.action} customer ${input.customer_id}: its status is ${link.status}, and ${input.action} applies to ${transition.from.join(" or ")}`
      )
    }
    const previous = await service.snapshotRows(
      "CustomerLink",
      [link.id],
      ["user_id", "status"]
    )
    const updated = await service.updateCustomerLinks({
      id: link.id,
      status: transition.to,
    })
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.restoreRows(previous)
  }
)
