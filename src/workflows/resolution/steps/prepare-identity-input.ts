import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomUUID } from "crypto"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  PhoneMatchMode,
} from "../../../types/constants"
import {
  FindOrCreateCustomerWorkflowInput,
  ParsedEmail,
  ParsedPhone,
} from "../../../types/workflows"
import { identifierLockKeys } from "../../../utils/lock-keys"
import { parseEmail } from "../../../utils/normalize-email"
import { normalizeName } from "../../../utils/normalize-name"
import { parsePhone } from "../../../utils/normalize-phone"
import {
  identifierKindOf,
  ParsedIdentifier,
  parseIdentifier,
} from "../../../utils/normalize-identifier"
import { readOrSkip } from "../../common/utils/read-or-skip"

export interface PreparedIdentityInput {
  customer_id?: string
  email?: ParsedEmail
  phone?: ParsedPhone
  identifiers: ParsedIdentifier[]
  first_name?: string
  last_name?: string
  company_name?: string
  source: FindOrCreateCustomerWorkflowInput["source"]
  lock_keys: string[]
  /** One owner per run: a retried acquire keeps the keys it already holds. */
  lock_owner: string
}

export const prepareIdentityInputStepId = "prepare-identity-input"
/**
 * This step validates a find-or-create input and normalises its identifiers:
 * the email trimmed and lower-cased, the phone in E.164 (read in the input's
 * country, else the `defaultCountry` option), values of identifier kinds by
 * their kinds' normalisers (an undeclared kind is INVALID_DATA), names
 * trimmed. It also computes
 * the lock keys of the identifiers.
 */
export const prepareIdentityInputStep = createStep(
  prepareIdentityInputStepId,
  async (input: FindOrCreateCustomerWorkflowInput, { container }) => {
    const givenKinds = Object.entries(input.identifiers ?? {})
    if (
      !input.email &&
      !input.phone &&
      !input.customer_id &&
      !givenKinds.length
    ) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Give at least one of email, phone, identifiers or customer_id"
      )
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const options = await service.getOptions()
    const { defaultCountry } = options
    // An unknown kind is the caller's mistake, never skipped.
    const kinds = givenKinds.map(([kind, value]) => ({
      definition: identifierKindOf(options, kind),
      value,
    }))
    const region = input.country_code || defaultCountry
    const lenient = !!input.ignore_invalid_identifiers
    const email = input.email
      ? readOrSkip(() => parseEmail(input.email), lenient)
      : undefined
    const phone = input.phone
      ? readOrSkip(
          () => ({ ...parsePhone(input.phone, region), country_code: region }),
          lenient
        )
      : undefined
    const identifiers = kinds
      .map(({ definition, value }) =>
        readOrSkip(() => parseIdentifier(definition, value), lenient)
      )
      .filter((parsed): parsed is ParsedIdentifier => !!parsed)
    if (!email && !phone && !input.customer_id && !identifiers.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "None of the email, phone, identifiers or customer_id given can be used"
      )
    }
    const unique = identifiers.filter(
      ({ kind }) =>
        identifierKindOf(options, kind).match === PhoneMatchMode.AUTO
    )

    return new StepResponse<PreparedIdentityInput>({
      customer_id: input.customer_id ?? undefined,
      email,
      phone,
      identifiers,
      first_name: normalizeName(input.first_name, "first_name"),
      last_name: normalizeName(input.last_name, "last_name"),
      company_name: normalizeName(input.company_name, "company_name"),
      source: input.source,
      lock_keys: identifierLockKeys({
        email_normalized: email?.email_normalized,
        phone_e164: phone?.phone_e164,
        identifiers: unique,
      }),
      lock_owner: randomUUID(),
    })
  }
)
