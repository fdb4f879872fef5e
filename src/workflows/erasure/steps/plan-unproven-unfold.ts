import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  CUSTOMER_IDENTITY_MODULE,
  MergeStatus,
  UNPROVEN_EVIDENCE,
} from "../../../types/constants"
import { FoldJournal, MergeJournal } from "../../../types/module"

export interface UnprovenUnfoldPlan {
  /** The merges recording the unproven folds into the customer. */
  merge_ids: string[]
  /** The identities they folded in, which get their own rows back. */
  source_customer_ids: string[]
  /** What goes back to them: the folds' rows still on the customer, and their customers' later order contacts. */
  fold: FoldJournal
}

export const planUnprovenUnfoldStepId = "plan-unproven-unfold"
/**
 * This step works out, under the customer's lock, how an erasure undoes the
 * folds into it that nobody proved (`account_email`, `phone`): their
 * journals' rows that are still on the customer go back to the identity they
 * came from, and so do the order contacts of its customers recorded since.
 * Rows moved or removed since stay where they are.
 */
export const planUnprovenUnfoldStep = createStep(
  planUnprovenUnfoldStepId,
  async (customerId: string, { container }) => {
    const service: CustomerIdentityModuleService = container.resolve(
      CUSTOMER_IDENTITY_MODULE
    )
    const merges = await service.listCustomerMerges(
      {
        target_customer_id: customerId,
        status: MergeStatus.MERGED,
        evidence: [...UNPROVEN_EVIDENCE],
        proven_at: null,
      },
      { select: ["id", "source_customer_id", "journal"] }
    )
    const folds = merges.map(
      (merge) => (merge.journal as unknown as MergeJournal).fold
    )
    const journaled: Omit<FoldJournal, "target_customer_id"> = {
      links: folds.flatMap((fold) => fold.links),
      emails: folds.flatMap((fold) => fold.emails),
      phones: folds.flatMap((fold) => fold.phones),
      order_contacts: folds.flatMap((fold) => fold.order_contacts),
    }
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id)
    const byIds = <T>(rows: { id: string }[], list: () => Promise<T[]>) =>
      rows.length ? list() : Promise.resolve([] as T[])
    const [links, emails, phones, contacts] = await Promise.all([
      byIds(journaled.links, () =>
        service.listCustomerLinks(
          { id: ids(journaled.links) },
          { select: ["id", "customer_id", "canonical_customer_id"] }
        )
      ),
      byIds(journaled.emails, () =>
        service.listCustomerEmails(
          { id: ids(journaled.emails) },
          { select: ["id", "customer_id"] }
        )
      ),
      byIds(journaled.phones, () =>
        service.listCustomerPhones(
          { id: ids(journaled.phones) },
          { select: ["id", "customer_id"] }
        )
      ),
      byIds(merges, () =>
        service.listOrderContacts(
          { canonical_customer_id: customerId },
          { select: ["id", "customer_id"] }
        )
      ),
    ])
    const here = <T extends { id: string }>(
      rows: T[],
      current: { id: string }[]
    ): T[] => {
      const present = new Set(ids(current))
      return rows.filter((row) => present.has(row.id))
    }
    const linksBack = here(
      journaled.links,
      links.filter((link) => link.canonical_customer_id === customerId)
    )
    // The identity each core customer goes back to, for its contacts recorded since.
    const backTo = new Map(
      linksBack.map((row) => [
        links.find((link) => link.id === row.id)!.customer_id,
        row.canonical_customer_id,
      ])
    )
    const known = new Set(ids(journaled.order_contacts))
    const now = new Date().toISOString()
    const later = contacts
      .filter(
        (contact) =>
          !known.has(contact.id) &&
          !!contact.customer_id &&
          backTo.has(contact.customer_id)
      )
      .map((contact) => ({
        id: contact.id,
        canonical_customer_id: backTo.get(contact.customer_id!)!,
        updated_at: now,
      }))
    const mine = (rows: { id: string; customer_id: string }[]) =>
      rows.filter((row) => row.customer_id === customerId)

    return new StepResponse<UnprovenUnfoldPlan>({
      merge_ids: ids(merges),
      source_customer_ids: merges.map((merge) => merge.source_customer_id),
      fold: {
        target_customer_id: customerId,
        links: linksBack,
        emails: here(journaled.emails, mine(emails)),
        phones: here(journaled.phones, mine(phones)),
        order_contacts: [...here(journaled.order_contacts, contacts), ...later],
      },
    })
  }
)
