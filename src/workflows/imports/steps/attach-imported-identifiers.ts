import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  IdentitySource,
} from "../../../types/constants"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { ParsedIdentifier } from "../../../utils/normalize-identifier"

export interface AttachImportedIdentifiersStepInput {
  /** A canonical customer and values of its row that nobody owns. */
  customer_id: string
  email?: ParsedEmail
  phone?: ParsedPhone
  identifiers: ParsedIdentifier[]
}

export const attachImportedIdentifiersStepId = "attach-imported-identifiers"
/**
 * This step adds to many canonical customers the emails, phones and values
 * of identifier kinds of their import rows that nobody owns, each kind in
 * one call (a customer's first email or phone becomes its primary one, as
 * attaching one row's does). The caller holds the values' locks and has
 * checked that nobody owns them.
 */
export const attachImportedIdentifiersStep = createStep(
  attachImportedIdentifiersStepId,
  async (input: AttachImportedIdentifiersStepInput[], { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const source = IdentitySource.IMPORT
    const [email_ids, phone_ids, identifier_ids] = await Promise.all([
      createMany(
        input.flatMap(({ customer_id, email }) =>
          email ? [{ customer_id, email: email.email, source }] : []
        ),
        (rows) => service.createCustomerEmails(rows)
      ),
      createMany(
        input.flatMap(({ customer_id, phone }) =>
          phone
            ? [
                {
                  customer_id,
                  phone: phone.phone,
                  country_code: phone.country_code,
                  source,
                },
              ]
            : []
        ),
        (rows) => service.createCustomerPhones(rows)
      ),
      createMany(
        input.flatMap(({ customer_id, identifiers }) =>
          identifiers.map(({ kind, value }) => ({
            customer_id,
            kind,
            value,
            source,
          }))
        ),
        (rows) => service.createCustomerIdentifiers(rows)
      ),
    ])
    const created = { email_ids, phone_ids, identifier_ids }
    return new StepResponse(created, created)
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    await Promise.all([
      service.deleteCustomerEmails(created.email_ids),
      service.deleteCustomerPhones(created.phone_ids),
      service.deleteCustomerIdentifiers(created.identifier_ids),
    ])
  }
)

/** The ids of the rows `create` makes; nothing is called for no rows. */
async function createMany<T>(
  rows: T[],
  create: (rows: T[]) => Promise<{ id: string }[]>
): Promise<string[]> {
  return rows.length ? (await create(rows)).map((row) => row.id) : []
}
