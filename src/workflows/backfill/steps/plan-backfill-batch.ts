import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BackfillCustomerRow,
  BackfillOrderRow,
  BackfillUserRow,
  loadBackfillBatch,
  LoadBackfillBatchInput,
  loadBackfillRowsById,
  loadCustomerNames,
} from "../../../core-tables/backfill-batch"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  decideAttach,
  decideEmailFold,
  decidePhoneLink,
  decideUserLink,
  explainOrderMatch,
  keptOrderer,
  ordererContact,
  PersonName,
  PlannedFold,
  resolveIdentity,
} from "../../../policy"
import {
  BackfillPhase,
  CUSTOMER_IDENTITY_MODULE,
  MatchedBy,
} from "../../../types/constants"
import { BackfillPlan, BackfillState } from "../../../types/module"
import { ResolvedCustomerIdentityOptions } from "../../../types/options"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { sameInstant } from "../../common/utils/same-instant"
import { dropSuppressedIdentifiers } from "../../common/utils/suppression"
import { backfillRowReader, ReadRow } from "../utils/read-backfill-row"

export interface PlanBackfillBatchStepInput extends LoadBackfillBatchInput {
  /**
   * The rows of the batch to plan, when the set-based write
   * (backfillConflictFreeRowsStep) has read the batch and written the rest;
   * null to plan the whole batch after the cursor.
   */
  ids?: string[] | null
}

export interface BackfillCounts {
  /** Rows the batch gave an identity (a link, a user link, an order contact). */
  created: number
  /** Rows already indexed whose identity changed (a fold, a new identifier, a moved order). */
  updated: number
  /** Rows left as they were. */
  skipped: number
}

export interface BackfillBatchPlan {
  /** Rows read: fewer than the batch size at the phase's end. */
  processed: number
  /** The last id read; null when the phase has no rows left. */
  next_cursor: string | null
  plan: BackfillPlan
  counts: BackfillCounts
  /**
   * Rows the live workflows handle one by one: an order or user that matches
   * nobody gets a new core customer through core's workflow.
   */
  leftover_ids: string[]
}

export const planBackfillBatchStepId = "plan-backfill-batch"
/**
 * This step decides what a backfill batch writes, as the live workflows
 * would for the rows in id order, by the same identity policy
 * (`src/policy`): indexCustomerWorkflow for customers (`decideEmailFold`,
 * `decideAttach`), linkUserToCustomerWorkflow for admin users
 * (`decideUserLink`), recordOrderContactWorkflow for orders
 * (`resolveIdentity`, `decideAttach`). It reads the batch after the cursor
 * (`loadBackfillBatch`), or the rows of it named by `ids`, and the identity
 * tables once per batch, keeps them as they will be after the rows planned
 * so far, and writes nothing.
 */
export const planBackfillBatchStep = createStep(
  planBackfillBatchStepId,
  async (load: PlanBackfillBatchStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const batch = load.ids
      ? {
          rows: load.ids.length
            ? await loadBackfillRowsById(container, load.phase, load.ids)
            : [],
          next_cursor: load.ids[load.ids.length - 1] ?? null,
        }
      : await loadBackfillBatch(container, load)
    const input = { phase: load.phase, rows: batch.rows }
    const options = await service.getOptions()
    const planner = new BackfillPlanner(options)
    if (!batch.rows.length) {
      return new StepResponse<BackfillBatchPlan>({
        processed: 0,
        next_cursor: batch.next_cursor,
        ...planner.result(),
      })
    }
    // Old rows never bring back an erased email or phone; a user whose email was erased stays unlinked.
    const recorded = input.rows.map((row) => {
      if (!("billing" in row)) {
        return { ...row, recorded_at: row.created_at }
      }
      const orderer = ordererContact({
        billing: row.billing,
        shipping: row.shipping,
        customer_phone: row.customer_phone,
      })
      return {
        ...row,
        orderer,
        phone: orderer.phone,
        country_code: orderer.country_code,
        recipient_phone: orderer.recipient_phone,
        recipient_country_code: row.shipping?.country_code,
        recorded_at: row.placed_at,
      }
    })
    const kept = (await dropSuppressedIdentifiers(container, recorded)).map(
      (row, i) =>
        "orderer" in row
          ? {
              ...row,
              orderer: {
                ...row.orderer,
                ...keptOrderer(
                  { ...row.orderer, email: recorded[i].email },
                  {
                    email: row.email,
                    phone: row.phone,
                    recipient_phone: row.recipient_phone,
                  }
                ),
              },
            }
          : row
    )
    const erasedUsers =
      input.phase === BackfillPhase.USERS
        ? kept.filter((row) => !row.email)
        : []
    const rows = kept
      .filter((row) => !erasedUsers.includes(row))
      .map((row) => planner.read(row))
    const state = await service.loadBackfillState({
      customer_ids: rows.flatMap((row) =>
        "customer_id" in row.row
          ? row.row.customer_id
            ? [row.row.customer_id]
            : []
          : input.phase === BackfillPhase.CUSTOMERS
            ? [row.row.id]
            : []
      ),
      user_ids:
        input.phase === BackfillPhase.USERS
          ? rows.map((row) => row.row.id)
          : [],
      emails: rows.flatMap((row) =>
        row.email ? [row.email.email_normalized] : []
      ),
      phones: rows.flatMap((row) => (row.phone ? [row.phone.phone_e164] : [])),
      order_ids:
        input.phase === BackfillPhase.ORDERS
          ? rows.map((row) => row.row.id)
          : [],
    })
    // Orders are explained by their identities' canonical customers: when
    // they were made, and the names they go by (the phone rule's).
    const canonicalIds =
      input.phase === BackfillPhase.ORDERS
        ? [...new Set(state.links.map((link) => link.canonical_customer_id))]
        : []
    planner.use(state, await loadCustomerNames(container, canonicalIds))
    for (const row of rows) {
      if (input.phase === BackfillPhase.CUSTOMERS) {
        planner.customer(row as ReadRow<BackfillCustomerRow>)
      } else if (input.phase === BackfillPhase.USERS) {
        planner.user(row as ReadRow<BackfillUserRow>)
      } else {
        planner.order(row as ReadRow<BackfillOrderRow>)
      }
    }
    const result = planner.result()
    result.counts.skipped += erasedUsers.length
    return new StepResponse<BackfillBatchPlan>({
      processed: batch.rows.length,
      next_cursor: batch.next_cursor,
      ...result,
    })
  }
)

interface Link {
  canonical_customer_id: string
  has_account: boolean
  user_id: string | null
  has_primary_email: boolean
  has_primary_phone: boolean
}

/** What an order contact says of its orderer and how it was matched. */
const EVIDENCE = [
  "phone",
  "recipient_phone",
  "first_name",
  "last_name",
  "matched_by",
] as const

/** The identity tables as they will be after the rows planned so far. */
class BackfillPlanner {
  protected links_ = new Map<string, Link>()
  protected userLinks_ = new Map<string, string>()
  protected emailOwners_ = new Map<
    string,
    { customer_id: string; is_primary: boolean }
  >()
  protected phoneOwners_ = new Map<string, string>()
  protected contacts_ = new Map<string, BackfillState["order_contacts"][0]>()
  /** When the canonical customers of the batch's orders were made. */
  protected createdAt_ = new Map<string, Date>()
  /** Canonical customer → the names it goes by (its customer's, its orderers'). */
  protected names_ = new Map<string, PersonName[]>()
  /** Folded customer → the customer it was folded into. */
  protected foldedInto_ = new Map<string, string>()
  /** Canonical customers that were in the tables before the batch. */
  protected indexed_ = new Set<string>()
  protected plan_: BackfillPlan = {
    links: [],
    folds: [],
    emails: [],
    phones: [],
    user_links: [],
    order_contacts: [],
    stats_customer_ids: [],
  }
  protected counts_: BackfillCounts = { created: 0, updated: 0, skipped: 0 }
  protected leftovers_: string[] = []

  constructor(protected readonly options_: ResolvedCustomerIdentityOptions) {
    this.read = backfillRowReader(options_.defaultCountry)
  }

  /** Reads a row's identifiers as the live workflows do, dropping unreadable ones. */
  readonly read: ReturnType<typeof backfillRowReader>

  use(
    state: BackfillState,
    customers: ({ id: string; created_at: Date | string } & PersonName)[]
  ) {
    for (const { customer_id, ...name } of state.names) {
      this.namesOf(customer_id).push(name)
    }
    for (const { id, created_at, ...name } of customers) {
      this.namesOf(id).push(name)
      this.createdAt_.set(id, new Date(created_at))
    }
    for (const link of state.links) {
      this.links_.set(link.customer_id, link)
      this.indexed_.add(link.customer_id)
      if (link.user_id) {
        this.userLinks_.set(link.user_id, link.customer_id)
      }
    }
    for (const email of state.emails) {
      this.emailOwners_.set(email.email_normalized, email)
    }
    for (const phone of state.phones) {
      this.phoneOwners_.set(phone.phone_e164, phone.customer_id)
    }
    for (const contact of state.order_contacts) {
      this.contacts_.set(contact.order_id, contact)
    }
  }

  /** As indexCustomerWorkflow: link, fold by email, then attach email and phone. */
  customer({ row, email, phone }: ReadRow<BackfillCustomerRow>) {
    const known = this.links_.has(row.id)
    const own = this.ensureLink(row.id, row.has_account)
    const owner = email && this.emailOwner(email.email_normalized)
    const party = (customer_id: string) => ({
      customer_id,
      has_account: this.link(customer_id).has_account,
    })
    const { canonical_customer_id: canonical, fold } = decideEmailFold(
      party(own),
      owner ? party(owner) : null
    )
    if (fold) {
      this.fold(fold)
    }
    const changed = this.attach(canonical, email, phone) || !!fold || !known
    this.count(known ? (changed ? "updated" : "skipped") : "created")
  }

  /** As linkUserToCustomerWorkflow: the customer owning the user's email. */
  user({ row, email }: ReadRow<BackfillUserRow>) {
    const owner = email && this.emailOwner(email.email_normalized)
    if (!owner && !this.userLinks_.has(row.id)) {
      return this.leftover(row.id)
    }
    const decision = owner
      ? decideUserLink({
          user_id: row.id,
          user_customer_id: this.userLinks_.get(row.id) ?? null,
          customer: { customer_id: owner, user_id: this.link(owner).user_id },
        })
      : { link: "keep" as const }
    // Refused: the live workflow would fail; the backfill leaves it as it is.
    if (decision.link !== "set") {
      return this.count("skipped")
    }
    this.link(owner!).user_id = row.id
    this.userLinks_.set(row.id, owner!)
    this.plan_.user_links.push({ customer_id: owner!, user_id: row.id })
    this.count("created")
  }

  /** As recordOrderContactWorkflow: resolve, attach identifiers, record the contact. */
  order(read: ReadRow<BackfillOrderRow>) {
    const { row, email, phone } = read
    const orderer = read.orderer!
    const holder = (customer_id: string) => ({
      customer_id,
      canonical_customer_id: this.canonical(customer_id),
    })
    const emailOwner = email && this.emailOwners_.get(email.email_normalized)
    const phoneOwner = phone && this.phoneOwners_.get(phone.phone_e164)
    // Every customer was indexed in the customers phase: none is left to look up by email.
    const decision = resolveIdentity(
      {
        customer: row.customer_id
          ? {
              customer_id: row.customer_id,
              canonical_customer_id: this.ensureLink(
                row.customer_id,
                row.has_account
              ),
            }
          : undefined,
        email: email && {
          owner: emailOwner
            ? {
                ...holder(emailOwner.customer_id),
                is_primary: emailOwner.is_primary,
              }
            : null,
          unindexed: null,
        },
        phone: phone && { owner: phoneOwner ? holder(phoneOwner) : null },
      },
      this.options_
    )
    if (!("match" in decision) || !decision.match) {
      return this.leftover(row.id)
    }
    const resolved = decision.match
    this.attach(resolved.canonical_customer_id, email, phone)
    const existing = this.contacts_.get(row.id)
    const { canonical, matched_by } = row.customer_id
      ? this.evidence(
          row,
          orderer,
          resolved.canonical_customer_id,
          existing,
          email,
          phone
        )
      : {
          canonical: resolved.canonical_customer_id,
          // What matched first stays the explanation: the email may have been attached since.
          matched_by: existing?.matched_by ?? resolved.matched_by,
        }
    this.namesOf(canonical).push(orderer)

    const canceledAt = row.canceled_at ? new Date(row.canceled_at) : null
    const contact = {
      order_id: row.id,
      customer_id: row.customer_id,
      canonical_customer_id: canonical,
      email: row.email,
      phone: orderer.phone,
      recipient_phone: orderer.recipient_phone,
      first_name: orderer.first_name,
      last_name: orderer.last_name,
      matched_by,
      placed_at: row.placed_at,
      canceled_at: canceledAt,
    }
    if (
      existing &&
      existing.customer_id === row.customer_id &&
      existing.canonical_customer_id === canonical &&
      sameInstant(existing.canceled_at, canceledAt) &&
      EVIDENCE.every((column) => existing[column] === contact[column])
    ) {
      return this.count("skipped")
    }
    this.plan_.stats_customer_ids.push(canonical)
    if (existing) {
      this.plan_.stats_customer_ids.push(existing.canonical_customer_id)
    }
    this.plan_.order_contacts.push(contact)
    this.count(existing ? "updated" : "created")
  }

  /**
   * As planOrderEvidenceStep: how an order with a customer was recognised,
   * and the phone rule's fold (`explainOrderMatch`, `decidePhoneLink`).
   */
  protected evidence(
    row: BackfillOrderRow,
    orderer: PersonName,
    own: string,
    existing: BackfillState["order_contacts"][0] | undefined,
    email?: ParsedEmail,
    phone?: ParsedPhone
  ): { canonical: string; matched_by: `${MatchedBy}` } {
    const fresh = !row.has_account && !row.has_earlier_order
    const phoneOwner = phone && this.phoneOwners_.get(phone.phone_e164)
    const owner = phoneOwner && this.canonical(phoneOwner)
    const decision =
      // The phone rule is the checkout's: a contact recorded before keeps its identity.
      !existing && owner && owner !== own
        ? decidePhoneLink(
            {
              own: {
                customer_id: own,
                has_account: this.link(own).has_account,
                fresh,
              },
              owner: {
                customer_id: owner,
                has_account: this.link(owner).has_account,
                names: this.namesOf(owner),
              },
              orderer,
            },
            this.options_.phoneMatch
          )
        : { link: "none" as const }
    if (decision.link === "fold") {
      const { target_customer_id, source_customer_ids } = decision.fold!
      this.fold(decision.fold!)
      this.namesOf(target_customer_id).push(
        ...this.namesOf(source_customer_ids[0])
      )
      return {
        canonical: target_customer_id,
        matched_by: row.has_account ? MatchedBy.ACCOUNT : MatchedBy.PHONE,
      }
    }
    if (existing?.matched_by === MatchedBy.PHONE) {
      return { canonical: own, matched_by: MatchedBy.PHONE }
    }
    const emailOwner = email && this.emailOwners_.get(email.email_normalized)
    return {
      canonical: own,
      matched_by: explainOrderMatch({
        customer: {
          customer_id: row.customer_id!,
          canonical_customer_id: own,
          has_account: row.has_account,
          fresh,
          canonical_before_order:
            (this.createdAt_.get(own)?.getTime() ?? Infinity) <
            new Date(row.placed_at).getTime(),
        },
        email_owner: emailOwner
          ? {
              canonical_customer_id: this.canonical(emailOwner.customer_id),
              is_primary: emailOwner.is_primary,
            }
          : null,
      }),
    }
  }

  result(): Omit<BackfillBatchPlan, "processed" | "next_cursor"> {
    const canonical = (id: string) => this.canonical(id)
    const plan = this.plan_
    return {
      plan: {
        ...plan,
        links: plan.links.map((link) => ({
          ...link,
          canonical_customer_id: canonical(link.canonical_customer_id),
        })),
        emails: plan.emails.map((row) => ({
          ...row,
          customer_id: canonical(row.customer_id),
        })),
        phones: plan.phones.map((row) => ({
          ...row,
          customer_id: canonical(row.customer_id),
        })),
        order_contacts: plan.order_contacts.map((row) => ({
          ...row,
          canonical_customer_id: canonical(row.canonical_customer_id),
        })),
        stats_customer_ids: [
          ...new Set(plan.stats_customer_ids.map(canonical)),
          ...plan.folds.flatMap((fold) => fold.source_customer_ids),
        ],
      },
      counts: this.counts_,
      leftover_ids: this.leftovers_,
    }
  }

  /** The customer's canonical customer, its link planned when it has none. */
  protected ensureLink(customerId: string, hasAccount: boolean): string {
    if (!this.links_.has(customerId)) {
      this.links_.set(customerId, {
        canonical_customer_id: customerId,
        has_account: hasAccount,
        user_id: null,
        has_primary_email: false,
        has_primary_phone: false,
      })
      this.plan_.links.push({
        customer_id: customerId,
        canonical_customer_id: customerId,
        has_account: hasAccount,
      })
    }
    return this.canonical(this.links_.get(customerId)!.canonical_customer_id)
  }

  protected namesOf(canonical: string): PersonName[] {
    if (!this.names_.has(canonical)) {
      this.names_.set(canonical, [])
    }
    return this.names_.get(canonical)!
  }

  protected link(customerId: string): Link {
    return this.links_.get(customerId)!
  }

  protected canonical(customerId: string): string {
    let id = customerId
    while (this.foldedInto_.has(id)) {
      id = this.foldedInto_.get(id)!
    }
    return id
  }

  protected emailOwner(emailNormalized: string): string | undefined {
    const owner = this.emailOwners_.get(emailNormalized)
    return owner && this.canonical(owner.customer_id)
  }

  /** Folds a canonical customer into another; rows already in the tables move in the write. */
  protected fold(fold: PlannedFold) {
    const target = fold.target_customer_id
    const source = fold.source_customer_ids[0]
    this.foldedInto_.set(source, target)
    const [from, to] = [this.link(source), this.link(target)]
    to.has_primary_email ||= from.has_primary_email
    to.has_primary_phone ||= from.has_primary_phone
    if (this.indexed_.has(source)) {
      this.plan_.folds.push(fold)
    }
  }

  /** Adds the email and phone nobody owns to the canonical customer; true when one was added. */
  protected attach(
    canonical: string,
    email?: ParsedEmail,
    phone?: ParsedPhone
  ): boolean {
    const link = this.link(canonical)
    let attached = false
    const add = (owner?: string) => decideAttach(canonical, owner) === "add"
    if (
      email &&
      add(this.emailOwners_.get(email.email_normalized)?.customer_id)
    ) {
      this.emailOwners_.set(email.email_normalized, {
        customer_id: canonical,
        is_primary: !link.has_primary_email,
      })
      link.has_primary_email = true
      this.plan_.emails.push({ customer_id: canonical, ...email })
      attached = true
    }
    if (phone && add(this.phoneOwners_.get(phone.phone_e164))) {
      this.phoneOwners_.set(phone.phone_e164, canonical)
      link.has_primary_phone = true
      this.plan_.phones.push({
        customer_id: canonical,
        phone: phone.phone,
        phone_e164: phone.phone_e164,
      })
      attached = true
    }
    return attached
  }

  protected leftover(id: string) {
    this.leftovers_.push(id)
  }

  protected count(kind: keyof BackfillCounts) {
    this.counts_[kind] += 1
  }
}
