import {
  CustomerIdentityStatus,
  FoldEvidence,
  IdentitySource,
  MatchedBy,
  MatchIdentifier,
  MergeStatus,
} from "./constants"

type Row = Record<string, unknown>

/**
 * Everything held about a person (`GET /admin/customer-identity/customers/:id/export`),
 * format `medusa-customer-identity/export`, version 1. Dates are ISO 8601.
 * A new field may appear within a version; a field is never renamed or
 * removed without a new version.
 */
export interface CustomerDataExport {
  format: string
  version: 1
  exported_at: string
  /** The canonical customer the export is about. */
  customer_id: string
  identity: {
    status: `${CustomerIdentityStatus}`
    source: `${IdentitySource}`
    has_account: boolean
    order_count: number
    first_order_at: Date | null
    last_order_at: Date | null
    created_at: Date
    erased_at: Date | null
  }
  /** Core customers of the identity (the canonical one and those folded into it), with addresses, groups and metadata. */
  customers: Row[]
  emails: {
    email: string
    type: string
    is_primary: boolean
    source: `${IdentitySource}`
    verified_at: Date | null
    created_at: Date
  }[]
  phones: {
    phone: string
    phone_e164: string
    type: string
    is_primary: boolean
    source: `${IdentitySource}`
    verified_at: Date | null
    created_at: Date
  }[]
  /** Values of identifier kinds (passport, VAT number, another platform's id). */
  identifiers: {
    kind: string
    value: string
    is_primary: boolean
    source: `${IdentitySource}`
    created_at: Date
  }[]
  /** Emails and phones the person's customers asked to prove, without their codes. */
  claims: {
    kind: `${MatchIdentifier}`
    value: string
    type: string
    last_sent_at: Date | null
    created_at: Date
  }[]
  /** The contact of each order the plugin linked to the person, as typed on the order. */
  order_contacts: {
    order_id: string
    customer_id: string | null
    email: string | null
    phone: string | null
    recipient_phone: string | null
    first_name: string | null
    last_name: string | null
    matched_by: `${MatchedBy}`
    placed_at: Date
    canceled_at: Date | null
  }[]
  /** The orders themselves: id, date, status, totals, items' titles, email and addresses as placed. */
  orders: Row[]
  /** Carts of the person's customers or with one of the person's emails. */
  carts: Row[]
  /** Admin merges and automatic folds the person's customers took part in. */
  merges: {
    id: string
    source_customer_id: string
    target_customer_id: string
    evidence: `${FoldEvidence}`
    status: `${MergeStatus}`
    proven_at: Date | null
    created_at: Date
    reverted_at: Date | null
  }[]
  /** The admin user linked to the identity. */
  user: {
    id: string
    email: string
    first_name: string | null
    last_name: string | null
  } | null
  /** Verification codes and welcome messages the plugin sent to their emails, phones and claimed values: who, how, when (never the code). */
  notifications: Row[]
}
