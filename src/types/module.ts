import {
  BackfillPhase,
  BackfillStatus,
  CustomerIdentityStatus,
  DuplicateReasonKind,
  FoldEvidence,
  EmailType,
  IdentitySource,
  ImportFormat,
  ImportStatus,
  MatchedBy,
  MergeBlockerCode,
  MergeStatus,
  PhoneType,
} from "./constants"
import type { PlannedFold } from "../policy/fold"

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
  /** Set when the person was erased: the identity is archived and its identifiers suppressed. */
  erased_at?: Date | null
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

/** A value of an identifier kind of the `identifierKinds` option. */
export interface CustomerIdentifierDTO {
  id: string
  customer_id: string
  kind: string
  value: string
  value_normalized: string
  /** Its kind suggests: other customers may hold the same value. */
  shared: boolean
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
  /** The orderer's phone (`ordererContact`). */
  phone: string | null
  /** A phone found only on the shipping address under another name. */
  recipient_phone?: string | null
  /** The orderer's name (the billing address's). */
  first_name?: string | null
  last_name?: string | null
  matched_by: `${MatchedBy}`
  placed_at: Date
  canceled_at: Date | null
}

/**
 * An order's first contact, for a customer that is its own canonical
 * customer and, as the caller read, owns the normalised email and phone
 * (`recordOwnedOrderContact`).
 */
export interface RecordOwnedOrderContactDTO extends Omit<
  OrderContactDTO,
  "id" | "customer_id" | "canonical_customer_id" | "matched_by"
> {
  customer_id: string
  email_normalized: string | null
  phone_e164: string | null
  /**
   * How the order was matched as the policy explains it when the email is
   * the customer's primary one and when it is a secondary one: which it is,
   * the locked row tells.
   */
  matched_by: { primary: `${MatchedBy}`; secondary: `${MatchedBy}` }
  /** The suppression list's hashes of the email and phone. */
  suppression_hashes: string[]
  /**
   * Attach the phone when nobody owns it (the caller holds the identifier
   * locks); without it, such an order is refused.
   */
  attach_phone?: boolean
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

/** A customer just created and what it was created with, for `createNewIdentity`. */
export interface CreateNewIdentityDTO {
  customer_id: string
  has_account: boolean
  source: `${IdentitySource}`
  email?: { email: string; email_normalized: string }
  phone?: { phone: string; phone_e164: string }
  identifiers: { kind: string; value: string; value_normalized: string }[]
}

/** The rows `createNewIdentity` wrote, by table. */
export interface NewIdentityRows {
  link_ids: string[]
  email_ids: string[]
  phone_ids: string[]
  identifier_ids: string[]
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

export interface CreateCustomerIdentifierDTO {
  customer_id: string
  /** A kind of the `identifierKinds` option. */
  kind: string
  value: string
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
  /** Values of identifier kinds; absent from journals written before kinds. */
  identifiers?: JournaledIdentifier[]
  order_contacts: {
    id: string
    canonical_customer_id: string
    updated_at: string
  }[]
  /** The merges that recorded an automatic fold, deleted when it is undone. */
  merge_ids?: string[]
}

export type JournaledIdentifier = {
  id: string
  customer_id: string
  is_primary: boolean
  /** As Postgres prints it, so that a restore is exact to the microsecond. */
  updated_at: string
}

/** The module's tables whose rows a compensation puts back with `restoreRows`. */
export type SnapshotEntity =
  | "CustomerLink"
  | "CustomerEmail"
  | "CustomerPhone"
  | "CustomerIdentifier"
  | "CustomerClaim"
  | "CustomerMerge"
  | "OrderContact"

/**
 * Rows as they were before a change: their id, the columns the change
 * writes and `updated_at`, timestamps as Postgres prints them so that
 * `restoreRows` puts them back to the microsecond.
 */
export interface RowSnapshot {
  entity: SnapshotEntity
  rows: ({ id: string; updated_at: string } & Record<string, unknown>)[]
}

/** What trying a verification code found; `before` lets a compensation restore the code. */
export type ClaimCodeAttempt =
  | { outcome: "verified"; before: RowSnapshot }
  | { outcome: "wrong" | "expired" | "missing" | "locked" }

/** Who guessed wrong at a code for which identifier (a keyed hash). */
export interface WrongCodeGuess {
  customer_id: string
  kind: "email" | "phone"
  identifier_hash: string
}

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

/** An identifier a shopper has proven: by a claim's code, or by Medusa's own auth verification. */
export type ProvenIdentifier = Pick<
  CustomerClaimDTO,
  "customer_id" | "kind" | "value" | "value_normalized" | "type"
>

/** What a merge moved, as it was before: a revert puts these back. */
export interface MergeJournal {
  fold: FoldJournal
  /** Orders transferred from the source to the target. */
  order_ids: string[]
  /** The admin user whose link moved from the source to the target. */
  user_id: string | null
  /** Addresses copied onto the target. */
  address_ids: string[]
  /** Customer groups the target joined. */
  customer_group_ids: string[]
}

export interface CustomerMergeDTO {
  id: string
  source_customer_id: string
  target_customer_id: string
  status: `${MergeStatus}`
  journal: MergeJournal
  /** An admin's merge, or what made an automatic fold. */
  evidence: `${FoldEvidence}`
  /** Set once the fold is proven; folds on unproven evidence without it are undone by an erasure. */
  proven_at: Date | null
  merged_by: string | null
  reverted_by: string | null
  reverted_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface MergeBlocker {
  code: `${MergeBlockerCode}`
  message: string
}

/** What merging a source customer into a target would move, and what stands in the way. */
export interface MergePlan {
  source_customer_id: string
  target_customer_id: string
  blockers: MergeBlocker[]
  emails: { id: string; email: string; email_normalized: string }[]
  phones: { id: string; phone: string; phone_e164: string }[]
  /** Customers folded into the source, which follow it. */
  folded_customer_ids: string[]
  orders: { id: string; display_id: number | null }[]
  user_id: string | null
  /** The source's addresses the target lacks, ready to copy. */
  addresses: Record<string, unknown>[]
  customer_groups: { id: string; name: string | null }[]
}

export interface BackfillRunDTO {
  id: string
  status: `${BackfillStatus}`
  phase: `${BackfillPhase}`
  /** The last id of the phase's last committed batch. */
  cursor: string | null
  processed: number
  created: number
  updated: number
  skipped: number
  total: number
  dry_run: boolean
  cutoff_days: number | null
  batch_size: number
  error: string | null
  started_at: Date | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

/** What the backfill needs to know of the identity tables for one batch. */
export interface BackfillState {
  /** Links of the batch's customers and users, and of every canonical customer they touch. */
  links: {
    customer_id: string
    canonical_customer_id: string
    has_account: boolean
    user_id: string | null
    has_primary_email: boolean
    has_primary_phone: boolean
  }[]
  emails: {
    email_normalized: string
    customer_id: string
    is_primary: boolean
  }[]
  phones: { phone_e164: string; customer_id: string }[]
  order_contacts: {
    id: string
    order_id: string
    customer_id: string | null
    canonical_customer_id: string
    phone: string | null
    recipient_phone: string | null
    first_name: string | null
    last_name: string | null
    matched_by: `${MatchedBy}`
    canceled_at: string | null
    updated_at: string
  }[]
  /** Names on the order contacts of the identities owning the batch's phones. */
  names: {
    customer_id: string
    first_name: string | null
    last_name: string | null
  }[]
}

/** The identity rows one backfill batch writes, decided beforehand. */
export interface BackfillPlan {
  links: {
    customer_id: string
    canonical_customer_id: string
    has_account: boolean
  }[]
  /** Folds of canonical customers already in the tables. */
  /** Folds of identities already in the tables, recorded with their evidence. */
  folds: PlannedFold[]
  /** In the order they were met: a customer's first one is primary unless it has one. */
  emails: { customer_id: string; email: string; email_normalized: string }[]
  phones: { customer_id: string; phone: string; phone_e164: string }[]
  user_links: { customer_id: string; user_id: string }[]
  order_contacts: Omit<OrderContactDTO, "id">[]
  /** Canonical customers whose order stats to recompute. */
  stats_customer_ids: string[]
}

/** A customer of a backfill batch with its identifiers read, for `insertConflictFreeCustomers`. */
export interface ConflictFreeCustomerDTO {
  customer_id: string
  has_account: boolean
  email: string | null
  email_normalized: string | null
  phone: string | null
  phone_e164: string | null
  /** The suppression list's hashes of the email and phone. */
  suppression_hashes: string[]
}

/** What a backfill batch wrote, for `revertBackfillPlan` to undo it. */
export interface BackfillJournal {
  folds: FoldJournal[]
  link_ids: string[]
  email_ids: string[]
  phone_ids: string[]
  user_links: { id: string; user_id: string | null; updated_at: string }[]
  order_contact_ids: string[]
  order_contacts: BackfillState["order_contacts"]
  stats: RowSnapshot
}

export interface DuplicateReason {
  kind: `${DuplicateReasonKind}`
  /** What matched, for the reviewer: the phone, the emails, the names. */
  detail: string
}

/** Two canonical customers that may be one person (`customer_a_id < customer_b_id`). */
export interface DuplicateCandidate {
  customer_a_id: string
  customer_b_id: string
  /** 0..1, higher is likelier. */
  score: number
  /** Strongest first. */
  reasons: DuplicateReason[]
}

/** What an erasure changed in the identity tables, as it was before: enough to put it back. */
export interface ErasureJournal {
  /** Deleted rows, whole (`to_jsonb`), per table. */
  rows: Record<string, Record<string, unknown>[]>
  /** The erased customers' order contacts' email, phones and names as they were. */
  order_contacts: RowSnapshot
  /** The erased customers' links as they were. */
  links: RowSnapshot
}

/** Who holds a customer id, an email or a phone, as a resolve reads it. */
export interface IdentityOwner {
  customer_id: string
  /** Null when the customer has no link yet. */
  canonical_customer_id: string | null
  /** For an identifier: whether it is its customer's primary one (of its kind). */
  is_primary: boolean
}

/** The owners `findIdentityOwners` found; a key is absent when nothing holds it. */
export interface IdentityOwners {
  customer?: IdentityOwner
  email?: IdentityOwner
  phone?: IdentityOwner
  /** By kind, the owners of values of identifier kinds that have one. */
  identifiers: Record<string, IdentityOwner>
  /** A backfill of all customers has completed (see `hasBackfilledAllCustomers`). */
  backfilled: boolean
}

/** What an import's dry run found, or what its run did. */
export interface ImportCounts {
  /** Rows read. */
  rows: number
  created: number
  linked: number
  /** Linked rows by what found the customer: `email`, `secondary_email`, `phone`, `identifier:<kind>`. */
  linked_by: Record<string, number>
  rejected: number
  /** The first rejected rows, by line in the file. */
  rejects: { line: number; reason: string }[]
}

export interface CustomerImportDTO {
  id: string
  status: `${ImportStatus}`
  format: `${ImportFormat}`
  file_key: string | null
  filename: string
  mapping: Record<string, string> | null
  source_kind: string | null
  plan: ImportCounts | null
  result: ImportCounts | null
  line: number
  error: string | null
  started_at: Date | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}
