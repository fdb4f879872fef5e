import { Container } from "@medusajs/ui"
import { useState } from "react"
import { useMerges } from "../hooks/customer-identity"
import { MergesTable } from "./merges-table"
import { ListState, SectionHeader, TablePagination } from "./section"

const PAGE_SIZE = 10

/** Merges and folds this customer took part in, newest first, each revertible. */
export const MergeHistorySection = ({ customerId }: { customerId: string }) => {
  const [pageIndex, setPageIndex] = useState(0)
  const { data, isLoading, error } = useMerges({
    customer_id: customerId,
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
  })
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
        <MergesTable
          merges={data?.customer_merges ?? []}
          customerId={customerId}
          label="Merge history"
        />
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
