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
import { FoldEvidence, PhoneMatchMode } from "../../types/constants"
import { ResolvedCustomerIdentityOptions } from "../../types/options"
import {
  BackfillJournal,
  BackfillPlan,
  BackfillState,
  ClaimCodeAttempt,
  CreateCustomerEmailDTO,
  CreateCustomerIdentifierDTO,
  CustomerIdentifierDTO,
  CreateCustomerLinkDTO,
  CreateCustomerPhoneDTO,
  CreateNewIdentityDTO,
  CustomerEmailDTO,
  CustomerLinkDTO,
  CustomerPhoneDTO,
  ErasureJournal,
  FoldJournal,
  IdentityOwners,
  NewIdentityRows,
  RecordOwnedOrderContactDTO,
  RowSnapshot,
  SnapshotEntity,
  WrongCodeGuess,
} from "../../types/module"
import { identifierKindOf } from "../../utils/normalize-identifier"
import * as models from "./models"
import * as backfill from "./sql/backfill"
import * as claimCode from "./sql/claim-code"
import * as erasure from "./sql/erasure"
import * as fold from "./sql/fold"
import * as identifiers from "./sql/identifiers"
import * as importPlan from "./sql/import-plan"
import * as links from "./sql/links"
import * as orderContacts from "./sql/order-contacts"
import * as orderStats from "./sql/order-stats"
import * as rowStates from "./sql/states"

type EntityManager = { flush(): Promise<void> }
type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
  customerLinkService: ModulesSdkTypes.IMedusaInternalService<
    InferEntityType<typeof models.CustomerLink>
  >
  customerIdentifierService: ModulesSdkTypes.IMedusaInternalService<
    InferEntityType<typeof models.CustomerIdentifier>
  >
  customerIdentityOptions: ResolvedCustomerIdentityOptions
} & Parameters<typeof identifiers.identifierKinds>[0]

/**
 * The customer identity module: the generated methods of its models, plus
 * the writes that need the database itself (set-based, row-locked, exact to
 * put back). The SQL lives in `./sql`, one file per concern; the rules that
 * decide what to write live in `src/policy` and the workflows' steps.
 */
export default class CustomerIdentityModuleService extends MedusaService(
  models
) {
  protected readonly baseRepository_: DAL.RepositoryService
  protected readonly customerLinkService_: InjectedDependencies["customerLinkService"]
  protected readonly customerIdentifierService_: InjectedDependencies["customerIdentifierService"]
  protected readonly kinds_: identifiers.IdentifierKinds
  protected readonly options_: ResolvedCustomerIdentityOptions

  constructor(...args: [InjectedDependencies, ...unknown[]]) {
    super(...args)
    const [dependencies] = args
    this.baseRepository_ = dependencies.baseRepository
    this.customerLinkService_ = dependencies.customerLinkService
    this.customerIdentifierService_ = dependencies.customerIdentifierService
    this.kinds_ = identifiers.identifierKinds(dependencies)
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
  @InjectTransactionManager()
  // @ts-expect-error: a new customer is its own canonical customer unless told otherwise
  async createCustomerLinks(
    data: CreateCustomerLinkDTO | CreateCustomerLinkDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerLinkDTO | CustomerLinkDTO[]> {
    const created = await this.customerLinkService_.create(
      (Array.isArray(data) ? data : [data]).map((link) => ({
        ...link,
        canonical_customer_id: link.canonical_customer_id ?? link.customer_id,
      })),
      sharedContext
    )
    // Flushed first: the serialized links carry the columns' defaults.
    await (sharedContext.transactionManager as EntityManager).flush()
    const serialized =
      await this.baseRepository_.serialize<CustomerLinkDTO[]>(created)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  /**
   * Writes the identities of customers just created, in one statement: each
   * one's link (its own canonical customer), and its email, phone and kind
   * values as its primary ones, each unless a row holds it already (left
   * where it is, as attaching does). Returns the rows written, for
   * `deleteNewIdentity`.
   */
  @InjectManager()
  async createNewIdentity(
    data: CreateNewIdentityDTO | CreateNewIdentityDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewIdentityRows> {
    return await links.insertNewIdentities(
      sharedContext,
      (Array.isArray(data) ? data : [data]).map((identity) => ({
        ...identity,
        identifiers: identity.identifiers.map((identifier) => ({
          ...identifier,
          shared:
            identifierKindOf(this.options_, identifier.kind).match ===
            PhoneMatchMode.SUGGEST,
        })),
      }))
    )
  }

  /** Deletes what `createNewIdentity` wrote. */
  @InjectManager()
  @InjectTransactionManager()
  async deleteNewIdentity(
    rows: NewIdentityRows,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await links.deleteNewIdentity(sharedContext, rows)
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

  /** The link of a customer id and the owners of an email and a phone: what resolve reads. */
  @InjectManager()
  async findIdentityOwners(
    keys: Parameters<typeof links.findIdentityOwners>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IdentityOwners> {
    return await links.findIdentityOwners(sharedContext, keys)
  }

  /** The owners of many emails, phones and kind values: what an import batch reads. */
  @InjectManager()
  async findIdentityOwnersOfMany(
    keys: Parameters<typeof links.findIdentityOwnersOfMany>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Awaited<ReturnType<typeof links.findIdentityOwnersOfMany>>> {
    return await links.findIdentityOwnersOfMany(sharedContext, keys)
  }

  /** What an import's dry run decided on these values in its earlier batches. */
  @InjectManager()
  async findImportPlanValues(
    importId: string,
    values: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<importPlan.ImportPlanValueRow[]> {
    return await importPlan.findImportPlanValues(
      sharedContext,
      importId,
      values
    )
  }

  /** Records what an import's dry run decided on a batch's values. */
  @InjectManager()
  async addImportPlanValues(
    importId: string,
    rows: importPlan.ImportPlanValueRow[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await importPlan.insertImportPlanValues(sharedContext, importId, rows)
  }

  /** Drops an import's dry-run decisions. */
  @InjectManager()
  async clearImportPlanValues(
    importId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await importPlan.deleteImportPlanValues(sharedContext, importId)
  }

  /** Refreshes the plan values' statistics, once a dry run has written some. */
  @InjectManager()
  async analyzeImportPlanValues(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await importPlan.analyzeImportPlanValues(sharedContext)
  }

  /** Whether a backfill of all customers (not a dry run, no cutoff) has completed. */
  @InjectManager()
  async hasBackfilledAllCustomers(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await links.hasBackfilledAllCustomers(sharedContext)
  }

  /** Lists canonical customers' links, filtered and paginated, with the total count. */
  @InjectManager()
  async listAndCountCanonicalCustomerLinks(
    filters: links.ListCanonicalCustomerLinksFilters,
    pagination: { limit: number; offset: number; order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[CustomerLinkDTO[], number]> {
    return await links.listAndCountCanonicalCustomerLinks(
      sharedContext,
      filters,
      pagination
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
  @InjectTransactionManager()
  // @ts-expect-error: takes the email as given and derives email_normalized
  async createCustomerEmails(
    data: CreateCustomerEmailDTO | CreateCustomerEmailDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerEmailDTO | CustomerEmailDTO[]> {
    const rows = identifiers.emailRows(Array.isArray(data) ? data : [data])
    const created = await identifiers.createIdentifiers(
      sharedContext,
      this.kinds_.email,
      rows
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
  @InjectTransactionManager()
  // @ts-expect-error: takes the phone as given and derives phone_e164
  async createCustomerPhones(
    data: CreateCustomerPhoneDTO | CreateCustomerPhoneDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerPhoneDTO | CustomerPhoneDTO[]> {
    const rows = identifiers.phoneRows(
      Array.isArray(data) ? data : [data],
      this.options_.defaultCountry
    )
    const created = await identifiers.createIdentifiers(
      sharedContext,
      this.kinds_.phone,
      rows
    )
    const serialized =
      await this.baseRepository_.serialize<CustomerPhoneDTO[]>(created)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  /**
   * Adds values of identifier kinds to customers, each read with its kind's
   * normaliser. A value of a kind that matches (`match: "auto"`) belongs to
   * one customer: taken by another, it is a DUPLICATE_ERROR; a value of a kind
   * that suggests only once per customer. A customer's first value of a kind
   * becomes its primary one, as for emails.
   */
  // @ts-expect-error: stricter than the generated method
  createCustomerIdentifiers(
    data: CreateCustomerIdentifierDTO[],
    sharedContext?: Context
  ): Promise<CustomerIdentifierDTO[]>
  // @ts-expect-error: stricter than the generated method
  createCustomerIdentifiers(
    data: CreateCustomerIdentifierDTO,
    sharedContext?: Context
  ): Promise<CustomerIdentifierDTO>
  @InjectManager()
  @InjectTransactionManager()
  // @ts-expect-error: takes the value as given and derives value_normalized
  async createCustomerIdentifiers(
    data: CreateCustomerIdentifierDTO | CreateCustomerIdentifierDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerIdentifierDTO | CustomerIdentifierDTO[]> {
    const list = Array.isArray(data) ? data : [data]
    const created: unknown[] = []
    for (const kind of new Set(list.map((row) => row.kind))) {
      const definition = identifierKindOf(this.options_, kind)
      created.push(
        ...(await identifiers.createIdentifiers(
          sharedContext,
          identifiers.optionKind(definition, this.customerIdentifierService_),
          identifiers.kindRows(
            definition,
            list.filter((row) => row.kind === kind)
          )
        ))
      )
    }
    const serialized =
      await this.baseRepository_.serialize<CustomerIdentifierDTO[]>(created)
    return Array.isArray(data) ? serialized : serialized[0]
  }

  /** Makes an email or phone its customer's primary one; returns the changed rows as they were. */
  @InjectManager()
  @InjectTransactionManager()
  async setPrimaryIdentifier(
    kind: "email" | "phone",
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await identifiers.setPrimary(sharedContext, kind, id)
  }

  /** Reads columns of rows (with `updated_at`), locking them, for `restoreRows`. */
  @InjectManager()
  @InjectTransactionManager()
  async snapshotRows(
    entity: SnapshotEntity,
    ids: string[],
    columns: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await rowStates.snapshotRows(sharedContext, entity, ids, columns)
  }

  /** Puts rows back exactly as a snapshot holds them: the one undo of the module's updates. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreRows(
    snapshot: RowSnapshot,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await rowStates.restoreRows(sharedContext, snapshot)
  }

  /** Recomputes canonical customers' order stats from their order contacts; returns them as they were. */
  @InjectManager()
  @InjectTransactionManager()
  async recomputeOrderStats(
    canonicalCustomerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await orderStats.recomputeOrderStats(
      sharedContext,
      canonicalCustomerIds
    )
  }

  /** Whether the suppression list holds any identifier. */
  @InjectManager()
  async hasSuppressions(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await erasure.hasSuppressions(sharedContext)
  }

  /** The latest erasure of each suppressed hash among `hashes`. */
  @InjectManager()
  async findLatestErasures(
    hashes: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ identifier_hash: string; erased_at: Date }[]> {
    return await erasure.findLatestErasures(sharedContext, hashes)
  }

  /**
   * Records an order's first contact and its customer's stats in one
   * statement, when the customer is its own canonical customer and still
   * owns the email and phone (locked until it commits); false, with nothing
   * written, otherwise.
   */
  @InjectManager()
  async recordOwnedOrderContact(
    data: RecordOwnedOrderContactDTO,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await orderContacts.recordOwnedOrderContact(sharedContext, data)
  }

  /**
   * Folds canonical customers into a target, recorded as merges when the
   * fold is automatic (`evidence`); returns the journal `restoreFold` takes.
   */
  @InjectManager()
  @InjectTransactionManager()
  async foldCustomers(
    targetCustomerId: string,
    sourceCustomerIds: string[],
    evidence?: `${FoldEvidence}`,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<FoldJournal> {
    return await fold.foldCustomers(
      sharedContext,
      targetCustomerId,
      sourceCustomerIds,
      evidence
    )
  }

  /**
   * Marks the unproven folds into a customer that moved one of these emails
   * or phones to it as proven; returns their merges as they were.
   */
  @InjectManager()
  @InjectTransactionManager()
  async proveFolds(
    targetCustomerId: string,
    identifierIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await fold.proveFolds(sharedContext, targetCustomerId, identifierIds)
  }

  /** Undoes a fold from its journal; returns a journal that undoes the restore. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreFold(
    journal: FoldJournal,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<FoldJournal> {
    return await fold.restoreFold(sharedContext, journal)
  }

  /** Stores a new code for a claim; returns the code state as it was. */
  @InjectManager()
  @InjectTransactionManager()
  async issueClaimCode(
    claimId: string,
    code: { hash: string; expires_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await claimCode.issueClaimCode(sharedContext, claimId, code)
  }

  /**
   * Tries a code against a claim; a wrong one counts, and is recorded as
   * `wrongGuess`, whatever the caller does next.
   */
  @InjectManager()
  @InjectTransactionManager()
  async attemptClaimCode(
    claimId: string,
    code: string,
    maxAttempts: number,
    wrongGuess: WrongCodeGuess,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimCodeAttempt> {
    return await claimCode.attemptClaimCode(
      sharedContext,
      claimId,
      code,
      maxAttempts,
      wrongGuess
    )
  }

  /**
   * Erases customers' emails, phones, claims and typed contacts, and
   * anyone's claims of the erased values; returns them as they were.
   */
  @InjectManager()
  @InjectTransactionManager()
  async eraseIdentifierRows(
    customerIds: string[],
    identifiers: { kind: string; value: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Pick<ErasureJournal, "rows" | "order_contacts">> {
    return await erasure.eraseIdentifierRows(
      sharedContext,
      customerIds,
      identifiers
    )
  }

  /** Puts back, exactly, what `eraseIdentifierRows` changed. */
  @InjectManager()
  @InjectTransactionManager()
  async restoreErasedRows(
    journal: Pick<ErasureJournal, "rows" | "order_contacts">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await erasure.restoreErasedRows(sharedContext, journal)
  }

  /** Archives erased customers' links and unlinks their users; returns them as they were. */
  @InjectManager()
  @InjectTransactionManager()
  async markCustomerLinksErased(
    customerIds: string[],
    erasedAt: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RowSnapshot> {
    return await erasure.markCustomerLinksErased(
      sharedContext,
      customerIds,
      erasedAt
    )
  }

  /** Reads, set-based, what planning a backfill batch needs. */
  @InjectManager()
  @InjectTransactionManager()
  async loadBackfillState(
    keys: Parameters<typeof backfill.loadBackfillState>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BackfillState> {
    return await backfill.loadBackfillState(sharedContext, keys)
  }

  /** Writes a backfill batch's plan, set-based; returns the journal `revertBackfillPlan` takes. */
  @InjectManager()
  @InjectTransactionManager()
  async applyBackfillPlan(
    plan: BackfillPlan,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BackfillJournal> {
    return await backfill.applyBackfillPlan(sharedContext, plan)
  }

  /**
   * Writes the backfilled customers that conflict with nothing in one
   * statement; returns those written and the journal `revertBackfillPlan` takes.
   */
  @InjectManager()
  async insertConflictFreeCustomers(
    rows: Parameters<typeof backfill.insertConflictFreeCustomers>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ customer_ids: string[]; journal: BackfillJournal }> {
    return await backfill.insertConflictFreeCustomers(sharedContext, rows)
  }

  /**
   * Records the contacts of backfilled orders of known customers that
   * conflict with nothing in one statement, with their stats; returns the
   * orders written and the journal `revertBackfillPlan` takes.
   */
  @InjectManager()
  async insertConflictFreeOrderContacts(
    rows: Parameters<typeof backfill.insertConflictFreeOrderContacts>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ order_ids: string[]; journal: BackfillJournal }> {
    return await backfill.insertConflictFreeOrderContacts(sharedContext, rows)
  }

  /** Undoes a backfill batch from its journal. */
  @InjectManager()
  @InjectTransactionManager()
  async revertBackfillPlan(
    journal: BackfillJournal,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await backfill.revertBackfillPlan(sharedContext, journal)
  }
}
