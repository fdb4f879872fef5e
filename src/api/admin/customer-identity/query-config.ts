export const customerIdentityFields = [
  "id",
  "customer_id",
  "canonical_customer_id",
  "user_id",
  "status",
  "source",
  "order_count",
  "first_order_at",
  "last_order_at",
  "metadata",
  "created_at",
  "updated_at",
  "customer.id",
  "customer.email",
  "customer.first_name",
  "customer.last_name",
  "customer.company_name",
  "customer.has_account",
]

export const retrieveCustomerIdentityQueryConfig = {
  defaults: customerIdentityFields,
  isList: false,
}
