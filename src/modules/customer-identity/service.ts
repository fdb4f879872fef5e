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
import {
  BackfillStatus,
  IdentitySource,
} from "../../types/constants"
import { ResolvedCustomerIdentityOptions } from "../../types/options"
import {
  BackfillJournal,
  BackfillPlan,
  BackfillState,
  CreateCustomerEmailDTO,
  CreateCustomerLinkDTO,
  CreateCustomerPhoneDTO,
  CustomerEmailDTO,
  CustomerLinkDTO,
  CustomerLinkState,
  CustomerMergeState,
  ClaimCodeAttempt,
  ClaimCodeState,
  CustomerOrderStats,
  CustomerPhoneDTO,
  ErasureJournal,
  FoldJournal,
  IdentifierDeletionState,
  IdentityOwners,
  JournaledIdentifier,
} from "../../types/module"
import { generateEntityIds } from "../../utils/entity-ids"
import { parseEmail } from "../../utils/normalize-email"
import { parsePhone } from "../../utils/normalize-phone"
import { verificationCodeMatches } from "../../utils/verification-code"
import {
  CustomerClaim,
  CodeSend,
  BackfillRun,
  CustomerEmail,
  CustomerLink,
  CustomerMerge,
  CustomerPhone,
  DuplicateDismissal,
  IdentifierSuppression,
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

type Knex = {
  raw(sql: string, params: unknown[]): Promise<{ rows: any[] }>
}

/** Runs SQL in the context's transaction; arrays bind as Postgres arrays. */
async function sql<T = any>(
  sharedContext: Context,
  query: string,
  params: unknown[]
): Promise<T[]> {
  const manager = sharedContext.transactionManager as {
    getTransactionContext(): Knex
  }
  const { rows } = await manager.getTransactionContext().raw(query, params)
  return rows
}

/**
 * `findIdentityOwners`: the link of a customer id and the owners of an email
 * and a phone, each by its unique index. Bindings: the customer id (twice),
 * the normalised email, the E.164 phone; null for those not looked up.
 */
export const IDENTITY_OWNERS_SQL = `SELECT o.kind, o.customer_id, o.is_primary, l.canonical_customer_id
  FROM (SELECT 'customer' AS kind, ?::text AS customer_id, false AS is_primary
         WHERE ?::text IS NOT NULL
        UNION ALL
        SELECT 'email', e.customer_id, e.is_primary FROM customer_identity_email e
         WHERE e.email_normalized = ? AND e.deleted_at IS NULL
        UNION ALL
        SELECT 'phone', p.customer_id, p.is_primary FROM customer_identity_phone p
         WHERE p.phone_e164 = ? AND p.deleted_at IS NULL) o
  LEFT JOIN customer_identity_link l
    ON l.customer_id = o.customer_id AND l.deleted_at IS NULL`

const LINK_ORDER_COLUMNS = [
  "created_at",
  "updated_at",
  "order_count",
  "first_order_at",
  "last_order_at",
]

export interface ListCanonicalCustomerLinksFilters {
  customer_id?: string[]
  status?: string[]
  has_account?: boolean
}

const IDENTIFIER_TABLES = [
  ["customer_identity_email", "emails"],
  ["customer_identity_phone", "phones"],
] as const

/** A claim's columns that hold the state of its verification code. */
const CLAIM_CODE_COLUMNS = [
  "code_hash",
  "code_expires_at",
  "code_attempts",
  "last_sent_at",
  "updated_at",
] as const

/** The code columns of a claim, timestamps as text so that a restore is exact. */
function selectClaimCode(alias: string) {
  return CLAIM_CODE_COLUMNS.map((column) =>
    /_at$/.test(column)
      ? `${alias}.${column}::text AS ${column}`
      : `${alias}.${column}`
  ).join(", ")
}

/** Tables whose rows hold an erased customer's identifiers in clear: deleted, not anonymised. */
const ERASED_TABLES = [
  "customer_identity_email",
  "customer_identity_phone",
  "customer_identity_claim",
] as const

/** Tables whose rows point at a canonical customer. */
const CANONICAL_TABLES = [
  ["customer_identity_link", "links"],
  ["customer_identity_order_contact", "order_contacts"],
] as const

export default class CustomerIdentityModuleService extends MedusaService({
  CustomerClaim,
  CodeSend,
  BackfillRun,
  CustomerLink,
  CustomerEmail,
  CustomerPhone,
  OrderContact,
  DuplicateDismissal,
  CustomerMerge,
  IdentifierSuppression,
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

  /** The link of a customer; NOT_FOUND when the plugin has not seen it. */
  @InjectManager()
  async retrieveCustomerLinkByCustomerId(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerLinkDTO> {
    const [link] = await this.listCustomerLinks(
      { customer_id: customerId },
      {},
      sharedContext
    )
    if (!link) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Customer ${customerId} has no identity`
      )
    }
    return link as CustomerLinkDTO
  }

  /**
   * The link of a customer id, and the owners of a normalised email and an
   * E.164 phone with their canonical customers, in one statement over the
   * unique indexes. Resolve runs it on every find-or-create: this is the
   * generated list methods' lookups without their per-call ORM cost.
   */
  @InjectManager()
  async findIdentityOwners(
    keys: {
      customer_id?: string
      email_normalized?: string
      phone_e164?: string
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IdentityOwners> {
    const manager = sharedContext.manager as { getKnex(): Knex }
    const { rows } = await manager
      .getKnex()
      .raw(IDENTITY_OWNERS_SQL, [
        keys.customer_id ?? null,
        keys.customer_id ?? null,
        keys.email_normalized ?? null,
        keys.phone_e164 ?? null,
      ])
    return Object.fromEntries(
      rows.map(({ kind, ...owner }: { kind: string }) => [kind, owner])
    )
  }

  /**
   * Whether a backfill of all customers (not a dry run, no cutoff) has
   * completed: from then on every customer has its identity rows, the
   * subscribers indexing new ones as they come.
   */
  @InjectManager()
  async hasBackfilledAllCustomers(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as { getKnex(): Knex }
    const { rows } = await manager.getKnex().raw(
      `SELECT EXISTS (
         SELECT 1 FROM customer_identity_backfill
          WHERE status = ? AND NOT dry_run AND cutoff_days IS NULL AND deleted_at IS NULL
       ) AS done`,
      [BackfillStatus.COMPLETED]
    )
    return rows[0].done
  }

  /**
   * Lists canonical customers' links (folded customers are part of theirs),
   * filtered and paginated in one query, with the total count.
   */
  @InjectManager()
  async listAndCountCanonicalCustomerLinks(
    filters: ListCanonicalCustomerLinksFilters,
    pagination: { limit: number; offset: number; order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[CustomerLinkDTO[], number]> {
    const descending = pagination.order?.startsWith("-")
    const column = (pagination.order ?? "-created_at").replace(/^-/, "")
    if (!LINK_ORDER_COLUMNS.includes(column)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot order by ${column}; use one of ${LINK_ORDER_COLUMNS.join(", ")} (prefix - for descending)`
      )
    }
    const manager = sharedContext.manager as { getKnex(): Knex }
    const { rows } = await manager.getKnex().raw(
      `SELECT l.*, count(*) OVER () AS total_count
         FROM customer_identity_link l
        WHERE l.deleted_at IS NULL
          AND l.customer_id = l.canonical_customer_id
          AND (?::text[] IS NULL OR l.customer_id = ANY(?::text[]))
          AND (?::text[] IS NULL OR l.status = ANY(?::text[]))
          AND (?::boolean IS NULL OR l.has_account = ?::boolean)
        ORDER BY l.${column} ${descending ? "DESC NULLS LAST" : "ASC NULLS FIRST"}, l.id
        LIMIT ? OFFSET ?`,
      [
        filters.customer_id ?? null,
        filters.customer_id ?? null,
        filters.status ?? null,
        filters.status ?? null,
        filters.has_account ?? null,
        filters.has_account ?? null,
        pagination.limit,
        pagination.offset,
      ]
    )
    const count = rows.length ? Number(rows[0].total_count) : 0
    return [
      rows.map(
        ({ total_count: _, ...link }: Record<string, unknown>) =>
          link as unknown as CustomerLinkDTO
      ),
      count,
    ]
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
  /**
   * Makes an email its customer's primary one. Returns the rows it changed as
   * they were, for `revertCustomerEmailChanges` to undo it exactly.
   */
  @InjectManager()
  @InjectTransactionManager()
  async setPrimaryCustomerEmail(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<JournaledIdentifier[]> {
    return await setPrimary(sharedContext, "customer_identity_email", id)
  }

  /** Makes a phone its customer's primary one; returns the changed rows as they were. */
  @InjectManager()
  @InjectTransactionManager()
  async setPrimaryCustomerPhone(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<JournaledIdentifier[]> {
    return await setPrimary(sharedContext, "customer_identity_phone", id)
  }

  /** Puts emails back exactly as journaled (owner, primary flag, updated_at). */
  @InjectManager()
  @InjectTransactionManager()
  async revertCustomerEmailChanges(
    rows: JournaledIdentifier[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await restoreIdentifiers(sharedContext, "customer_identity_email", rows)
  }

  /** Puts phones back exactly as journaled (owner, primary flag, updated_at). */
  @InjectManager()
  @InjectTransactionManager()
  async revertCustomerPhoneChanges(
    rows: JournaledIdentifier[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await restoreIdentifiers(sharedContext, "customer_identity_phone", rows)
  }

  /**
   * Recomputes the order stats of canonical customers from their order
   * contacts (canceled orders do not count), so that an event seen twice
   * cannot count twice. Returns the stats as they were before.
   */
  @InjectManager()
  @InjectTransactionManager()
  async recomputeOrderStats(
    canonicalCustomerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerOrderStats[]> {
    if (!canonicalCustomerIds.length) {
      return []
    }
    const before = await sql(
      sharedContext,
      `SELECT customer_id, order_count, first_order_at::text AS first_order_at,
                last_order_at::text AS last_order_at, updated_at::text AS updated_at
         FROM customer_identity_link
        WHERE deleted_at IS NULL AND customer_id = ANY(?)
        FOR UPDATE`,
      [canonicalCustomerIds]
    )
    await sql(
      sharedContext,
      `UPDATE customer_identity_link l
          SET order_count = s.order_count,
              first_order_at = s.first_order_at,
              last_order_at = s.last_order_at,
              updated_at = now()
         FROM (
           SELECT ids.customer_id,
                  count(oc.id) FILTER (WHERE oc.canceled_at IS NULL)::int AS order_count,
                  min(oc.placed_at) FILTER (WHERE oc.canceled_at IS NULL) AS first_order_at,
                  max(oc.placed_at) FILTER (WHERE oc.canceled_at IS NULL) AS last_order_at
             FROM unnest(?::text[]) AS ids(customer_id)
             LEFT JOIN customer_identity_order_contact oc
               ON oc.canonical_customer_id = ids.customer_id AND oc.deleted_at IS NULL
            GROUP BY ids.customer_id
         ) s
        WHERE l.customer_id = s.customer_id AND l.deleted_at IS NULL
          AND (l.order_count, l.first_order_at, l.last_order_at)
              IS DISTINCT FROM (s.order_count, s.first_order_at, s.last_order_at)`,
      [canonicalCustomerIds]
    )
    return before as CustomerOrderStats[]
  }

  /** Puts order stats back as `recomputeOrderStats` found them. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreOrderStats(
    stats: CustomerOrderStats[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    for (const row of stats) {
      await sql(
        sharedContext,
        `UPDATE customer_identity_link
            SET order_count = ?, first_order_at = ?, last_order_at = ?, updated_at = ?
          WHERE customer_id = ? AND deleted_at IS NULL`,
        [
          row.order_count,
          row.first_order_at,
          row.last_order_at,
          row.updated_at,
          row.customer_id,
        ]
      )
    }
  }

  /**
   * Folds canonical customers into a target: every link pointing at a source
   * points at the target, the sources' emails and phones move to it (the
   * target keeps its primary; without one, a moved primary becomes it), and
   * their order contacts count for it. Core customers are not touched.
   * Returns the journal `restoreFold` takes to undo it.
   */
  @InjectManager()
  @InjectTransactionManager()
  async foldCustomers(
    targetCustomerId: string,
    sourceCustomerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<FoldJournal> {
    const sources = sourceCustomerIds.filter((id) => id !== targetCustomerId)
    const journal: FoldJournal = {
      target_customer_id: targetCustomerId,
      links: [],
      emails: [],
      phones: [],
      order_contacts: [],
    }
    for (const [table, key] of CANONICAL_TABLES) {
      journal[key] = await sql(
        sharedContext,
        `UPDATE ${table} t SET canonical_customer_id = ?, updated_at = now()
           FROM ${table} old
          WHERE t.id = old.id AND t.deleted_at IS NULL AND t.canonical_customer_id = ANY(?)
          RETURNING t.id, old.canonical_customer_id, old.updated_at::text AS updated_at`,
        [targetCustomerId, sources]
      )
    }
    for (const [table, key] of IDENTIFIER_TABLES) {
      journal[key] = await sql(
        sharedContext,
        `UPDATE ${table} t SET customer_id = ?, is_primary = false, updated_at = now()
           FROM ${table} old
          WHERE t.id = old.id AND t.deleted_at IS NULL AND t.customer_id = ANY(?)
          RETURNING t.id, old.customer_id, old.is_primary, old.updated_at::text AS updated_at`,
        [targetCustomerId, sources]
      )
      const movedPrimary = journal[key].find((row) => row.is_primary)
      if (movedPrimary) {
        await sql(
          sharedContext,
          `UPDATE ${table} SET is_primary = true
            WHERE id = ? AND NOT EXISTS (
              SELECT 1 FROM ${table}
               WHERE customer_id = ? AND is_primary AND deleted_at IS NULL)`,
          [movedPrimary.id, targetCustomerId]
        )
      }
    }
    return journal
  }

  /**
   * Stores a new code for a claim (the send limits are the caller's, counted
   * on the identifier). Returns the code state as it was.
   */
  @InjectManager()
  @InjectTransactionManager()
  async issueClaimCode(
    claimId: string,
    code: { hash: string; expires_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimCodeState> {
    const [before] = await sql(
      sharedContext,
      `WITH old AS (
         SELECT * FROM customer_identity_claim
          WHERE id = ? AND deleted_at IS NULL FOR UPDATE)
       UPDATE customer_identity_claim c
          SET code_hash = ?, code_expires_at = ?, code_attempts = 0,
              last_sent_at = now(), updated_at = now()
         FROM old
        WHERE c.id = old.id
        RETURNING ${selectClaimCode("old")}`,
      [claimId, code.hash, code.expires_at]
    )
    if (!before) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Claim ${claimId} was not found`
      )
    }
    return before
  }

  /** Puts a claim's code state back as `issueClaimCode` or `attemptClaimCode` found it. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreClaimCode(
    claimId: string,
    state: ClaimCodeState,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await sql(
      sharedContext,
      `UPDATE customer_identity_claim
          SET ${CLAIM_CODE_COLUMNS.map((column) => `${column} = ?`).join(", ")}
        WHERE id = ?`,
      [...CLAIM_CODE_COLUMNS.map((column) => state[column]), claimId]
    )
  }

  /**
   * Tries a code against a claim. A right code is used up; a wrong one counts
   * against `maxAttempts`, and that count is committed whatever the caller
   * does next, so that a failing workflow cannot reset it.
   */
  @InjectManager()
  @InjectTransactionManager()
  async attemptClaimCode(
    claimId: string,
    code: string,
    maxAttempts: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimCodeAttempt> {
    const [claim] = await sql<ClaimCodeState>(
      sharedContext,
      `SELECT ${selectClaimCode("c")} FROM customer_identity_claim c
        WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [claimId]
    )
    if (!claim?.code_hash) {
      return { outcome: "missing" }
    }
    if (claim.code_attempts >= maxAttempts) {
      return { outcome: "locked" }
    }
    if (new Date(claim.code_expires_at!).getTime() <= Date.now()) {
      return { outcome: "expired" }
    }
    const right = verificationCodeMatches(code, claim.code_hash)
    await sql(
      sharedContext,
      right
        ? `UPDATE customer_identity_claim SET code_hash = NULL, code_expires_at = NULL, updated_at = now() WHERE id = ?`
        : `UPDATE customer_identity_claim SET code_attempts = code_attempts + 1 WHERE id = ?`,
      [claimId]
    )
    return right ? { outcome: "verified", before: claim } : { outcome: "wrong" }
  }

  /**
   * Undoes a fold from its journal. Returns the journaled rows as they were
   * before, a journal that undoes the restore exactly.
   */
  @InjectManager()
  @InjectTransactionManager()
  async restoreFold(
    journal: FoldJournal,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<FoldJournal> {
    const current: FoldJournal = {
      target_customer_id: journal.target_customer_id,
      links: [],
      emails: [],
      phones: [],
      order_contacts: [],
    }
    for (const [table, key] of IDENTIFIER_TABLES) {
      current[key] = await readStates(
        sharedContext,
        table,
        journal[key].map((row) => row.id),
        ["customer_id", "is_primary"]
      )
    }
    for (const [table, key] of CANONICAL_TABLES) {
      current[key] = await readStates(
        sharedContext,
        table,
        journal[key].map((row) => row.id),
        ["canonical_customer_id"]
      )
    }
    for (const [table, key] of IDENTIFIER_TABLES) {
      await restoreIdentifiers(sharedContext, table, journal[key])
    }
    for (const [table, key] of CANONICAL_TABLES) {
      const rows = journal[key]
      if (!rows.length) {
        continue
      }
      await sql(
        sharedContext,
        `UPDATE ${table} t
            SET canonical_customer_id = v.canonical_customer_id, updated_at = v.updated_at
           FROM unnest(?::text[], ?::text[], ?::timestamptz[])
                AS v(id, canonical_customer_id, updated_at)
          WHERE t.id = v.id`,
        [
          rows.map((row) => row.id),
          rows.map((row) => row.canonical_customer_id),
          rows.map((row) => row.updated_at),
        ]
      )
    }
    return current
  }

  /** The user, status and `updated_at` of links, exactly, for `restoreCustomerLinkStates`. */
  @InjectManager()
  @InjectTransactionManager()
  async listCustomerLinkStates(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerLinkState[]> {
    return await readStates(sharedContext, "customer_identity_link", ids, [
      "user_id",
      "status",
    ])
  }

  /** Puts links back exactly as `listCustomerLinkStates` read them. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreCustomerLinkStates(
    states: CustomerLinkState[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    // One customer per user is checked row by row: unlink them all first.
    await sql(
      sharedContext,
      `UPDATE customer_identity_link SET user_id = NULL WHERE id = ANY(?)`,
      [states.map((state) => state.id)]
    )
    await writeStates(sharedContext, "customer_identity_link", states)
  }

  /** A merge's status columns, exactly, for `restoreCustomerMergeState`. */
  @InjectManager()
  @InjectTransactionManager()
  async retrieveCustomerMergeState(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerMergeState> {
    const [state] = await readStates<CustomerMergeState>(
      sharedContext,
      "customer_identity_merge",
      [id],
      ["status", "reverted_by", "reverted_at"]
    )
    return state
  }

  /** Puts a merge back exactly as `retrieveCustomerMergeState` read it. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreCustomerMergeState(
    state: CustomerMergeState,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await writeStates(sharedContext, "customer_identity_merge", [state])
  }

  /** Whether emails or phones are removed, exactly, for `restoreIdentifierDeletionStates`. */
  @InjectManager()
  @InjectTransactionManager()
  async listIdentifierDeletionStates(
    kind: "email" | "phone",
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IdentifierDeletionState[]> {
    return await readStates(sharedContext, `customer_identity_${kind}`, ids, [
      "deleted_at",
    ])
  }

  /** Puts emails or phones back exactly as `listIdentifierDeletionStates` read them. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreIdentifierDeletionStates(
    kind: "email" | "phone",
    states: IdentifierDeletionState[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await writeStates(sharedContext, `customer_identity_${kind}`, states)
  }

  /**
   * Erases the identity rows of customers: their emails, phones and claims
   * are deleted (soft-deleted ones too: they hold the values in clear) and
   * their order contacts lose the email and phone typed. Returns the rows as
   * they were, for `restoreErasedRows`.
   */
  @InjectManager()
  @InjectTransactionManager()
  async eraseIdentifierRows(
    customerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Pick<ErasureJournal, "rows" | "order_contacts">> {
    const rows: ErasureJournal["rows"] = {}
    for (const table of ERASED_TABLES) {
      const deleted = await sql(
        sharedContext,
        `DELETE FROM ${table} t WHERE t.customer_id = ANY(?) RETURNING to_jsonb(t) AS row`,
        [customerIds]
      )
      rows[table] = deleted.map((r) => r.row)
    }
    const orderContacts = await sql(
      sharedContext,
      `UPDATE customer_identity_order_contact t SET email = NULL, phone = NULL, updated_at = now()
         FROM customer_identity_order_contact old
        WHERE t.id = old.id AND (t.canonical_customer_id = ANY(?) OR t.customer_id = ANY(?))
          AND (t.email IS NOT NULL OR t.phone IS NOT NULL)
        RETURNING t.id, old.email, old.phone, old.updated_at::text AS updated_at`,
      [customerIds, customerIds]
    )
    return { rows, order_contacts: orderContacts }
  }

  /** Puts back, exactly, what `eraseIdentifierRows` changed. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreErasedRows(
    journal: Pick<ErasureJournal, "rows" | "order_contacts">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    for (const table of ERASED_TABLES) {
      const rows = journal.rows[table] ?? []
      if (rows.length) {
        await sql(
          sharedContext,
          `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, ?::jsonb)`,
          [JSON.stringify(rows)]
        )
      }
    }
    const contacts = journal.order_contacts
    await sql(
      sharedContext,
      `UPDATE customer_identity_order_contact t
          SET email = v.email, phone = v.phone, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) AS v(id, email, phone, updated_at)
        WHERE t.id = v.id`,
      [
        contacts.map((row) => row.id),
        contacts.map((row) => row.email),
        contacts.map((row) => row.phone),
        contacts.map((row) => row.updated_at),
      ]
    )
  }

  /**
   * Marks the links of erased customers: archived, `erased_at` set, and no
   * admin user linked any more. Returns them as they were.
   */
  @InjectManager()
  @InjectTransactionManager()
  async markCustomerLinksErased(
    customerIds: string[],
    erasedAt: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ErasureJournal["links"]> {
    return await sql(
      sharedContext,
      `UPDATE customer_identity_link t
          SET status = 'archived', erased_at = ?, user_id = NULL, updated_at = now()
         FROM customer_identity_link old
        WHERE t.id = old.id AND t.deleted_at IS NULL AND t.customer_id = ANY(?)
        RETURNING t.id, old.status, old.user_id, old.erased_at::text AS erased_at,
                  old.updated_at::text AS updated_at`,
      [erasedAt, customerIds]
    )
  }

  /** Puts links back exactly as `markCustomerLinksErased` found them. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreErasedLinks(
    links: ErasureJournal["links"],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await sql(
      sharedContext,
      `UPDATE customer_identity_link t
          SET status = v.status, user_id = v.user_id, erased_at = v.erased_at, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
              AS v(id, status, user_id, erased_at, updated_at)
        WHERE t.id = v.id`,
      [
        links.map((row) => row.id),
        links.map((row) => row.status),
        links.map((row) => row.user_id),
        links.map((row) => row.erased_at),
        links.map((row) => row.updated_at),
      ]
    )
  }

  /**
   * Reads, in a few set-based queries, what planning a backfill batch needs:
   * the links of the given customers and users and of the canonical customers
   * owning the given emails and phones, those owners, and the order contacts
   * already recorded.
   */
  @InjectManager()
  @InjectTransactionManager()
  async loadBackfillState(
    keys: {
      customer_ids?: string[]
      user_ids?: string[]
      emails?: string[]
      phones?: string[]
      order_ids?: string[]
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BackfillState> {
    const [emails, phones, orderContacts] = await Promise.all([
      sql(
        sharedContext,
        `SELECT email_normalized, customer_id, is_primary FROM customer_identity_email
          WHERE deleted_at IS NULL AND email_normalized = ANY(?)`,
        [keys.emails ?? []]
      ),
      sql(
        sharedContext,
        `SELECT phone_e164, customer_id FROM customer_identity_phone
          WHERE deleted_at IS NULL AND phone_e164 = ANY(?)`,
        [keys.phones ?? []]
      ),
      sql(
        sharedContext,
        `SELECT id, order_id, customer_id, canonical_customer_id,
                canceled_at::text AS canceled_at, updated_at::text AS updated_at
           FROM customer_identity_order_contact
          WHERE deleted_at IS NULL AND order_id = ANY(?)`,
        [keys.order_ids ?? []]
      ),
    ])
    const customerIds = [
      ...(keys.customer_ids ?? []),
      ...emails.map((row) => row.customer_id),
      ...phones.map((row) => row.customer_id),
      ...orderContacts.map((row) => row.canonical_customer_id),
    ]
    // One index lookup per key column, then one by customer id for the links
    // and their canonical customers' links: an OR across columns, or an IN
    // over a subquery, is planned as a scan of the whole table per batch.
    const links = await sql(
      sharedContext,
      `WITH own AS (
         SELECT customer_id, canonical_customer_id FROM customer_identity_link
          WHERE deleted_at IS NULL AND customer_id = ANY(?)
         UNION ALL
         SELECT customer_id, canonical_customer_id FROM customer_identity_link
          WHERE deleted_at IS NULL AND user_id = ANY(?)
       )
       SELECT l.customer_id, l.canonical_customer_id, l.has_account, l.user_id,
              EXISTS (SELECT 1 FROM customer_identity_email e WHERE e.customer_id = l.customer_id
                         AND e.is_primary AND e.deleted_at IS NULL) AS has_primary_email,
              EXISTS (SELECT 1 FROM customer_identity_phone p WHERE p.customer_id = l.customer_id
                         AND p.is_primary AND p.deleted_at IS NULL) AS has_primary_phone
         FROM customer_identity_link l
        WHERE l.deleted_at IS NULL
          AND l.customer_id = ANY(ARRAY(SELECT customer_id FROM own
                                        UNION SELECT canonical_customer_id FROM own))`,
      [customerIds, keys.user_ids ?? []]
    )
    return { links, emails, phones, order_contacts: orderContacts }
  }

  /**
   * Writes a backfill batch's plan in one transaction, set-based: folds of
   * canonical customers already indexed, then new links, emails and phones
   * (`ON CONFLICT DO NOTHING`: a live event that got there first wins), user
   * links, order contacts, and the touched customers' order stats. Returns
   * the journal `revertBackfillPlan` takes to undo it.
   */
  @InjectManager()
  @InjectTransactionManager()
  async applyBackfillPlan(
    plan: BackfillPlan,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BackfillJournal> {
    const journal: BackfillJournal = {
      folds: [],
      link_ids: [],
      email_ids: [],
      phone_ids: [],
      user_links: [],
      order_contact_ids: [],
      order_contacts: plan.order_contacts.length
        ? (
            await this.loadBackfillState(
              { order_ids: plan.order_contacts.map((c) => c.order_id) },
              sharedContext
            )
          ).order_contacts
        : [],
      stats: [],
    }
    for (const fold of plan.folds) {
      journal.folds.push(
        await this.foldCustomers(
          fold.target_customer_id,
          fold.source_customer_ids,
          sharedContext
        )
      )
    }
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id)
    journal.link_ids = ids(
      await sql(
        sharedContext,
        `INSERT INTO customer_identity_link (id, customer_id, canonical_customer_id, has_account, source)
         SELECT v.id, v.customer_id, v.canonical_customer_id, v.has_account, ?
           FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[])
                AS v(id, customer_id, canonical_customer_id, has_account)
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          IdentitySource.BACKFILL,
          generateEntityIds("cilink", plan.links.length),
          plan.links.map((row) => row.customer_id),
          plan.links.map((row) => row.canonical_customer_id),
          plan.links.map((row) => row.has_account),
        ]
      )
    )
    journal.email_ids = ids(
      await insertIdentifiers(sharedContext, "customer_identity_email", [
        ["ciemail", "email", "email_normalized"],
        plan.emails.map((row) => [
          row.customer_id,
          row.email,
          row.email_normalized,
        ]),
      ])
    )
    journal.phone_ids = ids(
      await insertIdentifiers(sharedContext, "customer_identity_phone", [
        ["ciphone", "phone", "phone_e164"],
        plan.phones.map((row) => [row.customer_id, row.phone, row.phone_e164]),
      ])
    )
    // Statements with nothing to write are skipped: each costs a round trip.
    journal.user_links = !plan.user_links.length
      ? []
      : await sql(
          sharedContext,
          `UPDATE customer_identity_link l SET user_id = v.user_id, updated_at = now()
         FROM unnest(?::text[], ?::text[]) AS v(customer_id, user_id), customer_identity_link old
        WHERE l.customer_id = v.customer_id AND l.deleted_at IS NULL AND l.user_id IS NULL
          AND old.id = l.id
        RETURNING l.id, old.user_id, old.updated_at::text AS updated_at`,
          [
            plan.user_links.map((row) => row.customer_id),
            plan.user_links.map((row) => row.user_id),
          ]
        )
    const contacts = plan.order_contacts
    const written = !contacts.length
      ? []
      : await sql(
          sharedContext,
          `INSERT INTO customer_identity_order_contact AS t
              (id, order_id, customer_id, canonical_customer_id, email, phone, matched_by, placed_at, canceled_at)
       SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::timestamptz[], ?::timestamptz[])
       ON CONFLICT (order_id) WHERE deleted_at IS NULL DO UPDATE
          SET customer_id = excluded.customer_id,
              canonical_customer_id = excluded.canonical_customer_id,
              canceled_at = excluded.canceled_at,
              updated_at = now()
        WHERE (t.customer_id, t.canonical_customer_id, t.canceled_at)
              IS DISTINCT FROM (excluded.customer_id, excluded.canonical_customer_id, excluded.canceled_at)
       RETURNING t.id, t.order_id, (xmax = 0) AS inserted`,
          [
            generateEntityIds("cioc", contacts.length),
            contacts.map((c) => c.order_id),
            contacts.map((c) => c.customer_id),
            contacts.map((c) => c.canonical_customer_id),
            contacts.map((c) => c.email),
            contacts.map((c) => c.phone),
            contacts.map((c) => c.matched_by),
            contacts.map((c) => c.placed_at),
            contacts.map((c) => c.canceled_at),
          ]
        )
    journal.order_contact_ids = written
      .filter((row) => row.inserted)
      .map((row) => row.id)
    const updatedOrders = new Set(
      written.filter((row) => !row.inserted).map((row) => row.order_id)
    )
    journal.order_contacts = journal.order_contacts.filter((row) =>
      updatedOrders.has(row.order_id)
    )
    journal.stats = await this.recomputeOrderStats(
      plan.stats_customer_ids,
      sharedContext
    )
    return journal
  }

  /** Undoes a backfill batch from its journal. */
  @InjectManager()
  @InjectTransactionManager()
  async revertBackfillPlan(
    journal: BackfillJournal,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.restoreOrderStats(journal.stats, sharedContext)
    await sql(
      sharedContext,
      `DELETE FROM customer_identity_order_contact WHERE id = ANY(?)`,
      [journal.order_contact_ids]
    )
    const previous = journal.order_contacts
    await sql(
      sharedContext,
      `UPDATE customer_identity_order_contact t
          SET customer_id = v.customer_id, canonical_customer_id = v.canonical_customer_id,
              canceled_at = v.canceled_at, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
              AS v(id, customer_id, canonical_customer_id, canceled_at, updated_at)
        WHERE t.id = v.id`,
      [
        previous.map((row) => row.id),
        previous.map((row) => row.customer_id),
        previous.map((row) => row.canonical_customer_id),
        previous.map((row) => row.canceled_at),
        previous.map((row) => row.updated_at),
      ]
    )
    const userLinks = journal.user_links
    await sql(
      sharedContext,
      `UPDATE customer_identity_link t SET user_id = v.user_id, updated_at = v.updated_at
         FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS v(id, user_id, updated_at)
        WHERE t.id = v.id`,
      [
        userLinks.map((row) => row.id),
        userLinks.map((row) => row.user_id),
        userLinks.map((row) => row.updated_at),
      ]
    )
    for (const [table, key] of [
      ["customer_identity_phone", "phone_ids"],
      ["customer_identity_email", "email_ids"],
    ] as const) {
      await sql(sharedContext, `DELETE FROM ${table} WHERE id = ANY(?)`, [
        journal[key],
      ])
    }
    for (const fold of [...journal.folds].reverse()) {
      await this.restoreFold(fold, sharedContext)
    }
    await sql(
      sharedContext,
      `DELETE FROM customer_identity_link WHERE id = ANY(?)`,
      [journal.link_ids]
    )
  }
}

/**
 * Inserts emails or phones in the order given, skipping any that a row
 * already holds. A customer's first new one becomes primary when it has none.
 */
async function insertIdentifiers(
  sharedContext: Context,
  table: IdentifierTable,
  [[prefix, given, key], rows]: [
    [string, string, string],
    [customerId: string, given: string, key: string][],
  ]
): Promise<{ id: string }[]> {
  const seen = new Set<string>()
  const first = rows.map(
    ([customerId]) => !seen.has(customerId) && !!seen.add(customerId)
  )
  return await sql(
    sharedContext,
    `INSERT INTO ${table} (id, customer_id, ${given}, ${key}, is_primary, source)
     SELECT v.id, v.customer_id, v.given, v.key,
            v.first AND NOT EXISTS (
              SELECT 1 FROM ${table} p
               WHERE p.customer_id = v.customer_id AND p.is_primary AND p.deleted_at IS NULL),
            ?
       FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
            WITH ORDINALITY AS v(id, customer_id, given, key, first, n)
      ORDER BY v.n
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      IdentitySource.BACKFILL,
      generateEntityIds(prefix, rows.length),
      rows.map(([customerId]) => customerId),
      rows.map(([, value]) => value),
      rows.map(([, , value]) => value),
      first,
    ]
  )
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

type IdentifierTable = (typeof IDENTIFIER_TABLES)[number][0]

async function setPrimary(
  sharedContext: Context,
  table: IdentifierTable,
  id: string
): Promise<JournaledIdentifier[]> {
  const rows = await sql<JournaledIdentifier>(
    sharedContext,
    `SELECT id, customer_id, is_primary, updated_at::text AS updated_at
       FROM ${table}
      WHERE deleted_at IS NULL
        AND customer_id = (SELECT customer_id FROM ${table} WHERE id = ? AND deleted_at IS NULL)
        AND (is_primary OR id = ?)
      FOR UPDATE`,
    [id, id]
  )
  const row = rows.find((r) => r.id === id)
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `${table === "customer_identity_email" ? "Email" : "Phone"} ${id} was not found`
    )
  }
  if (row.is_primary) {
    return []
  }
  // The one-primary index is checked row by row: demote before promoting.
  await sql(
    sharedContext,
    `UPDATE ${table} SET is_primary = false, updated_at = now()
      WHERE id = ANY(?) AND is_primary`,
    [rows.map((r) => r.id)]
  )
  await sql(
    sharedContext,
    `UPDATE ${table} SET is_primary = true, updated_at = now() WHERE id = ?`,
    [id]
  )
  return rows
}

/**
 * Reads columns of rows by id, with `updated_at`, timestamps (`*_at`) as
 * Postgres prints them so that `writeStates` puts them back to the microsecond.
 */
async function readStates<T extends { id: string; updated_at: string }>(
  sharedContext: Context,
  table: string,
  ids: string[],
  columns: string[]
): Promise<T[]> {
  const select = [...columns, "updated_at"].map((column) =>
    column.endsWith("_at") ? `${column}::text AS ${column}` : column
  )
  return await sql<T>(
    sharedContext,
    `SELECT id, ${select.join(", ")} FROM ${table} WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [ids]
  )
}

/** Writes rows read by `readStates` back as they were. */
async function writeStates(
  sharedContext: Context,
  table: string,
  states: { id: string }[]
): Promise<void> {
  for (const { id, ...columns } of states) {
    const names = Object.keys(columns)
    await sql(
      sharedContext,
      `UPDATE ${table} SET ${names.map((name) => `${name} = ?`).join(", ")} WHERE id = ?`,
      [...Object.values(columns), id]
    )
  }
}

async function restoreIdentifiers(
  sharedContext: Context,
  table: IdentifierTable,
  rows: JournaledIdentifier[]
): Promise<void> {
  if (!rows.length) {
    return
  }
  const ids = rows.map((row) => row.id)
  // Primaries off first: the one-primary index is checked row by row.
  await sql(
    sharedContext,
    `UPDATE ${table} SET is_primary = false WHERE id = ANY(?)`,
    [ids]
  )
  await sql(
    sharedContext,
    `UPDATE ${table} t
        SET customer_id = v.customer_id, is_primary = v.is_primary, updated_at = v.updated_at
       FROM unnest(?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
            AS v(id, customer_id, is_primary, updated_at)
      WHERE t.id = v.id`,
    [
      ids,
      rows.map((row) => row.customer_id),
      rows.map((row) => row.is_primary),
      rows.map((row) => row.updated_at),
    ]
  )
}
