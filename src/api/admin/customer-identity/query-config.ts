export const customerIdentityFields = [
  "id",
  "customer_id",
  "canonical_customer_id",
  "user_id",
  "has_account",
  "status",
  "source",
  "order_count",
  "first_order_at",
  "last_order_at",
  "metadata",
  "erased_at",
  "created_at",
  "updated_at",
]

export const retrieveCustomerIdentityQueryConfig = {
  defaults: customerIdentityFields,
  isList: false,
}

export const listCustomerIdentitiesQueryConfig = {
  defaults: customerIdentityFields,
  defaultLimit: 20,
  isList: true,
}
