import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CustomerIdentifierRef } from "../../common/utils/identifier-service"
import {
  findStoreIdentifier,
  loadStoreView,
  StoreIdentifier,
} from "../utils/store-view"

export const findStoreIdentifierStepId = "find-store-identifier"
/**
 * This step finds one of a shopper's emails or phones by id, as the store
 * shows them: a row the shopper sees, or one of its pending claims. Anything
 * the shopper cannot see is NOT_FOUND, whether it exists or not, so ids
 * cannot be probed.
 */
export const findStoreIdentifierStep = createStep(
  findStoreIdentifierStepId,
  async (input: CustomerIdentifierRef, { container }) => {
    const view = await loadStoreView(container, input.customer_id)
    return new StepResponse<StoreIdentifier>(
      findStoreIdentifier(view, input.kind, input.id)
    )
  }
)
