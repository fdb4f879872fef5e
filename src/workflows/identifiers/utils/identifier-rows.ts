import { PreparedIdentifiers } from "../../common/steps/prepare-identifiers"

/** The prepared identifiers as rows of a customer, for createCustomerIdentifiersStep. */
export function toIdentifierRows(
  prepared: Pick<PreparedIdentifiers, "emails" | "phones" | "identifiers">,
  customerId: string
) {
  return {
    emails: prepared.emails.map(({ email_normalized: _, ...email }) => ({
      ...email,
      customer_id: customerId,
    })),
    phones: prepared.phones.map(({ phone_e164: _, ...phone }) => ({
      ...phone,
      customer_id: customerId,
    })),
    identifiers: prepared.identifiers.map(
      ({ value_normalized: _, ...identifier }) => ({
        ...identifier,
        customer_id: customerId,
      })
    ),
  }
}
