import { PreparedIdentifiers } from "../../common/steps/prepare-identifiers"

/** The prepared emails and phones as rows of a customer, for createCustomerIdentifiersStep. */
export function toIdentifierRows(
  prepared: Pick<PreparedIdentifiers, "emails" | "phones">,
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
  }
}
