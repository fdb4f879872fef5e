import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type {
  AdminCustomer,
  DetailWidgetProps,
} from "@medusajs/framework/types"
import { ArrowDownTray } from "@medusajs/icons"
import { Badge, Container, StatusBadge } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { AdminCustomerIdentity } from "../../types/http"
import {
  ActionMenu,
  SectionHeader,
  SectionPlaceholder,
  SectionRow,
} from "../components/section"
import {
  useCustomerIdentity,
  useDownloadCustomerData,
  useUpdateIdentityStatus,
} from "../hooks/customer-identity"
import {
  STATUS_ACTIONS,
  STATUS_COLOR,
  STATUS_LABEL,
  customerName,
  formatDate,
} from "../lib/format"

const TITLE = "Customer identity"

/** The identity: status and its actions, account, order stats, admin user and folded customers. */
const CustomerIdentityStatusWidget = ({
  data,
}: DetailWidgetProps<AdminCustomer>) => {
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
  return <IdentitySection identity={identity} />
}

const IdentitySection = ({ identity }: { identity: AdminCustomerIdentity }) => {
  const updateStatus = useUpdateIdentityStatus(identity.customer_id)
  const download = useDownloadCustomerData(identity.customer_id)
  const isCanonical = identity.canonical_customer_id === identity.customer_id
  // Order stats live on the canonical customer; a folded one shows its.
  const { data: canonicalResponse } = useCustomerIdentity(
    identity.canonical_customer_id,
    { enabled: !isCanonical }
  )
  const canonical = isCanonical
    ? identity
    : (canonicalResponse?.customer_identity ?? identity)
  const folded = identity.folded_customers.filter(
    (customer) => customer.id !== identity.customer_id
  )

  return (
    <Container className="divide-y p-0">
      <SectionHeader title={TITLE}>
        <StatusBadge color={STATUS_COLOR[identity.status]}>
          {STATUS_LABEL[identity.status]}
        </StatusBadge>
        <ActionMenu
          label="Status actions"
          actions={[
            ...STATUS_ACTIONS[identity.status].map(({ action, label }) => ({
              label,
              disabled: updateStatus.isPending,
              onClick: () => updateStatus.mutate(action),
            })),
            {
              label: "Download data",
              icon: <ArrowDownTray />,
              disabled: download.isPending,
              onClick: () => download.mutate(undefined),
            },
          ]}
        />
      </SectionHeader>
      {!isCanonical && (
        <SectionRow label="Folded into">
          <Link
            to={`/customers/${identity.canonical_customer_id}`}
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
          >
            {customerName(canonical.customer)}
          </Link>
        </SectionRow>
      )}
      <SectionRow label="Account">
        {identity.has_account ? "Registered" : "Guest"} (source:{" "}
        {identity.source})
      </SectionRow>
      <SectionRow label="Orders">{canonical.order_count}</SectionRow>
      <SectionRow label="First order">
        {formatDate(canonical.first_order_at)}
      </SectionRow>
      <SectionRow label="Last order">
        {formatDate(canonical.last_order_at)}
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
        {folded.length ? (
          <ul className="flex flex-col gap-y-1">
            {folded.map((customer) => (
              <li
                key={customer.id}
                className="flex flex-wrap items-center gap-x-2 gap-y-1"
              >
                <Link
                  to={`/customers/${customer.id}`}
                  className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover break-all"
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

export const config = defineWidgetConfig({
  zone: "customer.details.side",
  id: "customer-identity:customer-status",
})

export default CustomerIdentityStatusWidget
