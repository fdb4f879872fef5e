import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomUUID } from "crypto"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  EmailType,
  IdentitySource,
  PhoneType,
} from "../../../types/constants"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import {
  identifierKindOf,
  ParsedIdentifier,
  parseIdentifier,
} from "../../../utils/normalize-identifier"

export interface IdentifiersInput {
  /** An existing customer to add them to; its canonical customer receives them. */
  customer_id?: string
  emails?: { email: string; type?: `${EmailType}`; is_primary?: boolean }[]
  phones?: {
    phone: string
    type?: `${PhoneType}`
    country_code?: string | null
    is_primary?: boolean
  }[]
  /** Values of kinds of the `identifierKinds` option. */
  identifiers?: { kind: string; value: string; is_primary?: boolean }[]
  source: `${IdentitySource}`
}

export interface PreparedIdentifiers {
  customer_id?: string
  emails: {
    email: string
    email_normalized: string
    type?: `${EmailType}`
    is_primary?: boolean
    source: `${IdentitySource}`
  }[]
  phones: {
    phone: string
    phone_e164: string
    country_code?: string
    type?: `${PhoneType}`
    is_primary?: boolean
    source: `${IdentitySource}`
  }[]
  identifiers: (ParsedIdentifier & {
    is_primary?: boolean
    source: `${IdentitySource}`
  })[]
  lock_keys: string[]
  lock_owner: string
}

export const prepareIdentifiersStepId = "prepare-identifiers"
/**
 * This step validates emails, phones and values of identifier kinds to add
 * (each readable, none given
 * twice) and finds the canonical customer they go to, so that a workflow can
 * lock them before writing.
 */
export const prepareIdentifiersStep = createStep(
  prepareIdentifiersStepId,
  async (input: IdentifiersInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const options = await service.getOptions()
    const { defaultCountry } = options
    const customerId = input.customer_id
      ? (await service.retrieveCustomerLinkByCustomerId(input.customer_id))
          .canonical_customer_id
      : undefined

    const emails = (input.emails ?? []).map(({ email, ...rest }) => ({
      ...rest,
      ...parseEmail(email),
      source: input.source,
    }))
    const phones = (input.phones ?? []).map(
      ({ phone, country_code, ...rest }) => {
        const region = country_code || defaultCountry
        return {
          ...rest,
          ...parsePhone(phone, region),
          country_code: region,
          source: input.source,
        }
      }
    )
    const identifiers = (input.identifiers ?? []).map(
      ({ kind, value, ...rest }) => ({
        ...rest,
        ...parseIdentifier(identifierKindOf(options, kind), value),
        source: input.source,
      })
    )
    const keys = [
      ...emails.map((e) => e.email_normalized),
      ...phones.map((p) => p.phone_e164),
      ...identifiers.map((i) => `${i.kind}: ${i.value_normalized}`),
    ]
    const repeated = keys.find((key, i) => keys.indexOf(key) !== i)
    if (repeated) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `"${repeated}" is given more than once`
      )
    }

    return new StepResponse<PreparedIdentifiers>({
      customer_id: customerId,
      emails,
      phones,
      identifiers,
      lock_keys: identifierLockKeys({
        email_normalized: emails.map((e) => e.email_normalized),
        phone_e164: phones.map((p) => p.phone_e164),
        identifiers,
      }),
      lock_owner: randomUUID(),
    })
  }
)
