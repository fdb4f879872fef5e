import { Button, Drawer, Label, Select, Table, Text } from "@medusajs/ui"
import { FormEvent, useState } from "react"
import type { ImportCounts } from "../../types/module"
import {
  useCustomerImport,
  useImportAction,
  useStartImport,
} from "../hooks/customer-identity"
import {
  ColumnMapping,
  guessMapping,
  ImportColumnMapping,
  readColumns,
} from "./import-column-mapping"

/** The platforms whose export the drawer reads, and where a merchant finds it. */
const FORMATS = {
  shopify: {
    label: "Shopify",
    where: "Shopify: Customers → Export → all customers, CSV.",
  },
  woocommerce: {
    label: "WooCommerce",
    where:
      "WooCommerce: the customers CSV of the Customer / Order / Coupon Export extension, or the users file of the Import Export Suite.",
  },
  generic: {
    label: "Another system (CSV)",
    where: "Any CSV with a header row: choose the column of each field.",
  },
} as const

type Format = keyof typeof FORMATS

/** Import a platform's customers export: upload, dry run, confirm, progress, result. */
export const ImportDrawer = () => {
  const [open, setOpen] = useState(false)
  const [format, setFormat] = useState<Format>("shopify")
  const [file, setFile] = useState<File | null>(null)
  const [columns, setColumns] = useState<string[]>([])
  const [mapping, setMapping] = useState<ColumnMapping>({})
  const [importId, setImportId] = useState<string>()
  const start = useStartImport()
  const { data } = useCustomerImport(importId)
  const current = data?.customer_import
  const confirm = useImportAction(importId ?? "", "confirm")
  const cancel = useImportAction(importId ?? "", "cancel")

  const close = () => {
    if (current?.status === "planned") {
      cancel.mutate()
    }
    setFile(null)
    setColumns([])
    setMapping({})
    setImportId(undefined)
    setOpen(false)
  }
  const check = (event: FormEvent) => {
    event.preventDefault()
    if (file) {
      start.mutate(
        { file, format, mapping: format === "generic" ? mapping : undefined },
        {
          onSuccess: (response) => setImportId(response.customer_import.id),
        }
      )
    }
  }
  const pick = async (picked: File | null) => {
    setFile(picked)
    // No columns of an earlier file while this one's header is read.
    setColumns([])
    setMapping({})
    const names = picked ? await readColumns(picked) : []
    setColumns(names)
    setMapping(guessMapping(names))
  }
  const mapped = format !== "generic" || !!(mapping.email || mapping.phone)
  const counts = current?.result ?? current?.plan
  const total = current?.plan?.rows ?? 0
  const done = current?.result?.rows ?? 0

  return (
    <Drawer
      open={open}
      onOpenChange={(next) => (next ? setOpen(true) : close())}
    >
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary">
          Import
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <form onSubmit={check} className="flex flex-1 flex-col overflow-hidden">
          <Drawer.Header>
            <Drawer.Title>Import customers</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Exported from
              </Label>
              <Select
                value={format}
                onValueChange={(value) => setFormat(value as Format)}
                disabled={!!importId}
              >
                <Select.Trigger aria-label="Exported from">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {Object.entries(FORMATS).map(([value, { label }]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              {FORMATS[format].where} Nothing is written until you confirm the
              check.
            </Text>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="customer-import-file" size="small" weight="plus">
                Customers file (CSV)
              </Label>
              <input
                id="customer-import-file"
                type="file"
                accept=".csv,text/csv"
                disabled={!!importId}
                onChange={(event) => pick(event.target.files?.[0] ?? null)}
              />
            </div>
            {format === "generic" && columns.length > 0 && (
              <ImportColumnMapping
                columns={columns}
                mapping={mapping}
                onChange={setMapping}
                disabled={!!importId}
              />
            )}
            {current && (
              <div aria-label="Import status" className="flex flex-col gap-y-3">
                <Text size="small" weight="plus">
                  {STATUS_TEXT[current.status]}
                  {current.error ? `: ${current.error}` : ""}
                </Text>
                {current.status === "running" && (
                  <div className="flex flex-col gap-y-1">
                    <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full">
                      <div
                        className="bg-ui-fg-interactive h-2"
                        style={{
                          width: `${total ? Math.min((done / total) * 100, 100) : 0}%`,
                        }}
                      />
                    </div>
                    <Text size="xsmall" className="text-ui-fg-muted">
                      {done} of {total} rows
                      {current.progress?.eta_seconds != null &&
                        ` · about ${current.progress.eta_seconds} s left`}
                    </Text>
                  </div>
                )}
                {counts && <CountsTable counts={counts} />}
              </div>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                {current?.status === "completed" ? "Close" : "Cancel"}
              </Button>
            </Drawer.Close>
            {current?.status === "planned" ? (
              <Button
                size="small"
                type="button"
                isLoading={confirm.isPending}
                onClick={() => confirm.mutate()}
              >
                Import {current.plan!.rows - current.plan!.rejected} rows
              </Button>
            ) : (
              <Button
                size="small"
                type="submit"
                disabled={!file || !mapped || !!importId}
                isLoading={start.isPending}
              >
                Check file
              </Button>
            )}
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

const STATUS_TEXT: Record<string, string> = {
  planning: "Checking the file…",
  planned: "Checked: this is what the import will do",
  running: "Importing…",
  completed: "Imported",
  failed: "The import stopped",
  canceled: "Canceled",
}

const CountsTable = ({ counts }: { counts: ImportCounts }) => (
  <div className="flex flex-col gap-y-2">
    <Table>
      <Table.Body>
        {[
          ["Rows", counts.rows],
          ["New customers", counts.created],
          ["Existing customers found", counts.linked],
          ...Object.entries(counts.linked_by).map(
            ([by, n]) => [`· by ${by.replace("identifier:", "")}`, n] as const
          ),
          ["Rejected", counts.rejected],
        ].map(([label, value]) => (
          <Table.Row key={label}>
            <Table.Cell>{label}</Table.Cell>
            <Table.Cell className="text-right">{value}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
    {counts.rejects.length > 0 && (
      <Table aria-label="Rejected rows">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Line</Table.HeaderCell>
            <Table.HeaderCell>Why</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {counts.rejects.slice(0, 10).map((reject) => (
            <Table.Row key={reject.line}>
              <Table.Cell>{reject.line}</Table.Cell>
              <Table.Cell>{reject.reason}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    )}
  </div>
)
