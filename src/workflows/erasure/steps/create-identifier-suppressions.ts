import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { hashIdentifier } from "../../../utils/identifier-hash"
import { suppressionSecret } from "../../common/utils/suppression"
import { ErasedIdentifier } from "./plan-customer-erasure"

export interface CreateIdentifierSuppressionsStepInput {
  customer_id: string
  identifiers: ErasedIdentifier[]
}

export const createIdentifierSuppressionsStepId =
  "create-identifier-suppressions"
/**
 * This step adds an erased customer's emails, phones and values of
 * identifier kinds to the suppression
 * list, as keyed hashes only, all with the same `erased_at` (now). Returns
 * that time.
 */
export const createIdentifierSuppressionsStep = createStep(
  createIdentifierSuppressionsStepId,
  async (input: CreateIdentifierSuppressionsStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const secret = await suppressionSecret(container)
    const erasedAt = new Date()
    const created = await service.createIdentifierSuppressions(
      input.identifiers.map(({ kind, value }) => ({
        customer_id: input.customer_id,
        kind,
        identifier_hash: hashIdentifier(secret, kind, value),
        erased_at: erasedAt,
      }))
    )
    return new StepResponse(
      { erased_at: erasedAt },
      created.map((row) => row.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteIdentifierSuppressions(ids)
  }
)
