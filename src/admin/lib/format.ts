import type {
  CustomerIdentityCustomer,
  CustomerIdentityUser,
} from "../../types/http"
import type { CustomerLinkDTO, OrderContactDTO } from "../../types/module"

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
  customer: "Matched by customer account",
  email: "Matched by primary email",
  secondary_email: "Matched by secondary email",
  phone: "Matched by phone",
  created: "New customer created",
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
