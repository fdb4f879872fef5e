import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type {
  AdminCustomer,
  DetailWidgetProps,
} from "@medusajs/framework/types"
import { Badge, Container, StatusBadge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { AdminCustomerIdentity } from "../../types/http"
import { IdentifierSection } from "../components/identifier-section"
import {
  ActionMenu,
  SectionHeader,
  SectionMessage,
  SectionPlaceholder,
  SectionRow,
} from "../components/section"
import {
  useCustomerIdentity,
  useUpdateIdentityStatus,
} from "../hooks/customer-identity"
import {
  MATCHED_BY_LABEL,
  STATUS_ACTIONS,
  STATUS_COLOR,
  STATUS_LABEL,
  customerName,
  formatDate,
} from "../lib/format"

const TITLE = "Customer identity"

const CustomerIdentityWidget = ({ data }: DetailWidgetProps<AdminCustomer>) => {
  const { data: response, isLoading, error } = useCustomerIdentity(data.id)
  const identity = response?.customer_identity

  if (!identity) {
    return (
      <SectionPlaceholder
        title={TITLE}
        isLoading={isLoading}
        error={error}
        emptyMessage="The plugin has not indexed this customer yet."
      />
    )
  }
  return (
    <section aria-label={TITLE} className="flex flex-col gap-y-3">
      <IdentitySection identity={identity} />
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
      <OrderContactsSection identity={identity} />
    </section>
  )
}

const IdentitySection = ({ identity }: { identity: AdminCustomerIdentity }) => {
  const updateStatus = useUpdateIdentityStatus(identity.customer_id)
  const isCanonical = identity.canonical_customer_id === identity.customer_id

  return (
    <Container className="divide-y p-0">
      <SectionHeader title={TITLE}>
        <StatusBadge color={STATUS_COLOR[identity.status]}>
          {STATUS_LABEL[identity.status]}
        </StatusBadge>
        <ActionMenu
          label="Status actions"
          actions={STATUS_ACTIONS[identity.status].map(({ action, label }) => ({
            label,
            disabled: updateStatus.isPending,
            onClick: () => updateStatus.mutate(action),
          }))}
        />
      </SectionHeader>
      {!isCanonical && (
        <SectionRow label="Folded into">
          <Link
            to={`/customers/${identity.canonical_customer_id}`}
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
          >
            {identity.canonical_customer_id}
          </Link>
        </SectionRow>
      )}
      <SectionRow label="Account">
        {identity.has_account ? "Registered" : "Guest"} (source:{" "}
        {identity.source})
      </SectionRow>
      <SectionRow label="Orders">{identity.order_count}</SectionRow>
      <SectionRow label="First order">
        {formatDate(identity.first_order_at)}
      </SectionRow>
      <SectionRow label="Last order">
        {formatDate(identity.last_order_at)}
      </SectionRow>
      <SectionRow label="Admin user">
        {identity.user ? (
          <Link
            to={`/settings/users/${identity.user.id}`}
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
          >
            {customerName(identity.user)} ({identity.user.email})
          </Link>
        ) : (
          "-"
        )}
      </SectionRow>
      <SectionRow label="Folded customers">
        {identity.folded_customers.length ? (
          <ul className="flex flex-col gap-y-1">
            {identity.folded_customers.map((customer) => (
              <li key={customer.id} className="flex items-center gap-x-2">
                <Link
                  to={`/customers/${customer.id}`}
                  className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
                >
                  {customer.email ?? customerName(customer)}
                </Link>
                <Badge size="2xsmall">
                  {customer.has_account ? "Account" : "Guest"}
                </Badge>
              </li>
            ))}
          </ul>
        ) : (
          "-"
        )}
      </SectionRow>
    </Container>
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
