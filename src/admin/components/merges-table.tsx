import { ArrowUturnLeft } from "@medusajs/icons"
import { Badge, StatusBadge, Table, Text, usePrompt } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type {
  AdminCustomerMergeSummary,
  CustomerIdentityCustomer,
} from "../../types/http"
import { useRevertMerge } from "../hooks/customer-identity"
import {
  EVIDENCE_LABEL,
  MERGE_STATUS_COLOR,
  MERGE_STATUS_LABEL,
  customerName,
  formatDate,
  isUnproven,
  mergeSummary,
} from "../lib/format"
import { ActionMenu } from "./section"

const CustomerLink = ({
  id,
  customer,
}: {
  id: string
  customer: CustomerIdentityCustomer | null
}) => (
  <Link
    to={`/customers/${id}`}
    className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
  >
    {customer ? customerName(customer) : id}
  </Link>
)

/** Who went into whom, seen from `customerId` when the table belongs to one customer. */
const MergeCell = ({
  merge,
  customerId,
}: {
  merge: AdminCustomerMergeSummary
  customerId?: string
}) => {
  const source = (
    <CustomerLink
      id={merge.source_customer_id}
      customer={merge.source_customer}
    />
  )
  const target = (
    <CustomerLink
      id={merge.target_customer_id}
      customer={merge.target_customer}
    />
  )
  if (merge.target_customer_id === customerId) {
    return <>{source} merged into this customer</>
  }
  if (merge.source_customer_id === customerId) {
    return <>Merged into {target}</>
  }
  return (
    <>
      {source} into {target}
    </>
  )
}

/**
 * Merges and automatic folds with what made them, what they moved and
 * their status; each can be reverted (undone) from its journal.
 */
export const MergesTable = ({
  merges,
  customerId,
  label,
}: {
  merges: AdminCustomerMergeSummary[]
  customerId?: string
  label: string
}) => {
  const revert = useRevertMerge()
  const prompt = usePrompt()
  const confirmRevert = async (merge: AdminCustomerMergeSummary) => {
    const confirmed = await prompt({
      title: merge.evidence === "admin" ? "Revert merge?" : "Undo fold?",
      description: `Everything it moved goes back to ${customerName(
        merge.source_customer
      )}: emails, phones, orders, addresses, groups and admin user. It is refused if any of it has moved since.`,
      confirmText: merge.evidence === "admin" ? "Revert" : "Undo",
      cancelText: "Cancel",
    })
    if (confirmed) {
      revert.mutate(merge.id)
    }
  }

  return (
    <Table aria-label={label}>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Date</Table.HeaderCell>
          <Table.HeaderCell>Merge</Table.HeaderCell>
          <Table.HeaderCell>Evidence</Table.HeaderCell>
          <Table.HeaderCell>Moved</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {merges.map((merge) => (
          <Table.Row key={merge.id}>
            <Table.Cell className="whitespace-nowrap">
              {formatDate(merge.created_at)}
            </Table.Cell>
            <Table.Cell className="whitespace-normal">
              <MergeCell merge={merge} customerId={customerId} />
            </Table.Cell>
            <Table.Cell className="whitespace-normal">
              <div className="flex flex-col items-start gap-y-1 py-2">
                <Text size="small" leading="compact">
                  {EVIDENCE_LABEL[merge.evidence]}
                </Text>
                {isUnproven(merge) && merge.status === "merged" && (
                  <Badge size="2xsmall" color="orange">
                    Unproven
                  </Badge>
                )}
              </div>
            </Table.Cell>
            <Table.Cell className="whitespace-normal">
              <Text size="small" leading="compact">
                {mergeSummary(merge.journal)}
              </Text>
            </Table.Cell>
            <Table.Cell>
              <div className="flex flex-col items-start gap-y-1 py-2">
                <StatusBadge color={MERGE_STATUS_COLOR[merge.status]}>
                  {MERGE_STATUS_LABEL[merge.status]}
                </StatusBadge>
                {merge.reverted_at && (
                  <Text size="xsmall" className="text-ui-fg-muted">
                    on {formatDate(merge.reverted_at)}
                  </Text>
                )}
              </div>
            </Table.Cell>
            <Table.Cell className="text-right">
              <ActionMenu
                label="Merge actions"
                actions={[
                  {
                    label: merge.evidence === "admin" ? "Revert" : "Undo",
                    icon: <ArrowUturnLeft />,
                    disabled: merge.status === "reverted" || revert.isPending,
                    onClick: () => confirmRevert(merge),
                  },
                ]}
              />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
