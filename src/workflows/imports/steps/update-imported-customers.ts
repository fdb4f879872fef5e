import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  readCustomerNames,
  writeCustomerNames,
} from "../../../core-tables/customer-names"
import { importedChanges } from "../utils/enrich-imported-customer"
import { ImportRow } from "../utils/import-rows"

/** Existing customers, each joined by one row. */
export type UpdateImportedCustomersStepInput = {
  customer_id: string
  row: ImportRow
}[]

export const updateImportedCustomersStepId = "update-imported-customers"
/**
 * This step puts each row's names and history on the existing customer it
 * joined, as `importedChanges` decides them (names only where missing), in
 * one statement. It returns the customers it changed and the addresses to
 * add (the rows' addresses their customers have none like).
 */
export const updateImportedCustomersStep = createStep(
  updateImportedCustomersStepId,
  async (input: UpdateImportedCustomersStepInput, { container }) => {
    const ids = input.map(({ customer_id }) => customer_id)
    const [customers, before] = await Promise.all([
      container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: ids }, { relations: ["addresses"] }),
      readCustomerNames(container, ids),
    ])
    const byId = new Map(customers.map((customer) => [customer.id, customer]))
    const changes = input.map(({ customer_id, row }) => {
      const customer = byId.get(customer_id)
      if (!customer) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Customer with id: ${customer_id} was not found`
        )
      }
      return { customer_id, ...importedChanges(customer, row) }
    })
    const updated = new Map(
      changes
        .filter(({ update }) => Object.keys(update).length)
        .map(({ customer_id, update }) => [customer_id, update])
    )
    const previous = before.filter((row) => updated.has(row.id))
    await writeCustomerNames(
      container,
      // Stamped now, as core's update would.
      previous.map(({ updated_at: _, ...row }) => ({
        ...row,
        ...updated.get(row.id),
      }))
    )
    return new StepResponse(
      {
        updated_ids: [...updated.keys()],
        addresses: changes.flatMap(({ customer_id, address }) =>
          address ? [{ ...address, customer_id }] : []
        ),
      },
      previous
    )
  },
  async (previous, { container }) => {
    if (previous?.length) {
      await writeCustomerNames(container, previous)
    }
  }
)
