import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { decideAttach } from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { RowSnapshot } from "../../../types/module"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"

export interface AttachCustomerIdentifiersStepInput {
  customer_id: string
  email?: ParsedEmail
  phone?: ParsedPhone
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
 * This step adds an email and a phone to a canonical customer when nobody
 * owns them yet; an identifier that already belongs to another customer is
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
    const changes: Partial<Record<Kind, Attached>> = {}

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
  }
)

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
