import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  BackfillPhase,
  CUSTOMER_IDENTITY_MODULE,
  MatchedBy,
  MatchIdentifier,
  PhoneMatchMode,
} from "../../../types/constants"
import { BackfillPlan, BackfillState } from "../../../types/module"
import { ResolvedCustomerIdentityOptions } from "../../../types/options"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import {
  BackfillCustomerRow,
  BackfillOrderRow,
  BackfillRow,
  BackfillUserRow,
  loadBackfillBatch,
  LoadBackfillBatchInput,
} from "./load-backfill-batch"
import { readOrSkip } from "./prepare-identity-input"
import { dropSuppressedIdentifiers } from "../utils/suppression"
import { sameInstant } from "./upsert-order-contact"

export type PlanBackfillBatchStepInput = LoadBackfillBatchInput

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
 * This step decides what a backfill batch writes, by the rules of the live
 * workflows applied to the rows in id order: indexCustomerWorkflow for
 * customers (a registered account wins over guests holding its email; of two
 * guests the first stays canonical; two accounts are never folded),
 * linkUserToCustomerWorkflow for admin users, recordOrderContactWorkflow for
 * orders (the order's customer, else its identifiers in `matchOrder` order).
 * It reads the batch after the cursor (`loadBackfillBatch`) and the identity
 * tables once per batch, and writes nothing.
 */
export const planBackfillBatchStep = createStep(
  planBackfillBatchStepId,
  async (load: PlanBackfillBatchStepInput, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const batch = await loadBackfillBatch(container, load)
    const input = { phase: load.phase, rows: batch.rows }
    const options = await service.getOptions()
    const planner = new BackfillPlanner(options)
    // Old rows never bring back an erased email or phone; a user whose email was erased stays unlinked.
    const kept = await dropSuppressedIdentifiers(
      container,
      input.rows.map((row) => ({
        ...row,
        recorded_at: "placed_at" in row ? row.placed_at : row.created_at,
      }))
    )
    const erasedUsers =
      input.phase === BackfillPhase.USERS
        ? kept.filter((row) => !row.email)
        : []
    const rows = kept
      .filter((row) => !erasedUsers.includes(row))
      .map((row) => planner.read(row))
    planner.use(
      await service.loadBackfillState({
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
        phones: rows.flatMap((row) =>
          row.phone ? [row.phone.phone_e164] : []
        ),
        order_ids:
          input.phase === BackfillPhase.ORDERS
            ? rows.map((row) => row.row.id)
            : [],
      })
    )
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

interface ReadRow<T extends BackfillRow = BackfillRow> {
  row: T
  email?: ParsedEmail
  phone?: ParsedPhone
}

interface Link {
  canonical_customer_id: string
  has_account: boolean
  user_id: string | null
  has_primary_email: boolean
  has_primary_phone: boolean
}

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

  constructor(protected readonly options_: ResolvedCustomerIdentityOptions) {}

  /** Reads a row's identifiers as the live workflows do, dropping unreadable ones. */
  read<T extends BackfillRow>(row: T): ReadRow<T> {
    const region =
      ("country_code" in row && row.country_code) ||
      this.options_.defaultCountry
    return {
      row,
      email: row.email
        ? readOrSkip(() => parseEmail(row.email), true)
        : undefined,
      phone:
        "phone" in row && row.phone
          ? readOrSkip(
              () => ({
                ...parsePhone(row.phone, region),
                country_code: region,
              }),
              true
            )
          : undefined,
    }
  }

  use(state: BackfillState) {
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
    let canonical = this.ensureLink(row.id, row.has_account)
    let changed = !known
    const owner = email && this.emailOwner(email.email_normalized)
    if (owner && owner !== canonical) {
      const ownAccount = this.link(canonical).has_account
      const ownerAccount = this.link(owner).has_account
      if (!ownAccount || !ownerAccount) {
        const [target, source] =
          ownAccount && !ownerAccount ? [canonical, owner] : [owner, canonical]
        this.fold(target, source)
        canonical = target
        changed = true
      }
    }
    changed = this.attach(canonical, email, phone) || changed
    this.count(known ? (changed ? "updated" : "skipped") : "created")
  }

  /** As linkUserToCustomerWorkflow: the customer owning the user's email. */
  user({ row, email }: ReadRow<BackfillUserRow>) {
    if (this.userLinks_.has(row.id)) {
      return this.count("skipped")
    }
    const owner = email && this.emailOwner(email.email_normalized)
    if (!owner) {
      return this.leftover(row.id)
    }
    // The live workflow refuses a customer linked to another user: left as it is.
    if (this.link(owner).user_id) {
      return this.count("skipped")
    }
    this.link(owner).user_id = row.id
    this.userLinks_.set(row.id, owner)
    this.plan_.user_links.push({ customer_id: owner, user_id: row.id })
    this.count("created")
  }

  /** As recordOrderContactWorkflow: resolve, attach identifiers, record the contact. */
  order({ row, email, phone }: ReadRow<BackfillOrderRow>) {
    const resolved = row.customer_id
      ? {
          canonical: this.ensureLink(row.customer_id, row.has_account),
          matched_by: MatchedBy.CUSTOMER,
        }
      : this.resolve(email, phone)
    if (!resolved) {
      return this.leftover(row.id)
    }
    const canonical = resolved.canonical
    this.attach(canonical, email, phone)

    const existing = this.contacts_.get(row.id)
    const canceledAt = row.canceled_at ? new Date(row.canceled_at) : null
    if (
      existing &&
      existing.customer_id === row.customer_id &&
      existing.canonical_customer_id === canonical &&
      sameInstant(existing.canceled_at, canceledAt)
    ) {
      return this.count("skipped")
    }
    this.plan_.stats_customer_ids.push(canonical)
    if (existing) {
      this.plan_.stats_customer_ids.push(existing.canonical_customer_id)
    }
    this.plan_.order_contacts.push({
      order_id: row.id,
      customer_id: row.customer_id,
      canonical_customer_id: canonical,
      email: row.email,
      phone: row.phone,
      matched_by: resolved.matched_by,
      placed_at: row.placed_at,
      canceled_at: canceledAt,
    })
    this.count(existing ? "updated" : "created")
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

  protected resolve(email?: ParsedEmail, phone?: ParsedPhone) {
    for (const identifier of this.options_.matchOrder) {
      if (identifier === MatchIdentifier.EMAIL && email) {
        const owner = this.emailOwners_.get(email.email_normalized)
        if (owner) {
          return {
            canonical: this.canonical(owner.customer_id),
            matched_by: owner.is_primary
              ? MatchedBy.EMAIL
              : MatchedBy.SECONDARY_EMAIL,
          }
        }
      }
      if (
        identifier === MatchIdentifier.PHONE &&
        phone &&
        this.options_.phoneMatch === PhoneMatchMode.AUTO
      ) {
        const owner = this.phoneOwners_.get(phone.phone_e164)
        if (owner) {
          return {
            canonical: this.canonical(owner),
            matched_by: MatchedBy.PHONE,
          }
        }
      }
    }
    return null
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
  protected fold(target: string, source: string) {
    this.foldedInto_.set(source, target)
    const [from, to] = [this.link(source), this.link(target)]
    to.has_primary_email ||= from.has_primary_email
    to.has_primary_phone ||= from.has_primary_phone
    if (this.indexed_.has(source)) {
      this.plan_.folds.push({
        target_customer_id: target,
        source_customer_ids: [source],
      })
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
    if (email && !this.emailOwners_.has(email.email_normalized)) {
      this.emailOwners_.set(email.email_normalized, {
        customer_id: canonical,
        is_primary: !link.has_primary_email,
      })
      link.has_primary_email = true
      this.plan_.emails.push({ customer_id: canonical, ...email })
      attached = true
    }
    if (phone && !this.phoneOwners_.has(phone.phone_e164)) {
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
