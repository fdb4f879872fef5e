import {
  Context,
  DAL,
  InferEntityType,
  ModulesSdkTypes,
} from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { ResolvedCustomerIdentityOptions } from "../../types/options"
import {
  CreateCustomerEmailDTO,
  CreateCustomerLinkDTO,
  CreateCustomerPhoneDTO,
  CustomerEmailDTO,
  CustomerLinkDTO,
  CustomerPhoneDTO,
} from "../../types/module"
import { parseEmail } from "../../utils/normalize-email"
import { parsePhone } from "../../utils/normalize-phone"
import {
  CustomerEmail,
  CustomerLink,
  CustomerPhone,
  OrderContact,
} from "./models"

type EmailEntity = InferEntityType<typeof CustomerEmail>
type PhoneEntity = InferEntityType<typeof CustomerPhone>
type LinkEntity = InferEntityType<typeof CustomerLink>

type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
  customerLinkService: ModulesSdkTypes.IMedusaInternalService<LinkEntity>
  customerEmailService: ModulesSdkTypes.IMedusaInternalService<EmailEntity>
  customerPhoneService: ModulesSdkTypes.IMedusaInternalService<PhoneEntity>
  customerIdentityOptions: ResolvedCustomerIdentityOptions
}

/** An email or phone row ready to insert, with the value it is unique on. */
type IdentifierRow = {
  customer_id: string
  is_primary?: boolean
  /** The normalised value: `email_normalized` or `phone_e164`. */
  key: string
  /** The value as given, for messages. */
  given: string
  data: Record<string, unknown>
}

type IdentifierKind = {
  label: "Email" | "Phone"
  column: "email_normalized" | "phone_e164"
  service: ModulesSdkTypes.IMedusaInternalService<any>
}

const UNIQUE_VIOLATION = "23505"

export default class CustomerIdentityModuleService extends MedusaService({
  CustomerLink,
  CustomerEmail,
  CustomerPhone,
  OrderContact,
}) {
  protected readonly baseRepository_: DAL.RepositoryService
  protected readonly customerLinkService_: InjectedDependencies["customerLinkService"]
  protected readonly emailKind_: IdentifierKind
  protected readonly phoneKind_: IdentifierKind
  protected readonly options_: ResolvedCustomerIdentityOptions

  constructor(...args: [InjectedDependencies, ...unknown[]]) {
    super(...args)
    const [dependencies] = args
    this.baseRepository_ = dependencies.baseRepository
    this.customerLinkService_ = dependencies.customerLinkService
    this.emailKind_ = {
      label: "Email",
      column: "email_normalized",
      service: dependencies.customerEmailService,
    }
    this.phoneKind_ = {
      label: "Phone",
      column: "phone_e164",
      service: dependencies.customerPhoneService,
    }
    this.options_ = dependencies.customerIdentityOptions
  }

  /** The plugin options, validated and with defaults filled in. */
  async getOptions(): Promise<ResolvedCustomerIdentityOptions> {
    return this.options_
  }

  // @ts-expect-error: stricter than the generated method
  createCustomerLinks(
    data: CreateCustomerLinkDTO[],
    sharedContext?: Context
  ): Promise<CustomerLinkDTO[]>
  // @ts-expect-error: stricter than the generated method
  createCustomerLinks(
    data: CreateCustomerLinkDTO,
    sharedContext?: Context
  ): Promise<CustomerLinkDTO>
  @InjectManager()
  // @ts-expect-error: a new customer is its own canonical customer unless told otherwise
  async createCustomerLinks(
    data: CreateCustomerLinkDTO | CreateCustomerLinkDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerLinkDTO | CustomerLinkDTO[]> {
    const links = await this.createCustomerLinks_(
      Array.isArray(data) ? data : [data],
      sharedContext
    )
    const serialized =
      await this.baseRepository_.serialize<CustomerLinkDTO[]>(links)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  @InjectTransactionManager()
  protected async createCustomerLinks_(
    data: CreateCustomerLinkDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LinkEntity[]> {
    return await this.customerLinkService_.create(
      data.map((link) => ({
        ...link,
        canonical_customer_id: link.canonical_customer_id ?? link.customer_id,
      })),
      sharedContext
    )
  }

  /**
   * Adds emails to customers. Each email is validated and normalised; an email
   * already on the customer or owned by another customer is a DUPLICATE_ERROR,
   * never moved. A customer without a primary email gets its first new one as
   * primary; of several marked primary only the first stays primary, and it
   * replaces the customer's current primary.
   */
  // @ts-expect-error: stricter than the generated method
  createCustomerEmails(
    data: CreateCustomerEmailDTO[],
    sharedContext?: Context
  ): Promise<CustomerEmailDTO[]>
  // @ts-expect-error: stricter than the generated method
  createCustomerEmails(
    data: CreateCustomerEmailDTO,
    sharedContext?: Context
  ): Promise<CustomerEmailDTO>
  @InjectManager()
  // @ts-expect-error: takes the email as given and derives email_normalized
  async createCustomerEmails(
    data: CreateCustomerEmailDTO | CreateCustomerEmailDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerEmailDTO | CustomerEmailDTO[]> {
    const rows = (Array.isArray(data) ? data : [data]).map(
      ({ email, ...rest }) => {
        const parsed = parseEmail(email)
        return {
          customer_id: rest.customer_id,
          is_primary: rest.is_primary,
          key: parsed.email_normalized,
          given: parsed.email,
          data: { ...rest, ...parsed },
        }
      }
    )
    const created = await this.createIdentifiers_(
      this.emailKind_,
      rows,
      sharedContext
    )
    const serialized =
      await this.baseRepository_.serialize<CustomerEmailDTO[]>(created)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  /**
   * Adds phones to customers, stored as given and in E.164. A number without a
   * country prefix is read in its `country_code`, else the `defaultCountry`
   * option. The same ownership and primary rules as for emails apply.
   */
  // @ts-expect-error: stricter than the generated method
  createCustomerPhones(
    data: CreateCustomerPhoneDTO[],
    sharedContext?: Context
  ): Promise<CustomerPhoneDTO[]>
  // @ts-expect-error: stricter than the generated method
  createCustomerPhones(
    data: CreateCustomerPhoneDTO,
    sharedContext?: Context
  ): Promise<CustomerPhoneDTO>
  @InjectManager()
  // @ts-expect-error: takes the phone as given and derives phone_e164
  async createCustomerPhones(
    data: CreateCustomerPhoneDTO | CreateCustomerPhoneDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerPhoneDTO | CustomerPhoneDTO[]> {
    const rows = (Array.isArray(data) ? data : [data]).map(
      ({ phone, country_code, ...rest }) => {
        const parsed = parsePhone(
          phone,
          country_code ?? this.options_.defaultCountry
        )
        return {
          customer_id: rest.customer_id,
          is_primary: rest.is_primary,
          key: parsed.phone_e164,
          given: parsed.phone,
          data: { ...rest, ...parsed },
        }
      }
    )
    const created = await this.createIdentifiers_(
      this.phoneKind_,
      rows,
      sharedContext
    )
    const serialized =
      await this.baseRepository_.serialize<CustomerPhoneDTO[]>(created)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  @InjectTransactionManager()
  protected async createIdentifiers_(
    kind: IdentifierKind,
    rows: IdentifierRow[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<unknown[]> {
    assertNoRepeats(kind, rows)

    const owners = await kind.service.list(
      { [kind.column]: rows.map((row) => row.key) },
      { select: ["id", "customer_id", kind.column] },
      sharedContext
    )
    if (owners.length) {
      const owner = owners[0]
      const row = rows.find((r) => r.key === owner[kind.column])!
      const where =
        owner.customer_id === row.customer_id
          ? `is already on customer ${row.customer_id}`
          : `already belongs to customer ${owner.customer_id}`
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `${kind.label} "${row.given}" ${where}`
      )
    }

    const customerIds = [...new Set(rows.map((row) => row.customer_id))]
    const currentPrimaries = await kind.service.list(
      { customer_id: customerIds, is_primary: true },
      { select: ["id", "customer_id"] },
      sharedContext
    )
    const { toInsert, toDemote } = assignPrimaries(rows, currentPrimaries)

    const manager = sharedContext.transactionManager as {
      flush(): Promise<void>
    }
    try {
      if (toDemote.length) {
        await kind.service.update(
          toDemote.map((id) => ({ id, is_primary: false })),
          sharedContext
        )
        // The partial unique index on the primary is checked per statement: demote first.
        await manager.flush()
      }
      const created = await kind.service.create(toInsert, sharedContext)
      await manager.flush()
      return created
    } catch (error) {
      throw asDuplicateError(kind, error)
    }
  }
}

function assertNoRepeats(kind: IdentifierKind, rows: IdentifierRow[]) {
  const seen = new Set<string>()
  for (const row of rows) {
    if (seen.has(row.key)) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `${kind.label} "${row.given}" is given more than once`
      )
    }
    seen.add(row.key)
  }
}

/**
 * Decides `is_primary` for new rows: of those marked primary, the first per
 * customer wins and replaces the current primary; with none marked and no
 * current primary, the customer's first new row becomes primary.
 */
function assignPrimaries(
  rows: IdentifierRow[],
  currentPrimaries: { id: string; customer_id: string }[]
): { toInsert: Record<string, unknown>[]; toDemote: string[] } {
  const primaryOf = new Map(
    currentPrimaries.map((row) => [row.customer_id, row.id])
  )
  const winner = new Map<string, IdentifierRow>()
  for (const row of rows) {
    if (row.is_primary && !winner.has(row.customer_id)) {
      winner.set(row.customer_id, row)
    }
  }
  for (const row of rows) {
    if (!winner.has(row.customer_id) && !primaryOf.has(row.customer_id)) {
      winner.set(row.customer_id, row)
    }
  }
  const toDemote = [...winner.keys()]
    .map((customerId) => primaryOf.get(customerId))
    .filter((id): id is string => !!id)
  const toInsert = rows.map((row) => ({
    ...row.data,
    is_primary: winner.get(row.customer_id) === row,
  }))
  return { toInsert, toDemote }
}

/** A unique violation that got past the ownership check (a concurrent insert) as a DUPLICATE_ERROR. */
function asDuplicateError(kind: IdentifierKind, error: unknown): unknown {
  const code = (error as { code?: string })?.code
  if (code !== UNIQUE_VIOLATION) {
    return error
  }
  const detail = String((error as { detail?: string }).detail ?? "")
  const value = detail.match(/\)=\((.*)\) already exists/)?.[1]
  const message = detail.includes(kind.column)
    ? `${kind.label} "${value}" already belongs to another customer`
    : `${kind.label} could not be saved: the customer already has a primary ${kind.label.toLowerCase()}`
  return new MedusaError(MedusaError.Types.DUPLICATE_ERROR, message)
}
