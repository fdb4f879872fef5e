import { Trash } from "@medusajs/icons"
import { Badge, Button, Table, Text, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import type { AdminDuplicate, CustomerIdentityCustomer } from "../../types/http"
import { useDismissDuplicate, useDuplicates } from "../hooks/customer-identity"
import {
  REASON_LABEL,
  customerName,
  formatScore,
  scoreColor,
} from "../lib/format"
import { MergeReviewModal } from "./merge-review-modal"
import { ActionMenu, FilterSelect, ListState, TablePagination } from "./section"

const PAGE_SIZE = 20
const ANY_SCORE = "any"
const MIN_SCORES = [
  { value: ANY_SCORE, label: "Any score" },
  ...[0.5, 0.6, 0.7, 0.8, 0.9].map((score) => ({
    value: String(score),
    label: `Score ${formatScore(score)} or more`,
  })),
]

const CustomerCell = ({ customer }: { customer: CustomerIdentityCustomer }) => (
  <div className="flex min-w-0 flex-col gap-y-1 py-2">
    <div className="flex items-center gap-x-2">
      <Link
        to={`/customers/${customer.id}`}
        className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small-plus truncate"
      >
        {customerName(customer)}
      </Link>
      <Badge size="2xsmall">{customer.has_account ? "Account" : "Guest"}</Badge>
    </div>
    <Text size="xsmall" className="text-ui-fg-subtle truncate">
      {customer.email ?? "-"}
    </Text>
  </div>
)

/**
 * Pairs of canonical customers that may be one person, strongest first, with
 * why; each can be dismissed or reviewed for a merge.
 */
export const DuplicatesTab = () => {
  const [minScore, setMinScore] = useState(ANY_SCORE)
  const [pageIndex, setPageIndex] = useState(0)
  const [reviewing, setReviewing] = useState<AdminDuplicate | null>(null)
  const { data, isLoading, error } = useDuplicates({
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
    ...(minScore !== ANY_SCORE && { min_score: Number(minScore) }),
  })
  const count = data?.count ?? 0
  // A dismissal or merge can empty the last page: step back to one with rows.
  useEffect(() => {
    if (data && pageIndex > 0 && pageIndex * PAGE_SIZE >= count) {
      setPageIndex(Math.max(0, Math.ceil(count / PAGE_SIZE) - 1))
    }
  }, [data, count, pageIndex])

  const dismiss = useDismissDuplicate()
  const prompt = usePrompt()
  const confirmDismiss = async (pair: AdminDuplicate) => {
    const confirmed = await prompt({
      title: "Dismiss this pair?",
      description: `${customerName(pair.customer_a)} and ${customerName(
        pair.customer_b
      )} are two people: the pair will not be suggested again.`,
      confirmText: "Dismiss",
      cancelText: "Cancel",
    })
    if (confirmed) {
      dismiss.mutate({
        customer_a_id: pair.customer_a.id,
        customer_b_id: pair.customer_b.id,
      })
    }
  }

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Customers that may be one person. Nothing is linked until you merge.
        </Text>
        <FilterSelect
          label="Minimum score"
          className="w-[220px]"
          options={MIN_SCORES}
          value={minScore}
          onChange={(value) => {
            setMinScore(value)
            setPageIndex(0)
          }}
        />
      </div>
      <ListState
        error={error}
        isLoading={isLoading}
        count={count}
        what="duplicates"
        loading="Looking for duplicates…"
        empty="No possible duplicates to review."
      >
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Possibly the same as</Table.HeaderCell>
              <Table.HeaderCell>Score</Table.HeaderCell>
              <Table.HeaderCell>Why</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data?.duplicates.map((pair) => (
              <Table.Row key={pair.id} className="[&_td]:align-top">
                <Table.Cell className="max-w-[220px]">
                  <CustomerCell customer={pair.customer_a} />
                </Table.Cell>
                <Table.Cell className="max-w-[220px]">
                  <CustomerCell customer={pair.customer_b} />
                </Table.Cell>
                <Table.Cell>
                  <div className="py-2">
                    <Badge size="2xsmall" color={scoreColor(pair.score)}>
                      {formatScore(pair.score)}
                    </Badge>
                  </div>
                </Table.Cell>
                <Table.Cell className="whitespace-normal">
                  <ul className="flex flex-col gap-y-1 py-2">
                    {pair.reasons.map((reason) => (
                      <li key={`${reason.kind}:${reason.detail}`}>
                        <Text size="small" leading="compact" weight="plus">
                          {REASON_LABEL[reason.kind] ?? reason.kind}
                        </Text>
                        <Text
                          size="xsmall"
                          className="text-ui-fg-subtle break-all"
                        >
                          {reason.detail}
                        </Text>
                      </li>
                    ))}
                  </ul>
                </Table.Cell>
                <Table.Cell>
                  <div className="flex items-center justify-end gap-x-2 py-2">
                    <Button
                      size="small"
                      variant="secondary"
                      onClick={() => setReviewing(pair)}
                    >
                      Review merge
                    </Button>
                    <ActionMenu
                      label={`More actions for ${customerName(
                        pair.customer_a
                      )} and ${customerName(pair.customer_b)}`}
                      actions={[
                        {
                          label: "Dismiss",
                          icon: <Trash />,
                          disabled: dismiss.isPending,
                          onClick: () => confirmDismiss(pair),
                        },
                      ]}
                    />
                  </div>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        <TablePagination
          count={count}
          pageSize={PAGE_SIZE}
          pageIndex={pageIndex}
          onPageChange={setPageIndex}
        />
      </ListState>
      <MergeReviewModal pair={reviewing} onClose={() => setReviewing(null)} />
    </>
  )
}
