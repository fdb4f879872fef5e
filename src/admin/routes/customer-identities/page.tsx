import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Users } from "@medusajs/icons"
import {
  Badge,
  Container,
  Heading,
  Input,
  StatusBadge,
  Table,
  Tabs,
  Text,
} from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useNavigate, useSearchParams } from "react-router-dom"
import { DuplicatesTab } from "../../components/duplicates-tab"
import { FoldsTab } from "../../components/folds-tab"
import { ImportDrawer } from "../../components/import-drawer"
import {
  FilterSelect,
  ListState,
  TablePagination,
} from "../../components/section"
import {
  CustomerIdentityListQuery,
  useCustomerIdentities,
} from "../../hooks/customer-identity"
import {
  STATUS_COLOR,
  STATUS_LABEL,
  customerName,
  formatDate,
} from "../../lib/format"

const PAGE_SIZE = 20
const ALL = "all"
const SEARCH_DELAY_MS = 300

const FILTERS = {
  status: {
    label: "Status",
    options: [
      { value: ALL, label: "All statuses" },
      ...Object.entries(STATUS_LABEL).map(([value, label]) => ({
        value,
        label,
      })),
    ],
  },
  has_account: {
    label: "Account",
    options: [
      { value: ALL, label: "Accounts and guests" },
      { value: "true", label: "Registered accounts" },
      { value: "false", label: "Guests" },
    ],
  },
  order: {
    label: "Sort by",
    options: [
      { value: "-created_at", label: "Newest first" },
      { value: "-last_order_at", label: "Latest order" },
      { value: "-order_count", label: "Most orders" },
    ],
  },
}
type FilterName = keyof typeof FILTERS

const TABS = {
  customers: "Customers",
  duplicates: "Duplicates",
  folds: "Folds",
}
type TabName = keyof typeof TABS

/** Customers, duplicate review and folds; the tab is in the URL (`?tab=folds`). */
const CustomerIdentitiesPage = () => {
  const [searchParams, setSearchParams] = useSearchParams()
  const asked = searchParams.get("tab") as TabName | null
  const tab: TabName =
    asked && Object.keys(TABS).includes(asked) ? asked : "customers"

  return (
    <Tabs
      value={tab}
      onValueChange={(value) =>
        setSearchParams(value === "customers" ? {} : { tab: value })
      }
    >
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div>
            <Heading>Customer identities</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              One record per real person: find anyone by any email, phone or
              name.
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            <Tabs.List aria-label="Customer identity views">
              {(Object.keys(TABS) as TabName[]).map((name) => (
                <Tabs.Trigger key={name} value={name}>
                  {TABS[name]}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            <ImportDrawer />
          </div>
        </div>
        <Tabs.Content value="customers" className="divide-y">
          <CustomersTab />
        </Tabs.Content>
        <Tabs.Content value="duplicates" className="divide-y">
          <DuplicatesTab />
        </Tabs.Content>
        <Tabs.Content value="folds" className="divide-y">
          <FoldsTab />
        </Tabs.Content>
      </Container>
    </Tabs>
  )
}

const CustomersTab = () => {
  const navigate = useNavigate()
  const [search, setSearch] = useState("")
  const [q, setQ] = useState("")
  const [filters, setFilters] = useState<Record<FilterName, string>>({
    status: ALL,
    has_account: ALL,
    order: "-created_at",
  })
  const [pageIndex, setPageIndex] = useState(0)

  // Searches once typing pauses, from the first page.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim())
      setPageIndex(0)
    }, SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [search])

  const query: CustomerIdentityListQuery = {
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
    order: filters.order,
    ...(q && { q }),
    ...(filters.status !== ALL && { status: filters.status }),
    ...(filters.has_account !== ALL && { has_account: filters.has_account }),
  }
  const { data, isLoading, error } = useCustomerIdentities(query)
  const count = data?.count ?? 0
  const setFilter = (name: FilterName) => (value: string) => {
    setFilters((current) => ({ ...current, [name]: value }))
    setPageIndex(0)
  }

  return (
    <>
      <div className="flex flex-wrap items-center gap-2 px-6 py-4">
        <Input
          type="search"
          size="small"
          className="w-[280px]"
          placeholder="Search by email, phone or name"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {(Object.keys(FILTERS) as FilterName[]).map((name) => (
          <FilterSelect
            key={name}
            label={FILTERS[name].label}
            options={FILTERS[name].options}
            value={filters[name]}
            onChange={setFilter(name)}
          />
        ))}
      </div>
      <ListState
        error={error}
        isLoading={isLoading}
        count={count}
        what="customer identities"
        loading="Loading…"
        empty="No customer matches."
      >
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Name</Table.HeaderCell>
              <Table.HeaderCell>Email</Table.HeaderCell>
              <Table.HeaderCell>Phone</Table.HeaderCell>
              <Table.HeaderCell>Account</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
              <Table.HeaderCell>Last order</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data?.customer_identities.map((row) => (
              <Table.Row
                key={row.customer_id}
                className="cursor-pointer"
                onClick={() => navigate(`/customers/${row.customer_id}`)}
              >
                <Table.Cell>{customerName(row.customer)}</Table.Cell>
                <Table.Cell>
                  {row.primary_email?.email ?? row.customer?.email ?? "-"}
                </Table.Cell>
                <Table.Cell>{row.primary_phone?.phone ?? "-"}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall">
                    {row.has_account ? "Registered" : "Guest"}
                  </Badge>
                </Table.Cell>
                <Table.Cell>
                  <StatusBadge color={STATUS_COLOR[row.status]}>
                    {STATUS_LABEL[row.status]}
                  </StatusBadge>
                </Table.Cell>
                <Table.Cell className="text-right">
                  {row.order_count}
                </Table.Cell>
                <Table.Cell>{formatDate(row.last_order_at)}</Table.Cell>
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
    </>
  )
}

export const config = defineRouteConfig({
  label: "Customer identities",
  icon: Users,
})

export default CustomerIdentitiesPage
