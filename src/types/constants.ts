export const CUSTOMER_IDENTITY_MODULE = "customer_identity"

export enum CustomerIdentityStatus {
  DRAFT = "draft",
  ACTIVE = "active",
  ARCHIVED = "archived",
}

/** Where an identity or identifier came from. */
export enum IdentitySource {
  USER = "user",
  REGISTRATION = "registration",
  CHECKOUT = "checkout",
  ORDER = "order",
  BACKFILL = "backfill",
  MANUAL = "manual",
  STORE = "store",
  MERGE = "merge",
  /** A customer file from another platform. */
  IMPORT = "import",
}

/** The layouts a customer file may have. */
export enum ImportFormat {
  /** Shopify's customers export (Customers → Export → CSV). */
  SHOPIFY = "shopify",
  /**
   * WooCommerce's customer exports, by their column keys (the Customer /
   * Order / Coupon Export extension's default CSV, or the Import Export
   * Suite's users file).
   */
  WOOCOMMERCE = "woocommerce",
  /** Any CSV, with a mapping of fields to its column headers. */
  GENERIC = "generic",
}

/** The fields a customer file can fill (a generic file maps them to its columns). */
export const IMPORT_FIELDS = [
  "source_id",
  "email",
  "phone",
  "first_name",
  "last_name",
  "company_name",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "address_phone",
  "accepts_email_marketing",
  "total_spent",
  "total_orders",
  "note",
  "tags",
] as const

export enum ImportStatus {
  /** The dry run is reading the file. */
  PLANNING = "planning",
  /** The dry run is done: waiting for a confirmation. */
  PLANNED = "planned",
  RUNNING = "running",
  COMPLETED = "completed",
  FAILED = "failed",
  CANCELED = "canceled",
}

export enum EmailType {
  PRIMARY = "primary",
  WORK = "work",
  PERSONAL = "personal",
  OTHER = "other",
}

export enum PhoneType {
  MOBILE = "mobile",
  WORK = "work",
  HOME = "home",
  OTHER = "other",
}

/** How an order contact, or a resolve call, found its canonical customer. */
export enum MatchedBy {
  /** The order's customer is a registered account. */
  ACCOUNT = "account",
  CUSTOMER = "customer",
  EMAIL = "email",
  SECONDARY_EMAIL = "secondary_email",
  PHONE = "phone",
  /** A value of an identifier kind of the `identifierKinds` option (`matched_kind` names it). */
  IDENTIFIER = "identifier",
  CREATED = "created",
}

export enum MatchIdentifier {
  EMAIL = "email",
  PHONE = "phone",
}

/** How a value of an identifier kind is normalised before it is compared. */
export enum IdentifierNormalizer {
  /** Trimmed and lower-cased: loyalty card codes, usernames. */
  TRIM_LOWER = "trim-lower",
  /** Letters and digits only, upper-cased: passports, VAT numbers ("DE 123 456 789" → "DE123456789"). */
  ALNUM_UPPER = "alnum-upper",
  /** Digits only: another platform's numeric customer ids. */
  DIGITS = "digits",
}

export enum PhoneMatchMode {
  AUTO = "auto",
  SUGGEST = "suggest",
}

export enum BackfillStatus {
  PENDING = "pending",
  RUNNING = "running",
  COMPLETED = "completed",
  FAILED = "failed",
}

/** The backfill's phases, in the order it runs them. */
export enum BackfillPhase {
  CUSTOMERS = "customers",
  USERS = "users",
  ORDERS = "orders",
}

/** Why duplicate review suggests that two canonical customers are one person. */
export enum DuplicateReasonKind {
  SHARED_PHONE = "shared_phone",
  /** A shared phone under names of two people (`namesDiffer`): a household or an office. */
  SAME_PHONE_DIFFERENT_NAME = "same_phone_different_name",
  SHARED_SECONDARY_EMAIL = "shared_secondary_email",
  /** A value of an identifier kind that suggests (a VAT number), held by both. */
  SHARED_IDENTIFIER = "shared_identifier",
  PROVIDER_FOLDED_EMAIL = "provider_folded_email",
  SIMILAR_NAME = "similar_name",
}

export enum MergeStatus {
  MERGED = "merged",
  REVERTED = "reverted",
}

/** What made two identities one: an admin's merge, or the evidence of an automatic fold. */
export enum FoldEvidence {
  ADMIN = "admin",
  /** Two guests typed one email. */
  EMAIL = "email",
  /** An account's email, which nobody has verified, is a guest's. */
  ACCOUNT_EMAIL = "account_email",
  /** The orderer's phone and name (the phone rule). */
  PHONE = "phone",
  /** The shopper proved an identifier with a code or Medusa's verification. */
  PROOF = "proof",
}

/** Folds an erasure of their target undoes until a proof confirms them. */
export const UNPROVEN_EVIDENCE = [
  FoldEvidence.ACCOUNT_EMAIL,
  FoldEvidence.PHONE,
] as const

/** Why a merge cannot go ahead; each comes with a message for the admin. */
export enum MergeBlockerCode {
  SAME_IDENTITY = "same_identity",
  FOLDED = "folded",
  ARCHIVED = "archived",
  BOTH_USERS = "both_users",
  ORDER_CHANGE_ACTIVE = "order_change_active",
}
