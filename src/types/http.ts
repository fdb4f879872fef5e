import { CustomerDataExport } from "./data-export"
import { FindOrCreateCustomerWorkflowOutput } from "./workflows"
import {
  BackfillRunDTO,
  CustomerEmailDTO,
  CustomerIdentifierDTO,
  CustomerImportDTO,
  CustomerLinkDTO,
  CustomerMergeDTO,
  CustomerPhoneDTO,
  MergePlan,
  DuplicateReason,
  OrderContactDTO,
} from "./module"

export interface CustomerIdentityCustomer {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  has_account: boolean
}

export interface CustomerIdentityUser {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
}

/** A customer's identity as the admin API returns it. */
export interface AdminCustomerIdentity extends CustomerLinkDTO {
  customer: CustomerIdentityCustomer | null
  user: CustomerIdentityUser | null
  emails: CustomerEmailDTO[]
  phones: CustomerPhoneDTO[]
  /** Values of identifier kinds, with their kind's label. */
  identifiers: (CustomerIdentifierDTO & { label: string })[]
  /** The kinds of the `identifierKinds` option, that an admin can add. */
  identifier_kinds: { kind: string; label: string }[]
  /** Customers folded into this one (guests of the same person, merge sources). */
  folded_customers: CustomerIdentityCustomer[]
  /** The ten latest order contacts, newest first. */
  order_contacts: OrderContactDTO[]
}

/** A row of the admin list: the identity with its primary email and phone. */
export interface AdminCustomerIdentitySummary extends CustomerLinkDTO {
  customer: CustomerIdentityCustomer | null
  primary_email: CustomerEmailDTO | null
  primary_phone: CustomerPhoneDTO | null
}

export interface AdminCustomerIdentityResponse {
  customer_identity: AdminCustomerIdentity
}

export interface AdminCustomerIdentityListResponse {
  customer_identities: AdminCustomerIdentitySummary[]
  count: number
  offset: number
  limit: number
}

export interface AdminUserCustomerIdentityResponse {
  user_id: string
  customer_identity: AdminCustomerIdentity | null
}

export interface AdminOrderContactResponse {
  order_contact: OrderContactDTO & {
    canonical_customer: CustomerIdentityCustomer | null
  }
}

export interface AdminDeleteResponse<TObject extends string> {
  id: string
  object: TObject
  deleted: true
}

/**
 * A shopper's own identity: only what the shopper has shown to be theirs,
 * plus what it added and has not verified yet (`verified_at: null`).
 */
export interface StoreCustomerIdentity {
  customer_id: string
  status: string
  emails: Pick<
    CustomerEmailDTO,
    "id" | "email" | "type" | "is_primary" | "verified_at"
  >[]
  phones: Pick<
    CustomerPhoneDTO,
    "id" | "phone" | "phone_e164" | "type" | "is_primary" | "verified_at"
  >[]
  /** Values of identifier kinds that say `shopperVisible` (a loyalty card). */
  identifiers: (Pick<
    CustomerIdentifierDTO,
    "id" | "kind" | "value" | "is_primary"
  > & { label: string })[]
  order_count: number
  first_order_at: Date | null
  last_order_at: Date | null
}

export interface StoreCustomerIdentityResponse {
  customer_identity: StoreCustomerIdentity
}

export interface StoreDeleteIdentifierResponse extends AdminDeleteResponse<
  "customer_email" | "customer_phone"
> {
  parent: StoreCustomerIdentity
}

export interface StoreIdentifierVerificationResponse {
  verification: { identifier_id: string; expires_at: Date }
}

export interface AdminBackfillResponse {
  backfill: BackfillRunDTO
}

/** A pair of canonical customers that may be one person. */
export interface AdminDuplicate {
  /** `customer_a_id:customer_b_id`, the pair in the order it is stored when dismissed. */
  id: string
  customer_a: CustomerIdentityCustomer
  customer_b: CustomerIdentityCustomer
  /** 0..1, higher is likelier. */
  score: number
  /** Strongest first. */
  reasons: DuplicateReason[]
}

export interface AdminDuplicateListResponse {
  duplicates: AdminDuplicate[]
  count: number
  offset: number
  limit: number
}

export interface AdminDismissDuplicateResponse {
  dismissed: true
}

/** What a merge would move, what blocks it, and the two customers. */
export interface AdminMergePreview extends MergePlan {
  source_customer: CustomerIdentityCustomer
  target_customer: CustomerIdentityCustomer
}

export interface AdminMergePreviewResponse {
  merge_preview: AdminMergePreview
}

export interface AdminCustomerMergeResponse {
  customer_merge: CustomerMergeDTO
}

/** A merge as the admin lists it: with both customers, for the customer's history. */
export interface AdminCustomerMergeSummary extends CustomerMergeDTO {
  /** `null` once the core customer is gone. */
  source_customer: CustomerIdentityCustomer | null
  target_customer: CustomerIdentityCustomer | null
}

export interface AdminCustomerMergeListResponse {
  customer_merges: AdminCustomerMergeSummary[]
  count: number
  offset: number
  limit: number
}

/** The answer to a data subject's request. */
export interface AdminDataRequestResponse {
  data_request: {
    kind: "export" | "erase"
    /** The canonical customer the email or phone resolved to. */
    customer_id: string
    /** The document, for `export`. */
    export: CustomerDataExport | null
    /** What was erased, for `erase`. */
    erased: {
      customer_ids: string[]
      unfolded_customer_ids: string[]
      erased_at: Date
    } | null
  }
}

/** One contact of a bulk request: what find-or-create answered, or its error. */
export type UpsertedContact = { index: number } & (
  | FindOrCreateCustomerWorkflowOutput
  | { error: { type: string; message: string } }
)

export interface AdminUpsertContactsResponse {
  /** One per contact, in the order given. */
  results: UpsertedContact[]
  /** How many contacts created a customer. */
  created: number
  /** How many contacts were refused. */
  errors: number
}

export interface AdminCustomerImport extends CustomerImportDTO {
  /** While it runs: rows a second since it started, and seconds left at that rate (by the dry run's row count). */
  progress: { rate: number; eta_seconds: number | null } | null
}

export interface AdminCustomerImportResponse {
  customer_import: AdminCustomerImport
}
