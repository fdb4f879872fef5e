import type {
  CustomerIdentityCustomer,
  CustomerIdentityUser,
} from "../../types/http"
import type {
  CustomerLinkDTO,
  CustomerMergeDTO,
  DuplicateReason,
  MergeJournal,
  OrderContactDTO,
} from "../../types/module"

export type IdentityStatus = CustomerLinkDTO["status"]
export type StatusAction = "activate" | "archive" | "reactivate"

export const STATUS_LABEL: Record<IdentityStatus, string> = {
  draft: "Draft",
  active: "Active",
  archived: "Archived",
}

export const STATUS_COLOR: Record<IdentityStatus, "grey" | "green" | "red"> = {
  draft: "grey",
  active: "green",
  archived: "red",
}

/** The moves each status allows, as updateCustomerIdentityStatusWorkflow checks them. */
export const STATUS_ACTIONS: Record<
  IdentityStatus,
  { action: StatusAction; label: string }[]
> = {
  draft: [{ action: "activate", label: "Activate" }],
  active: [{ action: "archive", label: "Archive" }],
  archived: [{ action: "reactivate", label: "Reactivate" }],
}

export const MATCHED_BY_LABEL: Record<OrderContactDTO["matched_by"], string> = {
  account: "Placed from the customer's account",
  customer: "Customer named by the caller",
  email: "Recognised by email",
  secondary_email: "Recognised by a secondary email",
  phone: "Recognised by the orderer's phone and name",
  identifier: "Recognised by another identifier",
  created: "First order of a new customer",
}

export const formatDate = (value: Date | string | null | undefined) =>
  value
    ? new Date(value).toLocaleDateString(undefined, { dateStyle: "medium" })
    : "-"

export const customerName = (
  customer: CustomerIdentityCustomer | CustomerIdentityUser | null
) => {
  if (!customer) {
    return "-"
  }
  const name = [customer.first_name, customer.last_name]
    .filter(Boolean)
    .join(" ")
  return name || customer.email || "-"
}

/** What each duplicate reason means, in the reviewer's words. */
export const REASON_LABEL: Record<DuplicateReason["kind"], string> = {
  shared_phone: "Shared phone",
  same_phone_different_name: "Same phone, different name",
  shared_secondary_email: "Guest email is an account's secondary email",
  shared_identifier: "Same shared identifier (such as a VAT number)",
  provider_folded_email: "Same inbox after provider rules",
  similar_name: "Similar name",
}

export const formatScore = (score: number) => `${Math.round(score * 100)}%`

/** Strong pairs stand out; weak ones are worth a look at most. */
export const scoreColor = (score: number): "green" | "orange" | "grey" =>
  score >= 0.8 ? "green" : score >= 0.6 ? "orange" : "grey"

export const MERGE_STATUS_LABEL: Record<CustomerMergeDTO["status"], string> = {
  merged: "Merged",
  reverted: "Reverted",
}

export const MERGE_STATUS_COLOR: Record<
  CustomerMergeDTO["status"],
  "green" | "grey"
> = {
  merged: "green",
  reverted: "grey",
}

/** What made two identities one, for the admin. */
export const EVIDENCE_LABEL: Record<CustomerMergeDTO["evidence"], string> = {
  admin: "Merged by an admin",
  email: "Same email (guests)",
  account_email: "Account's unverified email",
  phone: "Same phone and name",
  proof: "Proven by the shopper",
}

/** A fold an erasure of its target undoes: nobody has proven it. */
export const isUnproven = (merge: CustomerMergeDTO) =>
  (merge.evidence === "account_email" || merge.evidence === "phone") &&
  !merge.proven_at

export const plural = (count: number, noun: string, nouns = `${noun}s`) =>
  `${count} ${count === 1 ? noun : nouns}`

/** What a merge moved, from its journal: "2 emails · 1 order · admin user". */
export const mergeSummary = ({ fold, ...journal }: MergeJournal) =>
  [
    fold.emails.length && plural(fold.emails.length, "email"),
    fold.phones.length && plural(fold.phones.length, "phone"),
    journal.order_ids.length && plural(journal.order_ids.length, "order"),
    journal.address_ids.length &&
      plural(journal.address_ids.length, "address", "addresses"),
    journal.customer_group_ids.length &&
      plural(journal.customer_group_ids.length, "group"),
    journal.user_id && "admin user",
  ]
    .filter(Boolean)
    .join(" · ") || "Nothing but the customer"
