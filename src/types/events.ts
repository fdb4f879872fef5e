/** Events the plugin emits; each carries ids only. */
export const CustomerIdentityEvents = {
  /** `{ id }`: the canonical customer a find-or-create resolved to. */
  CUSTOMER_RESOLVED: "customer_identity.customer_resolved",
  /** `{ id, user_id }`: the customer an admin user was linked to. */
  USER_LINKED: "customer_identity.user_linked",
  /** `{ id, order_id }`: the canonical customer an order was linked to. */
  ORDER_LINKED: "customer_identity.order_linked",
  /** `{ id, folded_customer_ids }`: the canonical customer others were folded into. */
  CUSTOMER_FOLDED: "customer_identity.customer_folded",
  /** `{ id, status }`: the customer whose status changed. */
  STATUS_CHANGED: "customer_identity.status_changed",
  /**
   * `{ id, order_ids, from_customer_ids }`: the customer that proved an email
   * or phone and received the guest orders placed with it.
   */
  ORDERS_CLAIMED: "customer_identity.orders_claimed",
  /** `{ id, source_customer_id, target_customer_id }`: a merge, by its id. */
  CUSTOMERS_MERGED: "customer_identity.customers_merged",
  /** `{ id, source_customer_id, target_customer_id }`: the reverted merge. */
  MERGE_REVERTED: "customer_identity.merge_reverted",
  /**
   * `{ id, customer_ids, unfolded_customer_ids }`: the erased canonical
   * customer, the customers folded into it, and the identities of unproven
   * folds it let go instead of erasing them.
   */
  CUSTOMER_ERASED: "customer_identity.customer_erased",
  /** `{ id, requested_by }`: the canonical customer whose data was exported, and the admin user who asked. */
  DATA_EXPORTED: "customer_identity.data_exported",
} as const
