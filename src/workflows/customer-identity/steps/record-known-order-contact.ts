import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE, MatchedBy } from "../../../types/constants"
import { FindOrCreateCustomerWorkflowOutput } from "../../../types/workflows"
import { parseIdentifiers } from "./prepare-identity-input"

export interface RecordKnownOrderContactStepInput {
  order_id: string
  customer_id: string | null
  email: string | null
  phone: string | null
  country_code: string | null
  placed_at: Date
  canceled_at: Date | null
}

export const recordKnownOrderContactStepId = "record-known-order-contact"
/**
 * This step records an order's first contact at once when the plugin knows
 * its customer already (`recordKnownOrderContact`): a storefront order by an
 * indexed customer, whose resolve would match that customer and write
 * nothing. Returns what the resolve would have, or null when the order needs
 * it.
 */
export const recordKnownOrderContactStep = createStep(
  recordKnownOrderContactStepId,
  async (input: RecordKnownOrderContactStepInput, { container }) => {
    if (!input.customer_id) {
      return new StepResponse(null)
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const { defaultCountry } = await service.getOptions()
    const { email, phone } = parseIdentifiers(input, defaultCountry, true)
    const record = await service.recordKnownOrderContact({
      order_id: input.order_id,
      customer_id: input.customer_id,
      email: input.email,
      phone: input.phone,
      email_normalized: email?.email_normalized ?? null,
      phone_e164: phone?.phone_e164 ?? null,
      placed_at: input.placed_at,
      canceled_at: input.canceled_at,
    })
    if (!record) {
      return new StepResponse(null)
    }
    const resolved: FindOrCreateCustomerWorkflowOutput = {
      customer_id: input.customer_id,
      canonical_customer_id: record.canonical_customer_id,
      created: false,
      matched_by: MatchedBy.CUSTOMER,
    }
    return new StepResponse(resolved, record)
  },
  async (record, { container }) => {
    if (!record) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await service.forgetKnownOrderContact(record)
  }
)
