import {
  Alert,
  Button,
  FocusModal,
  Heading,
  Label,
  RadioGroup,
  Skeleton,
  Text,
} from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import type {
  AdminDuplicate,
  AdminMergePreview,
  CustomerIdentityCustomer,
} from "../../types/http"
import { useMergeCustomers, useMergePreview } from "../hooks/customer-identity"
import { customerName } from "../lib/format"

const customerLine = (customer: CustomerIdentityCustomer) =>
  [customer.email, customer.has_account ? "Account" : "Guest"]
    .filter(Boolean)
    .join(" · ")

/** "Jo Doe (jo@example.com)": two customers of a pair often share a name. */
const nameAndEmail = (customer: CustomerIdentityCustomer) =>
  customer.email
    ? `${customerName(customer)} (${customer.email})`
    : customerName(customer)

/** The customer kept by default: the only registered account, else the first. */
const defaultTarget = ({ customer_a, customer_b }: AdminDuplicate) =>
  customer_b.has_account && !customer_a.has_account
    ? customer_b.id
    : customer_a.id

/**
 * Reviews a merge of a duplicate pair: which customer is kept, what moves
 * from the other, and what blocks it; Merge is disabled while anything does.
 */
export const MergeReviewModal = ({
  pair,
  onClose,
}: {
  pair: AdminDuplicate | null
  onClose: () => void
}) => (
  <FocusModal open={!!pair} onOpenChange={(open) => !open && onClose()}>
    <FocusModal.Content>
      {/* Keyed by pair: every review starts from the default choice. */}
      {pair && <MergeReview key={pair.id} pair={pair} onClose={onClose} />}
    </FocusModal.Content>
  </FocusModal>
)

const MergeReview = ({
  pair,
  onClose,
}: {
  pair: AdminDuplicate
  onClose: () => void
}) => {
  const [targetId, setTargetId] = useState(() => defaultTarget(pair))
  const [target, source] =
    targetId === pair.customer_a.id
      ? [pair.customer_a, pair.customer_b]
      : [pair.customer_b, pair.customer_a]
  const mergePair = {
    source_customer_id: source.id,
    target_customer_id: target.id,
  }
  const preview = useMergePreview(mergePair)
  const merge = useMergeCustomers()
  const plan = preview.isFetching ? undefined : preview.data?.merge_preview
  const blocked = !plan || plan.blockers.length > 0

  return (
    <>
      <FocusModal.Header />
      <FocusModal.Body className="flex flex-col items-center overflow-y-auto py-16">
        <div className="flex w-full max-w-[720px] flex-col gap-y-8 px-6">
          <div>
            <FocusModal.Title asChild>
              <Heading>Review merge</Heading>
            </FocusModal.Title>
            <FocusModal.Description asChild>
              <Text size="small" className="text-ui-fg-subtle">
                The other customer is folded into the one you keep: its emails,
                phones, orders, addresses, groups and admin user move over. No
                customer is deleted, and the merge can be reverted from either
                customer's page while nothing has moved since.
              </Text>
            </FocusModal.Description>
          </div>
          <div className="flex flex-col gap-y-2">
            <Label size="small" weight="plus">
              Customer to keep
            </Label>
            <RadioGroup
              value={targetId}
              onValueChange={setTargetId}
              className="grid grid-cols-2 gap-3"
              aria-label="Customer to keep"
            >
              {[pair.customer_a, pair.customer_b].map((customer) => (
                <RadioGroup.ChoiceBox
                  key={customer.id}
                  value={customer.id}
                  label={customerName(customer)}
                  description={customerLine(customer)}
                />
              ))}
            </RadioGroup>
          </div>
          {preview.error ? (
            <Alert variant="error">
              Could not preview the merge: {preview.error.message}
            </Alert>
          ) : !plan ? (
            <div className="flex flex-col gap-y-2" aria-busy="true">
              <Skeleton className="h-7 w-full" />
              <Skeleton className="h-7 w-full" />
              <Skeleton className="h-7 w-2/3" />
            </div>
          ) : (
            <MergePlanView plan={plan} />
          )}
        </div>
      </FocusModal.Body>
      <FocusModal.Footer>
        <FocusModal.Close asChild>
          <Button size="small" variant="secondary">
            Cancel
          </Button>
        </FocusModal.Close>
        <Button
          size="small"
          disabled={blocked}
          isLoading={merge.isPending}
          onClick={() => merge.mutate(mergePair, { onSuccess: onClose })}
        >
          Merge
        </Button>
      </FocusModal.Footer>
    </>
  )
}

const PlanRow = ({ label, items }: { label: string; items: ReactNode[] }) => (
  <div className="text-ui-fg-subtle grid grid-cols-[160px_1fr] items-start gap-x-4 px-4 py-3">
    <Text size="small" leading="compact" weight="plus">
      {label}
    </Text>
    {items.length ? (
      <ul className="txt-compact-small text-ui-fg-base flex flex-col gap-y-1 break-all">
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    ) : (
      <Text size="small" leading="compact" className="text-ui-fg-muted">
        Nothing
      </Text>
    )}
  </div>
)

const addressLine = (address: Record<string, unknown>) =>
  ["address_1", "address_2", "postal_code", "city", "country_code"]
    .map((field) => address[field])
    .filter(Boolean)
    .join(", ")

const MergePlanView = ({ plan }: { plan: AdminMergePreview }) => (
  <div className="flex flex-col gap-y-4">
    {plan.blockers.length > 0 && (
      <Alert variant="error">
        <Text size="small" weight="plus">
          This merge cannot go ahead:
        </Text>
        <ul
          aria-label="Blockers"
          className="txt-compact-small mt-1 list-disc pl-4"
        >
          {plan.blockers.map((blocker) => (
            <li key={blocker.code}>{blocker.message}</li>
          ))}
        </ul>
      </Alert>
    )}
    <div className="flex flex-col gap-y-2">
      <Heading level="h3">What moves to the customer kept</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        From {nameAndEmail(plan.source_customer)} to{" "}
        {nameAndEmail(plan.target_customer)}.
      </Text>
      <div
        aria-label="What moves"
        className="shadow-elevation-card-rest bg-ui-bg-base divide-y rounded-lg"
      >
        <PlanRow label="Emails" items={plan.emails.map((e) => e.email)} />
        <PlanRow
          label="Phones"
          items={plan.phones.map((p) =>
            p.phone === p.phone_e164 ? p.phone : `${p.phone} (${p.phone_e164})`
          )}
        />
        <PlanRow
          label="Orders"
          items={plan.orders.map((o) =>
            o.display_id ? `Order #${o.display_id}` : o.id
          )}
        />
        <PlanRow label="Addresses" items={plan.addresses.map(addressLine)} />
        <PlanRow
          label="Customer groups"
          items={plan.customer_groups.map((g) => g.name ?? g.id)}
        />
        <PlanRow
          label="Admin user link"
          items={plan.user_id ? [plan.user_id] : []}
        />
        <PlanRow label="Folded customers" items={plan.folded_customer_ids} />
      </div>
    </div>
  </div>
)
