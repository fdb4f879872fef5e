import { Trash } from "@medusajs/icons"
import {
  Badge,
  Button,
  Container,
  Drawer,
  Input,
  Label,
  Select,
  Text,
  usePrompt,
} from "@medusajs/ui"
import { FormEvent, useState } from "react"
import type { AdminCustomerIdentity } from "../../types/http"
import {
  useAddKindIdentifier,
  useRemoveKindIdentifier,
} from "../hooks/customer-identity"
import { ActionMenu, SectionHeader, SectionMessage } from "./section"

/** Values of the store's identifier kinds (passport, VAT number, ...), with add / remove. */
export const KindIdentifierSection = ({
  identity,
}: {
  identity: AdminCustomerIdentity
}) => {
  const remove = useRemoveKindIdentifier(identity.customer_id)
  const prompt = usePrompt()
  const [adding, setAdding] = useState(false)
  const confirmRemove = async (id: string, label: string, value: string) => {
    if (
      await prompt({
        title: `Remove ${label}?`,
        description: `${value} will no longer find this customer.`,
        confirmText: "Remove",
        cancelText: "Cancel",
      })
    ) {
      remove.mutate(id)
    }
  }

  return (
    <Container className="divide-y p-0">
      <SectionHeader title="Other identifiers">
        <Button
          size="small"
          variant="secondary"
          disabled={!identity.identifier_kinds.length}
          onClick={() => setAdding(true)}
        >
          Add identifier
        </Button>
      </SectionHeader>
      {identity.identifiers.length === 0 && (
        <SectionMessage>
          {identity.identifier_kinds.length
            ? "No other identifiers yet."
            : "Declare identifier kinds (passport, VAT number, ...) in the plugin's identifierKinds option."}
        </SectionMessage>
      )}
      <ul aria-label="Other identifiers" className="divide-y">
        {identity.identifiers.map((row) => (
          <li
            key={row.id}
            className="flex items-center justify-between gap-x-4 px-6 py-4"
          >
            <div className="flex min-w-0 flex-col gap-y-1">
              <Text size="small" leading="compact" weight="plus">
                {row.value}
              </Text>
              <div className="flex flex-wrap items-center gap-1">
                <Badge size="2xsmall">{row.label}</Badge>
                {row.is_primary && (
                  <Badge size="2xsmall" color="green">
                    Primary
                  </Badge>
                )}
                {row.shared && (
                  <Badge size="2xsmall" color="orange">
                    Shared
                  </Badge>
                )}
                <Text size="xsmall" className="text-ui-fg-muted">
                  via {row.source}
                </Text>
              </div>
            </div>
            <ActionMenu
              label={`Actions for ${row.value}`}
              actions={[
                {
                  label: "Remove",
                  icon: <Trash />,
                  disabled: remove.isPending,
                  onClick: () => confirmRemove(row.id, row.label, row.value),
                },
              ]}
            />
          </li>
        ))}
      </ul>
      <AddKindIdentifierDrawer
        identity={identity}
        open={adding}
        onOpenChange={setAdding}
      />
    </Container>
  )
}

const AddKindIdentifierDrawer = ({
  identity,
  open,
  onOpenChange,
}: {
  identity: AdminCustomerIdentity
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const add = useAddKindIdentifier(identity.customer_id)
  const [kind, setKind] = useState("")
  const [value, setValue] = useState("")
  const close = () => {
    setKind("")
    setValue("")
    onOpenChange(false)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    add.mutate({ kind, value }, { onSuccess: close })
  }

  return (
    <Drawer
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
    >
      <Drawer.Content>
        <form
          onSubmit={submit}
          className="flex flex-1 flex-col overflow-hidden"
        >
          <Drawer.Header>
            <Drawer.Title>Add identifier</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4">
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Kind
              </Label>
              <Select value={kind} onValueChange={setKind}>
                <Select.Trigger aria-label="Kind">
                  <Select.Value placeholder="Select a kind" />
                </Select.Trigger>
                <Select.Content>
                  {identity.identifier_kinds.map((option) => (
                    <Select.Item key={option.kind} value={option.kind}>
                      {option.label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            <div className="flex flex-col gap-y-2">
              <Label
                htmlFor="customer-identity-kind-value"
                size="small"
                weight="plus"
              >
                Value
              </Label>
              <Input
                id="customer-identity-kind-value"
                value={value}
                onChange={(event) => setValue(event.target.value)}
                required
              />
            </div>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button
              size="small"
              type="submit"
              disabled={!kind}
              isLoading={add.isPending}
            >
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
