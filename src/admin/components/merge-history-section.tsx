import { ArrowUturnLeft } from "@medusajs/icons"
import { Container, StatusBadge, Table, Text, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import type {
  AdminCustomerMergeSummary,
  CustomerIdentityCustomer,
} from "../../types/http"
import { useCustomerMerges, useRevertMerge } from "../hooks/customer-identity"
import {
  MERGE_STATUS_COLOR,
  MERGE_STATUS_LABEL,
  customerName,
  formatDate,
  mergeSummary,
} from "../lib/format"
import {
  ActionMenu,
  ListState,
  SectionHeader,
  TablePagination,
} from "./section"

const PAGE_SIZE = 10

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

/** Merges this customer took part in, newest first, each revertible. */
export const MergeHistorySection = ({ customerId }: { customerId: string }) => {
  const [pageIndex, setPageIndex] = useState(0)
  const { data, isLoading, error } = useCustomerMerges(customerId, {
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
  })
  const revert = useRevertMerge()
  const prompt = usePrompt()
  const confirmRevert = async (merge: AdminCustomerMergeSummary) => {
    const confirmed = await prompt({
      title: "Revert merge?",
      description: `Everything the merge moved goes back to ${customerName(
        merge.source_customer
      )}: emails, phones, orders, addresses, groups and admin user. It is refused if any of it has moved since.`,
      confirmText: "Revert",
      cancelText: "Cancel",
    })
    if (confirmed) {
      revert.mutate(merge.id)
    }
  }
  const count = data?.count ?? 0

  return (
    <Container className="divide-y p-0">
      <SectionHeader title="Merge history" />
      <ListState
        error={error}
        isLoading={isLoading}
        count={count}
        what="the merge history"
        loading="Loading…"
        empty="This customer has not been merged."
      >
        <Table aria-label="Merge history">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Merge</Table.HeaderCell>
              <Table.HeaderCell>Moved</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data?.customer_merges.map((merge) => (
              <Table.Row key={merge.id}>
                <Table.Cell className="whitespace-nowrap">
                  {formatDate(merge.created_at)}
                </Table.Cell>
                <Table.Cell className="whitespace-normal">
                  {merge.target_customer_id === customerId ? (
                    <>
                      <CustomerLink
                        id={merge.source_customer_id}
                        customer={merge.source_customer}
                      />{" "}
                      merged into this customer
                    </>
                  ) : (
                    <>
                      Merged into{" "}
                      <CustomerLink
                        id={merge.target_customer_id}
                        customer={merge.target_customer}
                      />
                    </>
                  )}
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
                        label: "Revert",
                        icon: <ArrowUturnLeft />,
                        disabled:
                          merge.status === "reverted" || revert.isPending,
                        onClick: () => confirmRevert(merge),
                      },
                    ]}
                  />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        {count > PAGE_SIZE && (
          <TablePagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            onPageChange={setPageIndex}
          />
        )}
      </ListState>
    </Container>
  )
}
