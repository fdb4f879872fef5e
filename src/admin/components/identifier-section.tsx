import { Star, Trash } from "@medusajs/icons"
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
import type { CustomerEmailDTO, CustomerPhoneDTO } from "../../types/module"
import {
  IdentifierKind,
  useAddIdentifier,
  useMakeIdentifierPrimary,
  useRemoveIdentifier,
} from "../hooks/customer-identity"
import { ActionMenu, SectionHeader, SectionMessage } from "./section"

const TYPES: Record<IdentifierKind, string[]> = {
  email: ["primary", "work", "personal", "other"],
  phone: ["mobile", "work", "home", "other"],
}
const TITLE: Record<IdentifierKind, string> = {
  email: "Emails",
  phone: "Phones",
}
const LABEL: Record<IdentifierKind, string> = { email: "Email", phone: "Phone" }

const valueOf = (row: CustomerEmailDTO | CustomerPhoneDTO) =>
  "email" in row ? row.email : row.phone

/** A customer's emails or phones, with add / make primary / remove. */
export const IdentifierSection = ({
  customerId,
  kind,
  rows,
}: {
  customerId: string
  kind: IdentifierKind
  rows: (CustomerEmailDTO | CustomerPhoneDTO)[]
}) => {
  const makePrimary = useMakeIdentifierPrimary(customerId, kind)
  const remove = useRemoveIdentifier(customerId, kind)
  const prompt = usePrompt()
  const confirmRemove = async (id: string, value: string) => {
    const confirmed = await prompt({
      title: `Remove ${LABEL[kind].toLowerCase()}?`,
      description: `${value} will no longer find this customer.`,
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (confirmed) {
      remove.mutate(id)
    }
  }
  const [adding, setAdding] = useState(false)

  return (
    <Container className="divide-y p-0">
      <SectionHeader title={TITLE[kind]}>
        <Button
          size="small"
          variant="secondary"
          onClick={() => setAdding(true)}
        >
          Add {LABEL[kind].toLowerCase()}
        </Button>
      </SectionHeader>
      {rows.length === 0 && (
        <SectionMessage>No {TITLE[kind].toLowerCase()} yet.</SectionMessage>
      )}
      <ul aria-label={TITLE[kind]} className="divide-y">
        {rows.map((row) => {
          const value = valueOf(row)
          const e164 = "phone_e164" in row ? row.phone_e164 : null
          return (
            <li
              key={row.id}
              className="flex items-center justify-between gap-x-4 px-6 py-4"
            >
              <div className="flex min-w-0 flex-col gap-y-1">
                <Text size="small" leading="compact" weight="plus">
                  {value}
                </Text>
                <div className="flex flex-wrap items-center gap-1">
                  <Badge size="2xsmall">{row.type}</Badge>
                  {row.is_primary && (
                    <Badge size="2xsmall" color="green">
                      Primary
                    </Badge>
                  )}
                  <Badge
                    size="2xsmall"
                    color={row.verified_at ? "blue" : "grey"}
                  >
                    {row.verified_at ? "Verified" : "Unverified"}
                  </Badge>
                  <Text size="xsmall" className="text-ui-fg-muted">
                    {[e164 !== value && e164, `via ${row.source}`]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                </div>
              </div>
              <ActionMenu
                label={`Actions for ${value}`}
                actions={[
                  {
                    label: "Make primary",
                    icon: <Star />,
                    disabled: row.is_primary || makePrimary.isPending,
                    onClick: () => makePrimary.mutate(row.id),
                  },
                  {
                    label: "Remove",
                    icon: <Trash />,
                    disabled: row.is_primary || remove.isPending,
                    onClick: () => confirmRemove(row.id, value),
                  },
                ]}
              />
            </li>
          )
        })}
      </ul>
      <AddIdentifierDrawer
        customerId={customerId}
        kind={kind}
        open={adding}
        onOpenChange={setAdding}
      />
    </Container>
  )
}

const AddIdentifierDrawer = ({
  customerId,
  kind,
  open,
  onOpenChange,
}: {
  customerId: string
  kind: IdentifierKind
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const add = useAddIdentifier(customerId, kind)
  const [value, setValue] = useState("")
  const [type, setType] = useState("")
  const [countryCode, setCountryCode] = useState("")

  const close = () => {
    setValue("")
    setType("")
    setCountryCode("")
    onOpenChange(false)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    add.mutate(
      {
        value,
        type: type || undefined,
        country_code: countryCode || undefined,
      },
      { onSuccess: close }
    )
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
            <Drawer.Title>Add {LABEL[kind].toLowerCase()}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4">
            <div className="flex flex-col gap-y-2">
              <Label
                htmlFor={`customer-identity-${kind}`}
                size="small"
                weight="plus"
              >
                {LABEL[kind]}
              </Label>
              <Input
                id={`customer-identity-${kind}`}
                type={kind === "email" ? "email" : "tel"}
                value={value}
                onChange={(event) => setValue(event.target.value)}
                required
                autoFocus
              />
            </div>
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Type (optional)
              </Label>
              <Select value={type} onValueChange={setType}>
                <Select.Trigger aria-label="Type">
                  <Select.Value placeholder="Select a type" />
                </Select.Trigger>
                <Select.Content>
                  {TYPES[kind].map((option) => (
                    <Select.Item key={option} value={option}>
                      {option}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            {kind === "phone" && (
              <div className="flex flex-col gap-y-2">
                <Label
                  htmlFor="customer-identity-country"
                  size="small"
                  weight="plus"
                >
                  Country code (optional)
                </Label>
                <Input
                  id="customer-identity-country"
                  placeholder="US"
                  maxLength={2}
                  value={countryCode}
                  onChange={(event) => setCountryCode(event.target.value)}
                />
                <Text size="xsmall" className="text-ui-fg-muted">
                  How to read a number written without a country prefix.
                </Text>
              </div>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={add.isPending}>
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
