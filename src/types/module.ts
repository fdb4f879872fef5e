import {
  CustomerIdentityStatus,
  EmailType,
  IdentitySource,
  MatchedBy,
  PhoneType,
} from "./constants"

export interface CustomerLinkDTO {
  id: string
  customer_id: string
  canonical_customer_id: string
  user_id: string | null
  has_account: boolean
  status: `${CustomerIdentityStatus}`
  source: `${IdentitySource}`
  order_count: number
  first_order_at: Date | null
  last_order_at: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export interface CustomerEmailDTO {
  id: string
  customer_id: string
  email: string
  email_normalized: string
  type: `${EmailType}`
  is_primary: boolean
  source: `${IdentitySource}`
  verified_at: Date | null
  last_seen_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface CustomerPhoneDTO {
  id: string
  customer_id: string
  phone: string
  phone_e164: string
  type: `${PhoneType}`
  is_primary: boolean
  source: `${IdentitySource}`
  verified_at: Date | null
  last_seen_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface OrderContactDTO {
  id: string
  order_id: string
  customer_id: string | null
  canonical_customer_id: string
  email: string | null
  phone: string | null
  matched_by: `${MatchedBy}`
  placed_at: Date
  canceled_at: Date | null
}

export interface CreateCustomerLinkDTO {
  customer_id: string
  /** Defaults to `customer_id`: a new customer is its own canonical customer. */
  canonical_customer_id?: string
  user_id?: string | null
  has_account?: boolean
  status?: `${CustomerIdentityStatus}`
  source: `${IdentitySource}`
  metadata?: Record<string, unknown> | null
}

export interface CreateCustomerEmailDTO {
  customer_id: string
  email: string
  type?: `${EmailType}`
  is_primary?: boolean
  source?: `${IdentitySource}`
  verified_at?: Date | null
  last_seen_at?: Date | null
}

export interface CreateCustomerPhoneDTO {
  customer_id: string
  phone: string
  /** Region for numbers written without a country prefix; falls back to the `defaultCountry` option. */
  country_code?: string | null
  type?: `${PhoneType}`
  is_primary?: boolean
  source?: `${IdentitySource}`
  verified_at?: Date | null
  last_seen_at?: Date | null
}

/** What a fold changed, row by row, as it was before: enough to put it back. */
export interface FoldJournal {
  target_customer_id: string
  links: { id: string; canonical_customer_id: string; updated_at: string }[]
  emails: JournaledIdentifier[]
  phones: JournaledIdentifier[]
  order_contacts: {
    id: string
    canonical_customer_id: string
    updated_at: string
  }[]
}

export interface JournaledIdentifier {
  id: string
  customer_id: string
  is_primary: boolean
  /** As Postgres prints it, so that a restore is exact to the microsecond. */
  updated_at: string
}

/** Order stats as Postgres prints them, so that a restore is exact. */
export interface CustomerOrderStats {
  customer_id: string
  order_count: number
  first_order_at: string | null
  last_order_at: string | null
  updated_at: string
}

/** A claim's verification code state, with timestamps as Postgres text (exact). */
export interface ClaimCodeState {
  code_hash: string | null
  code_expires_at: string | null
  code_attempts: number
  send_count: number
  send_window_started_at: string | null
  last_sent_at: string | null
  updated_at: string
}

/** What trying a verification code found; `before` lets a compensation restore the code. */
export type ClaimCodeAttempt =
  | { outcome: "verified"; before: ClaimCodeState }
  | { outcome: "wrong" | "expired" | "missing" | "locked" }

export interface CustomerClaimDTO {
  id: string
  customer_id: string
  kind: "email" | "phone"
  value: string
  value_normalized: string
  type: string
  code_expires_at: Date | null
  created_at: Date
  updated_at: Date
}
