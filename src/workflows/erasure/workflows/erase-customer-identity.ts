import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  deleteAuthIdentityStep,
  emitEventStep,
  releaseLockStep,
  updateCustomerAddressesStep,
  updateCustomersWorkflow,
} from "@medusajs/medusa/core-flows"
import { randomUUID } from "crypto"
import { CustomerIdentityEvents } from "../../../types/events"
import { BLANK_ADDRESS } from "../../../utils/address-fields"
import { acquireLocksStep } from "../../common/steps/acquire-locks"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { restoreFoldStep } from "../../common/steps/restore-fold"
import {
  customerLocksInput,
  lockCustomersStepId,
  unlockCustomersStepId,
} from "../../common/utils/customer-locks"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { markCustomerMergeRevertedStep } from "../../merge/steps/mark-customer-merge-reverted"
import { createIdentifierSuppressionsStep } from "../steps/create-identifier-suppressions"
import { eraseCartsStep } from "../steps/erase-carts"
import { eraseIdentifierRowsStep } from "../steps/erase-identifier-rows"
import { markCustomerLinksErasedStep } from "../steps/mark-customer-links-erased"
import {
  planCustomerErasureStep,
  PlanCustomerErasureStepInput,
} from "../steps/plan-customer-erasure"
import { planLoginErasureStep } from "../steps/plan-login-erasure"
import { planUnprovenUnfoldStep } from "../steps/plan-unproven-unfold"
import { redactNotificationsStep } from "../steps/redact-notifications"
import { redactOrderChangesStep } from "../steps/redact-order-changes"
import { redactOrdersStep } from "../steps/redact-orders"
import { removeAuthActorStep } from "../steps/remove-auth-actor"

export interface EraseCustomerIdentityWorkflowInput extends PlanCustomerErasureStepInput {
  /** Also remove the person's customer login, so that the email can sign up afresh (an admin user's login stays). */
  erase_login?: boolean
  /** Also blank the email, names, streets and phones on their orders (off by default: tax law keeps invoices). */
  redact_orders?: boolean
}

/** What an erased customer and its addresses keep: nothing that names or reaches the person. */
const ERASED_CUSTOMER = {
  email: null,
  phone: null,
  first_name: null,
  last_name: null,
  company_name: null,
  metadata: null,
}
const ERASED_ADDRESS = { ...BLANK_ADDRESS, address_name: null }

export const eraseCustomerIdentityWorkflowId = "erase-customer-identity"
/**
 * This workflow erases a person (GDPR right to erasure) under a lock on the
 * customer and on its identifiers. First the folds into it that nobody
 * proved (an account's unverified email, a phone) are undone: those guests
 * keep their data and become identities of their own again, since nothing
 * shows they are the person. Then the emails, phones and claims of its
 * identity (and anyone's claims of them) are deleted, its order contacts
 * lose the email and phones typed, the core customers (it and those folded
 * into it) lose email, phone, names, company and metadata through core's
 * `updateCustomersWorkflow`, their addresses and carts (and the carts with
 * their emails) are blanked, the plugin's notifications to them lose
 * recipient and code, and their orders' transfers lose the email they kept.
 * Orders and core customers stay, as the law allows for accounting; with
 * `redact_orders` the orders lose email, names, streets and phones too.
 * Every email and phone no other identity owns is kept as a keyed hash in
 * the suppression list so that old data replayed later (events, backfill)
 * never brings the person back; the identity is archived with `erased_at`
 * and its admin user unlinked. With `erase_login` the customer login goes
 * (only its customer part when an admin user shares it). Emits
 * `customer_identity.customer_erased`.
 *
 * @example
 * await eraseCustomerIdentityWorkflow(container).run({
 *   input: { customer_id: "cus_123" },
 * })
 */
export const eraseCustomerIdentityWorkflow = createWorkflow(
  eraseCustomerIdentityWorkflowId,
  (input: WorkflowData<EraseCustomerIdentityWorkflowInput>) => {
    const customerLocks = transform({ input }, ({ input }) =>
      customerLocksInput({
        customer_ids: [input.customer_id],
        owner_id: randomUUID(),
      })
    )
    acquireLocksStep(customerLocks).config({ name: lockCustomersStepId })
    const unfold = planUnprovenUnfoldStep(input.customer_id)
    when(
      "erasure-undoes-unproven-folds",
      { unfold },
      ({ unfold }) => unfold.merge_ids.length > 0
    ).then(() => {
      restoreFoldStep(transform({ unfold }, ({ unfold }) => unfold.fold))
      markCustomerMergeRevertedStep(
        transform({ unfold }, ({ unfold }) => ({ ids: unfold.merge_ids }))
      )
      recomputeOrderStatsStep(
        transform({ unfold, input }, ({ unfold, input }) => [
          input.customer_id,
          ...unfold.source_customer_ids,
        ])
      )
    })
    const plan = planCustomerErasureStep(input)
    // A concurrent find-or-create waits, then finds the identifiers gone.
    const identifierLocks = transform({ plan }, ({ plan }) => ({
      lock_keys: plan.lock_keys,
      lock_owner: randomUUID(),
    }))
    acquireIdentifierLocks(identifierLocks)

    const customerIds = transform({ plan }, ({ plan }) => plan.customer_ids)
    eraseIdentifierRowsStep(
      transform({ plan }, ({ plan }) => ({
        customer_ids: plan.customer_ids,
        identifiers: plan.identifiers,
      }))
    )
    updateCustomersWorkflow.runAsStep({
      input: transform({ customerIds }, ({ customerIds }) => ({
        selector: { id: customerIds },
        update: ERASED_CUSTOMER,
      })),
    })
    updateCustomerAddressesStep(
      transform({ customerIds }, ({ customerIds }) => ({
        selector: { customer_id: customerIds },
        update: ERASED_ADDRESS,
      }))
    )
    eraseCartsStep(
      transform({ plan }, ({ plan }) => ({
        customer_ids: plan.customer_ids,
        emails: plan.identifiers
          .filter((identifier) => identifier.kind === "email")
          .map((identifier) => identifier.value),
      }))
    )
    redactOrderChangesStep(customerIds)
    redactNotificationsStep(transform({ plan }, ({ plan }) => plan.identifiers))
    when(
      "erasure-redacts-orders",
      { input },
      ({ input }) => !!input.redact_orders
    ).then(() => {
      redactOrdersStep(customerIds)
    })
    const suppressed = createIdentifierSuppressionsStep(
      transform({ plan }, ({ plan }) => ({
        customer_id: plan.canonical_customer_id,
        identifiers: plan.identifiers,
      }))
    )
    markCustomerLinksErasedStep(
      transform({ customerIds, suppressed }, ({ customerIds, suppressed }) => ({
        customer_ids: customerIds,
        erased_at: suppressed.erased_at,
      }))
    )

    // Last: a login deleted is restored by recreating it.
    const logins = when(
      "erasure-erases-login",
      { input },
      ({ input }) => !!input.erase_login
    ).then(() => planLoginErasureStep(customerIds))
    when(
      "erasure-deletes-logins",
      { logins },
      ({ logins }) => !!logins?.delete_ids.length
    ).then(() => {
      deleteAuthIdentityStep({
        id: transform({ logins }, ({ logins }) => logins!.delete_ids),
      })
    })
    when(
      "erasure-unlinks-login",
      { logins },
      ({ logins }) => !!logins?.unlink_id
    ).then(() => {
      removeAuthActorStep(
        transform({ logins }, ({ logins }) => ({
          auth_identity_id: logins!.unlink_id!,
          actor_type: "customer",
        }))
      )
    })

    releaseIdentifierLocks(identifierLocks)
    releaseLockStep({
      key: customerLocks.keys,
      ownerId: customerLocks.owner_id,
      executeOnSubWorkflow: true,
    }).config({ name: unlockCustomersStepId })
    const erased = transform(
      { plan, suppressed, unfold },
      ({ plan, suppressed, unfold }) => ({
        id: plan.canonical_customer_id,
        customer_ids: plan.customer_ids,
        user_id: plan.user_id,
        erased_at: suppressed.erased_at,
        unfolded_customer_ids: unfold.source_customer_ids,
      })
    )
    emitEventStep({
      eventName: CustomerIdentityEvents.CUSTOMER_ERASED,
      data: transform({ erased }, ({ erased }) => ({
        id: erased.id,
        customer_ids: erased.customer_ids,
        unfolded_customer_ids: erased.unfolded_customer_ids,
      })),
    })
    return new WorkflowResponse(erased)
  }
)
