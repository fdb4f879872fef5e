import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BackfillCustomerRow,
  BackfillOrderRow,
  BackfillRow,
  BackfillUserRow,
  loadBackfillBatch,
  LoadBackfillBatchInput,
} from "../../../core-tables/backfill-batch"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  decideAttach,
  decideEmailFold,
  decideUserLink,
  resolveIdentity,
} from "../../../policy"
import {
  BackfillPhase,
  CUSTOMER_IDENTITY_MODULE,
} from "../../../types/constants"
import { BackfillPlan, BackfillState } from "../../../types/module"
import { ResolvedCustomerIdentityOptions } from "../../../types/options"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { readOrSkip } from "../../common/utils/read-or-skip"
import { sameInstant } from "../../common/utils/same-instant"
import { dropSuppressedIdentifiers } from "../../common/utils/suppression"

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
 * This step decides what a backfill batch writes, as the live workflows
 * would for the rows in id order, by the same identity policy
 * (`src/policy`): indexCustomerWorkflow for customers (`decideEmailFold`,
 * `decideAttach`), linkUserToCustomerWorkflow for admin users
 * (`decideUserLink`), recordOrderContactWorkflow for orders
 * (`resolveIdentity`, `decideAttach`). It reads the batch after the cursor
 * (`loadBackfillBatch`) and the identity tables once per batch, keeps them as
 * they will be after the rows planned so far, and writes nothing.
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
      this.fold(fold.target_customer_id, fold.source_customer_ids[0])
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
  order({ row, email, phone }: ReadRow<BackfillOrderRow>) {
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
    const canonical = resolved.canonical_customer_id
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
