import { useState } from "react"
import { MergeListQuery, useMerges } from "../hooks/customer-identity"
import { EVIDENCE_LABEL } from "../lib/format"
import { MergesTable } from "./merges-table"
import { FilterSelect, ListState, TablePagination } from "./section"

const PAGE_SIZE = 20
const ALL = "all"
const UNPROVEN = "unproven"
const EVIDENCE_FILTERS = [
  { value: ALL, label: "All merges and folds" },
  { value: UNPROVEN, label: "Unproven folds" },
  ...Object.entries(EVIDENCE_LABEL).map(([value, label]) => ({
    value,
    label,
  })),
]

/**
 * Every merge and automatic fold, newest first, filtered by what made it:
 * the unproven ones (an account's unverified email, a phone) are those an
 * erasure undoes; each can be undone here.
 */
export const FoldsTab = () => {
  const [evidence, setEvidence] = useState(ALL)
  const [pageIndex, setPageIndex] = useState(0)
  const query: MergeListQuery = {
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
    ...(evidence === UNPROVEN
      ? { unproven: "true" }
      : evidence !== ALL && { evidence }),
  }
  const { data, isLoading, error } = useMerges(query)
  const count = data?.count ?? 0

  return (
    <>
      <div className="flex flex-wrap items-center gap-2 px-6 py-4">
        <FilterSelect
          label="Evidence"
          className="w-[240px]"
          options={EVIDENCE_FILTERS}
          value={evidence}
          onChange={(value) => {
            setEvidence(value)
            setPageIndex(0)
          }}
        />
      </div>
      <ListState
        error={error}
        isLoading={isLoading}
        count={count}
        what="merges and folds"
        loading="Loading…"
        empty="No merge or fold matches."
      >
        <MergesTable merges={data?.customer_merges ?? []} label="Folds" />
        <TablePagination
          count={count}
          pageSize={PAGE_SIZE}
          pageIndex={pageIndex}
          onPageChange={setPageIndex}
        />
      </ListState>
    </>
  )
}
