import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MatchIdentifier,
} from "../../../types/constants"
import { CustomerClaimDTO } from "../../../types/module"
import { MAX_OPEN_CLAIMS } from "../../../utils/verification-code"
import { IdentifierKind } from "../../common/utils/identifier-service"
import { loadStoreView, pendingClaims } from "../utils/store-view"

export interface CreateCustomerClaimStepInput {
  customer_id: string
  kind: IdentifierKind
  value: string
  value_normalized: string
  type: string
}

export const createCustomerClaimStepId = "create-customer-claim"
/**
 * This step records an email or phone a shopper added as a claim. Whoever
 * owns the value, the outcome is the same pending claim (invariant 4); only a
 * value the shopper already sees as its own is refused, and so is a claim
 * past `MAX_OPEN_CLAIMS` pending ones. Adding a pending claim again returns
 * it unchanged.
 */
export const createCustomerClaimStep = createStep(
  createCustomerClaimStepId,
  async (input: CreateCustomerClaimStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const view = await loadStoreView(container, input.customer_id)
    const own =
      input.kind === "email"
        ? view.emails.some((e) => e.email_normalized === input.value_normalized)
        : view.phones.some((p) => p.phone_e164 === input.value_normalized)
    if (own) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `${input.value} is already on your account`
      )
    }
    const pending = pendingClaims(view).find(
      (c) =>
        c.kind === input.kind && c.value_normalized === input.value_normalized
    )
    if (pending) {
      return new StepResponse<CustomerClaimDTO, string | null>(pending, null)
    }
    if (pendingClaims(view).length >= MAX_OPEN_CLAIMS) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `At most ${MAX_OPEN_CLAIMS} emails and phones can wait for verification; verify or remove one first`
      )
    }
    const claim = (await service.createCustomerClaims({
      ...input,
      kind: input.kind as MatchIdentifier,
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
