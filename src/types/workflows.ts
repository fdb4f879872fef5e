import { CreateCustomerAddressDTO } from "@medusajs/framework/types"
import { IdentitySource, MatchedBy } from "./constants"

export interface FindOrCreateCustomerWorkflowInput {
  email?: string | null
  phone?: string | null
  first_name?: string | null
  last_name?: string | null
  company_name?: string | null
  /** Region for a phone written without a country prefix; else the `defaultCountry` option. */
  country_code?: string | null
  /** A known (logged-in) customer: used as is, and its email/phone attached if nobody owns them. */
  customer_id?: string | null
  /** Values of identifier kinds of the `identifierKinds` option, by kind: `{ tax_id: "DE 123 456 789" }`. */
  identifiers?: Record<string, string> | null
  source: `${IdentitySource}`
  /** Drop an email or phone that cannot be read instead of failing, for data typed elsewhere (orders). */
  ignore_invalid_identifiers?: boolean
  /** Metadata and addresses of the customer this call creates; a customer found keeps its own. */
  created_customer?: {
    metadata?: Record<string, unknown>
    addresses?: Omit<CreateCustomerAddressDTO, "customer_id">[]
  } | null
}

export interface FindOrCreateCustomerWorkflowOutput {
  /** The core customer that matched, or the one created. */
  customer_id: string
  /** The customer that stands for the person: `customer_id`, or the customer it was folded into. */
  canonical_customer_id: string
  created: boolean
  matched_by: `${MatchedBy}`
  /** With `matched_by: "identifier"`, the kind that matched. */
  matched_kind?: string
}

/** An identifier as given and normalised. */
export interface ParsedEmail {
  email: string
  email_normalized: string
}

export interface ParsedPhone {
  phone: string
  phone_e164: string
  /** The region the phone was read in, when it has no country prefix. */
  country_code?: string
}
