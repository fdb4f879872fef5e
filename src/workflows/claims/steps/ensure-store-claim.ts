import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchIdentifier,
} from "../../../types/constants"
import { CustomerClaimDTO } from "../../../types/module"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import {
  findStoreIdentifier,
  loadStoreView,
  storeIdentifierValue,
} from "../utils/store-view"

export const ensureStoreClaimStepId = "ensure-store-claim"
/**
 * This step finds the claim behind one of a shopper's emails or phones: the
 * pending claim itself, or, for an identifier the shopper already sees but
 * has not verified (its account email), a claim made for it. Anything the
 * shopper cannot see is NOT_FOUND.
 */
export const ensureStoreClaimStep = createStep(
  ensureStoreClaimStepId,
  async (input: CustomerIdentifierRef, { container }) => {
    const view = await loadStoreView(container, input.customer_id)
    const identifier = findStoreIdentifier(view, input.kind, input.id)
    if (identifier.claim) {
      return new StepResponse<CustomerClaimDTO, string | null>(
        identifier.claim,
        null
      )
    }
    if (identifier.row.verified_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${input.kind === "email" ? "Email" : "Phone"} ${input.id} is already verified`
      )
    }
    const value = storeIdentifierValue(identifier)
    const existing = view.claims.find(
      (c) => c.kind === input.kind && c.value_normalized === value
    )
    if (existing) {
      return new StepResponse<CustomerClaimDTO, string | null>(existing, null)
    }
    const claim = (await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .createCustomerClaims({
        customer_id: input.customer_id,
        kind: input.kind as MatchIdentifier,
        value:
          "email" in identifier.row
            ? identifier.row.email
            : identifier.row.phone,
        value_normalized: value,
        type: identifier.row.type,
      })) as unknown as CustomerClaimDTO
    return new StepResponse(claim, claim.id)
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .deleteCustomerClaims(createdId)
  }
)
