import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  readUpdatedAt,
  restoreUpdatedAt,
} from "../../../core-tables/updated-at"

/** Generated for every model of the Customer module, though its interface leaves them out for addresses. */
interface AddressSoftDeletion {
  softDeleteCustomerAddresses(ids: string[]): Promise<unknown>
  restoreCustomerAddresses(ids: string[]): Promise<unknown>
}

const customerModule = (container: { resolve(key: string): unknown }) =>
  container.resolve(Modules.CUSTOMER) as AddressSoftDeletion

export const deleteMergedAddressesStepId = "delete-merged-addresses"
/**
 * This step deletes the addresses a merge copied onto its target. Soft
 * deletion, so that its compensation can restore the very rows, `updated_at`
 * included: core's `deleteCustomerAddressesStep` cannot put its rows back.
 */
export const deleteMergedAddressesStep = createStep(
  deleteMergedAddressesStepId,
  async (ids: string[], { container }) => {
    const rows = await readUpdatedAt(container, "customer_address", ids)
    await customerModule(container).softDeleteCustomerAddresses(ids)
    return new StepResponse(void 0, rows)
  },
  async (rows, { container }) => {
    if (!rows?.length) {
      return
    }
    await customerModule(container).restoreCustomerAddresses(
      rows.map((row) => row.id)
    )
    await restoreUpdatedAt(container, "customer_address", rows)
  }
)
