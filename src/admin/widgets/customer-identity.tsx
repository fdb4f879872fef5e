import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type {
  AdminCustomer,
  DetailWidgetProps,
} from "@medusajs/framework/types"
import { Badge, Container, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { AdminCustomerIdentity } from "../../types/http"
import { IdentifierSection } from "../components/identifier-section"
import { KindIdentifierSection } from "../components/kind-identifier-section"
import { MergeHistorySection } from "../components/merge-history-section"
import { SectionHeader, SectionMessage } from "../components/section"
import { useCustomerIdentity } from "../hooks/customer-identity"
import { MATCHED_BY_LABEL, formatDate } from "../lib/format"

/** Emails, phones, other identifiers, latest orders and merge history; the identity itself is in the side column (customer-identity-status). */
const CustomerIdentityWidget = ({ data }: DetailWidgetProps<AdminCustomer>) => {
  const { data: response } = useCustomerIdentity(data.id)
  const identity = response?.customer_identity

  // The side widget shows the loading, empty and error states.
  if (!identity) {
    return null
  }
  return (
    <div className="flex flex-col gap-y-3">
      <IdentifierSection
        customerId={identity.customer_id}
        kind="email"
        rows={identity.emails}
      />
      <IdentifierSection
        customerId={identity.customer_id}
        kind="phone"
        rows={identity.phones}
      />
      <KindIdentifierSection identity={identity} />
      <OrderContactsSection identity={identity} />
      <MergeHistorySection customerId={identity.customer_id} />
    </div>
  )
}

const OrderContactsSection = ({
  identity,
}: {
  identity: AdminCustomerIdentity
}) => (
  <Container className="divide-y p-0">
    <SectionHeader title="Latest orders" />
    {identity.order_contacts.length === 0 ? (
      <SectionMessage>No orders recorded yet.</SectionMessage>
    ) : (
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Placed</Table.HeaderCell>
            <Table.HeaderCell>Contact on the order</Table.HeaderCell>
            <Table.HeaderCell>How it was matched</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {identity.order_contacts.map((contact) => (
            <Table.Row key={contact.id}>
              <Table.Cell>
                <Link
                  to={`/orders/${contact.order_id}`}
                  className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
                >
                  {formatDate(contact.placed_at)}
                </Link>
                {contact.canceled_at && (
                  <Badge size="2xsmall" color="red" className="ml-2">
                    Canceled
                  </Badge>
                )}
              </Table.Cell>
              <Table.Cell>
                <Text size="small" leading="compact">
                  {[contact.email, contact.phone].filter(Boolean).join(" · ") ||
                    "-"}
                </Text>
              </Table.Cell>
              <Table.Cell>{MATCHED_BY_LABEL[contact.matched_by]}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    )}
  </Container>
)

export const config = defineWidgetConfig({
  zone: "customer.details",
  id: "customer-identity:customer",
})

export default CustomerIdentityWidget
