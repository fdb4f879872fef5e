import { EllipsisHorizontal } from "@medusajs/icons"
import {
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Select,
  Skeleton,
  Table,
  Text,
} from "@medusajs/ui"
import type { ReactNode } from "react"
import { isNotFound } from "../hooks/customer-identity"

/** A section header as the dashboard draws it: title left, actions right. */
export const SectionHeader = ({
  title,
  children,
}: {
  title: string
  children?: ReactNode
}) => (
  <div className="flex items-center justify-between px-6 py-4">
    <Heading level="h2">{title}</Heading>
    {children && <div className="flex items-center gap-x-2">{children}</div>}
  </div>
)

/** A label / value row of a detail section. */
export const SectionRow = ({
  label,
  children,
}: {
  label: string
  children: ReactNode
}) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-start px-6 py-4">
    <Text size="small" leading="compact" weight="plus">
      {label}
    </Text>
    <div className="txt-compact-small break-words">{children}</div>
  </div>
)

export const SectionMessage = ({ children }: { children: ReactNode }) => (
  <div className="px-6 py-4">
    <Text size="small" leading="compact" className="text-ui-fg-subtle">
      {children}
    </Text>
  </div>
)

/** A list's error, loading and empty messages, else the list itself. */
export const ListState = ({
  error,
  isLoading,
  count,
  what,
  loading = "Loading…",
  empty,
  children,
}: {
  error: Error | null
  isLoading: boolean
  count: number
  /** What failed to load: "Could not load {what}: …". */
  what: string
  loading?: string
  empty: string
  children: ReactNode
}) =>
  error ? (
    <SectionMessage>
      Could not load {what}: {error.message}
    </SectionMessage>
  ) : isLoading ? (
    <SectionMessage>{loading}</SectionMessage>
  ) : !count ? (
    <SectionMessage>{empty}</SectionMessage>
  ) : (
    <>{children}</>
  )

/**
 * A whole section while its data loads, when there is none (404) or when it
 * failed to load; `null` once there is data to show.
 */
export const SectionPlaceholder = ({
  title,
  isLoading,
  error,
  emptyMessage,
}: {
  title: string
  isLoading: boolean
  error: Error | null
  emptyMessage: string
}) => {
  if (!isLoading && !error) {
    return null
  }
  return (
    <Container className="divide-y p-0">
      <SectionHeader title={title} />
      {isLoading ? (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-2/3" />
        </div>
      ) : (
        <SectionMessage>
          {isNotFound(error)
            ? emptyMessage
            : `Could not load the customer identity: ${error?.message}`}
        </SectionMessage>
      )}
    </Container>
  )
}

export interface MenuAction {
  label: string
  icon?: ReactNode
  onClick: () => void
  disabled?: boolean
}

/** The dashboard's "…" menu for a section or a row. */
export const ActionMenu = ({
  actions,
  label = "Actions",
}: {
  actions: MenuAction[]
  label?: string
}) => (
  <DropdownMenu>
    <DropdownMenu.Trigger asChild>
      <IconButton size="small" variant="transparent" aria-label={label}>
        <EllipsisHorizontal />
      </IconButton>
    </DropdownMenu.Trigger>
    <DropdownMenu.Content align="end">
      {actions.map((action) => (
        <DropdownMenu.Item
          key={action.label}
          className="gap-x-2"
          disabled={action.disabled}
          onClick={action.onClick}
        >
          {action.icon}
          {action.label}
        </DropdownMenu.Item>
      ))}
    </DropdownMenu.Content>
  </DropdownMenu>
)

/** The dashboard's table pagination for a list paged by `pageIndex`. */
export const TablePagination = ({
  count,
  pageSize,
  pageIndex,
  onPageChange,
}: {
  count: number
  pageSize: number
  pageIndex: number
  onPageChange: (pageIndex: number) => void
}) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex + 1 < pageCount}
      previousPage={() => onPageChange(pageIndex - 1)}
      nextPage={() => onPageChange(pageIndex + 1)}
    />
  )
}

export interface SelectOption {
  value: string
  label: string
}

/** A list filter: a small select named by its label. */
export const FilterSelect = ({
  label,
  value,
  options,
  onChange,
  className = "w-[180px]",
}: {
  label: string
  value: string
  options: SelectOption[]
  onChange: (value: string) => void
  className?: string
}) => (
  <Select size="small" value={value} onValueChange={onChange}>
    <Select.Trigger className={className} aria-label={label}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      {options.map((option) => (
        <Select.Item key={option.value} value={option.value}>
          {option.label}
        </Select.Item>
      ))}
    </Select.Content>
  </Select>
)
