import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Link as LinkIcon, XMark } from "@medusajs/icons"
import type { AdminUser, DetailWidgetProps } from "@medusajs/framework/types"
import {
  Button,
  Container,
  Drawer,
  Input,
  StatusBadge,
  Text,
} from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import {
  ActionMenu,
  SectionHeader,
  SectionMessage,
  SectionPlaceholder,
  SectionRow,
} from "../components/section"
import {
  useCustomerIdentities,
  useLinkUser,
  useUnlinkUser,
  useUserCustomerIdentity,
} from "../hooks/customer-identity"
import {
  STATUS_COLOR,
  STATUS_LABEL,
  customerName,
  formatDate,
} from "../lib/format"

const TITLE = "Customer"

const UserCustomerIdentityWidget = ({ data }: DetailWidgetProps<AdminUser>) => {
  const { data: response, isLoading, error } = useUserCustomerIdentity(data.id)
  const link = useLinkUser(data.id)
  const unlink = useUnlinkUser(data.id)
  const [choosing, setChoosing] = useState(false)

  if (!response) {
    return (
      <SectionPlaceholder
        title={TITLE}
        isLoading={isLoading}
        error={error}
        emptyMessage="This user was not found."
      />
    )
  }
  const identity = response.customer_identity
  const busy = link.isPending || unlink.isPending
  return (
    <Container className="divide-y p-0">
      <SectionHeader title={TITLE}>
        {identity && (
          <StatusBadge color={STATUS_COLOR[identity.status]}>
            {STATUS_LABEL[identity.status]}
          </StatusBadge>
        )}
        <ActionMenu
          label="Customer link actions"
          actions={
            identity
              ? [
                  {
                    label: "Unlink customer",
                    icon: <XMark />,
                    disabled: busy,
                    onClick: () => unlink.mutate(undefined),
                  },
                ]
              : [
                  {
                    label: "Link by the user's email",
                    icon: <LinkIcon />,
                    disabled: busy,
                    onClick: () => link.mutate(undefined),
                  },
                  {
                    label: "Link to a customer…",
                    icon: <LinkIcon />,
                    disabled: busy,
                    onClick: () => setChoosing(true),
                  },
                ]
          }
        />
      </SectionHeader>
      {identity ? (
        <>
          <SectionRow label="Name">
            <Link
              to={`/customers/${identity.customer_id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
            >
              {customerName(identity.customer)}
            </Link>
          </SectionRow>
          <SectionRow label="Email">
            {identity.customer?.email ?? "-"}
          </SectionRow>
          <SectionRow label="Orders">{identity.order_count}</SectionRow>
          <SectionRow label="Last order">
            {formatDate(identity.last_order_at)}
          </SectionRow>
        </>
      ) : (
        <SectionMessage>No customer is linked to this user.</SectionMessage>
      )}
      <ChooseCustomerDrawer
        open={choosing}
        onOpenChange={setChoosing}
        onChoose={(customerId) =>
          link.mutate(customerId, { onSuccess: () => setChoosing(false) })
        }
      />
    </Container>
  )
}

const ChooseCustomerDrawer = ({
  open,
  onOpenChange,
  onChoose,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onChoose: (customerId: string) => void
}) => {
  const [q, setQ] = useState("")
  const { data, isFetching } = useCustomerIdentities(
    { q, limit: 10, offset: 0 },
    { enabled: open && q.trim().length > 1 }
  )

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Link to a customer</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4">
          <Input
            type="search"
            placeholder="Search by name, email or phone"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            autoFocus
          />
          {isFetching && (
            <Text size="small" className="text-ui-fg-muted">
              Searching…
            </Text>
          )}
          {data?.customer_identities.map((row) => (
            <div
              key={row.customer_id}
              className="flex items-center justify-between gap-x-4"
            >
              <div className="flex flex-col">
                <Text size="small" leading="compact" weight="plus">
                  {customerName(row.customer)}
                </Text>
                <Text
                  size="small"
                  leading="compact"
                  className="text-ui-fg-subtle"
                >
                  {row.primary_email?.email ?? row.customer?.email ?? "-"}
                </Text>
              </div>
              <Button
                size="small"
                variant="secondary"
                onClick={() => onChoose(row.customer_id)}
              >
                Link
              </Button>
            </div>
          ))}
          {data && !data.customer_identities.length && (
            <Text size="small" className="text-ui-fg-muted">
              No customer matches.
            </Text>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

export const config = defineWidgetConfig({
  zone: "user.details",
  id: "customer-identity:user",
})

export default UserCustomerIdentityWidget
