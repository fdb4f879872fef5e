import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideAttach } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { RowSnapshot } from "../../../types/module"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { ParsedIdentifier } from "../../../utils/normalize-identifier"

export interface AttachCustomerIdentifiersStepInput {
  customer_id: string
  email?: ParsedEmail
  phone?: ParsedPhone
  /** Values of identifier kinds: added when nobody owns them (a shared kind's: when the customer has none). */
  identifiers?: ParsedIdentifier[]
  source: string
  /** Make the email and phone the customer's primary ones (core's own values). */
  make_primary?: boolean
}

/** What one identifier's attachment changed: enough to undo it. */
interface Attached {
  created_id?: string
  /** The rows a primary switch changed, as they were. */
  primary_journal?: RowSnapshot
}

type Kind = "email" | "phone"

export const attachCustomerIdentifiersStepId = "attach-customer-identifiers"
/**
 * This step adds an email, a phone and values of identifier kinds to a
 * canonical customer when nobody owns them yet; an identifier that already belongs to another customer is
 * left where it is. The customer's first email and phone become its primary
 * ones; with `make_primary`, the given ones become primary whatever was.
 */
export const attachCustomerIdentifiersStep = createStep(
  attachCustomerIdentifiersStepId,
  async (input: AttachCustomerIdentifiersStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const ops = identifierOps(service)
    const changes: Partial<Record<Kind, Attached>> & {
      identifier_ids?: string[]
    } = {}

    for (const kind of ["email", "phone"] as const) {
      const given = input[kind]
      if (!given) {
        continue
      }
      const [owner] = await ops[kind].find(given as never)
      if (decideAttach(input.customer_id, owner?.customer_id) === "leave") {
        continue
      }
      const attached: Attached = {}
      const id =
        owner?.id ??
        (attached.created_id = (
          await ops[kind].create(
            input.customer_id,
            given as never,
            input.source
          )
        ).id)
      if (input.make_primary) {
        attached.primary_journal = await service.setPrimaryIdentifier(kind, id)
      }
      changes[kind] = attached
    }
    const createdIdentifiers = await attachKinds(service, input)
    if (createdIdentifiers.length) {
      changes.identifier_ids = createdIdentifiers
    }
    return new StepResponse(changes, changes)
  },
  async (changes, { container }) => {
    if (!changes) {
      return
    }
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const ops = identifierOps(service)
    for (const kind of ["email", "phone"] as const) {
      const attached = changes[kind]
      if (attached?.primary_journal?.rows.length) {
        await service.restoreRows(attached.primary_journal)
      }
      if (attached?.created_id) {
        await ops[kind].delete(attached.created_id)
      }
    }
    if (changes.identifier_ids) {
      await service.deleteCustomerIdentifiers(changes.identifier_ids)
    }
  }
)

/** Adds the values of identifier kinds nobody owns; returns the new rows' ids. */
async function attachKinds(
  service: CustomerIdentityModuleService,
  input: AttachCustomerIdentifiersStepInput
): Promise<string[]> {
  if (!input.identifiers?.length) {
    return []
  }
  const held = await service.listCustomerIdentifiers(
    {
      $or: input.identifiers.map(({ kind, value_normalized }) => ({
        kind,
        value_normalized,
      })),
    },
    { select: ["kind", "value_normalized", "customer_id", "shared"] }
  )
  const toAdd = input.identifiers.filter(({ kind, value_normalized }) => {
    const rows = held.filter(
      (row) => row.kind === kind && row.value_normalized === value_normalized
    )
    // A shared value others hold is still this customer's to add.
    const owner =
      rows.find((row) => row.customer_id === input.customer_id) ??
      rows.find((row) => !row.shared)
    return decideAttach(input.customer_id, owner?.customer_id) === "add"
  })
  if (!toAdd.length) {
    return []
  }
  const created = await service.createCustomerIdentifiers(
    toAdd.map(({ kind, value }) => ({
      customer_id: input.customer_id,
      kind,
      value,
      source: input.source as never,
    }))
  )
  return created.map((row) => row.id)
}

function identifierOps(service: CustomerIdentityModuleService) {
  return {
    email: {
      find: (email: ParsedEmail) =>
        service.listCustomerEmails(
          { email_normalized: email.email_normalized },
          { select: ["id", "customer_id"] }
        ),
      create: (customerId: string, email: ParsedEmail, source: string) =>
        service.createCustomerEmails({
          customer_id: customerId,
          email: email.email,
          source: source as never,
        }),
      delete: (id: string) => service.deleteCustomerEmails(id),
    },
    phone: {
      find: (phone: ParsedPhone) =>
        service.listCustomerPhones(
          { phone_e164: phone.phone_e164 },
          { select: ["id", "customer_id"] }
        ),
      create: (customerId: string, phone: ParsedPhone, source: string) =>
        service.createCustomerPhones({
          customer_id: customerId,
          phone: phone.phone,
          country_code: phone.country_code,
          source: source as never,
        }),
      delete: (id: string) => service.deleteCustomerPhones(id),
    },
  }
}
