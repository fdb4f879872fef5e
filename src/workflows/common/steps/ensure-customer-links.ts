import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CreateCustomerLinkDTO } from "../../../types/module"

export const ensureCustomerLinksStepId = "ensure-customer-links"
/**
 * This step creates the link of each customer that has none yet, as its own
 * canonical customer, with core's `has_account` (read from core unless given).
 * Customers that have one are left as they are.
 */
export const ensureCustomerLinksStep = createStep(
  ensureCustomerLinksStepId,
  async (input: CreateCustomerLinkDTO[], { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const existing = await service.listCustomerLinks(
      { customer_id: input.map((link) => link.customer_id) },
      { select: ["customer_id"] }
    )
    const linked = new Set(existing.map((link) => link.customer_id))
    const missing = input.filter((link) => !linked.has(link.customer_id))
    if (!missing.length) {
      return new StepResponse([], [])
    }
    // Core is asked only for the customers whose caller did not know.
    const unknown = missing.filter((link) => link.has_account === undefined)
    const customers = unknown.length
      ? await container
          .resolve(Modules.CUSTOMER)
          .listCustomers(
            { id: unknown.map((link) => link.customer_id) },
            { select: ["id", "has_account"] }
          )
      : []
    const hasAccount = new Map(customers.map((c) => [c.id, c.has_account]))
    const created = await service.createCustomerLinks(
      missing.map((link) => ({
        ...link,
        has_account:
          link.has_account ?? hasAccount.get(link.customer_id) ?? false,
      }))
    )
    return new StepResponse(
      created,
      created.map((link) => link.id)
    )
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.deleteCustomerLinks(createdIds)
  }
)
