import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container } from "@medusajs/ui"
import { Link } from "react-router-dom"
import {
  SectionHeader,
  SectionPlaceholder,
  SectionRow,
} from "../components/section"
import { useOrderContact } from "../hooks/customer-identity"
import { MATCHED_BY_LABEL, customerName, formatDate } from "../lib/format"

const TITLE = "Customer identity"

const OrderCustomerIdentityWidget = ({
  data,
}: DetailWidgetProps<AdminOrder>) => {
  const { data: response, isLoading, error } = useOrderContact(data.id)
  const contact = response?.order_contact

  if (!contact) {
    return (
      <SectionPlaceholder
        title={TITLE}
        isLoading={isLoading}
        error={error}
        emptyMessage="No contact was recorded for this order yet; it appears once the order is processed."
      />
    )
  }
  const canonical = contact.canonical_customer
  return (
    <Container className="divide-y p-0">
      <SectionHeader title={TITLE}>
        <Badge size="2xsmall" color="blue">
          {MATCHED_BY_LABEL[contact.matched_by]}
        </Badge>
      </SectionHeader>
      <SectionRow label="Customer">
        <Link
          to={`/customers/${contact.canonical_customer_id}`}
          className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
        >
          {customerName(canonical)}
        </Link>
        {canonical?.email && (
          <div className="text-ui-fg-muted">{canonical.email}</div>
        )}
      </SectionRow>
      <SectionRow label="Email on the order">{contact.email ?? "-"}</SectionRow>
      <SectionRow label="Phone on the order">{contact.phone ?? "-"}</SectionRow>
      <SectionRow label="Placed">
        {formatDate(contact.placed_at)}
        {contact.canceled_at &&
          ` (canceled ${formatDate(contact.canceled_at)})`}
      </SectionRow>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side",
  id: "customer-identity:order",
})

export default OrderCustomerIdentityWidget
