import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { IdentitySource } from "../../../types/constants"
import { ensureCustomerLinksStep } from "../../common/steps/ensure-customer-links"
import { recomputeOrderStatsStep } from "../../common/steps/recompute-order-stats"
import { foldIdentities } from "../../common/utils/fold-identities"
import {
  acquireIdentifierLocks,
  releaseIdentifierLocks,
} from "../../common/utils/identifier-locks"
import { attachCustomerIdentifiersStep } from "../steps/attach-customer-identifiers"
import { dropSuppressedIdentifiersStep } from "../steps/drop-suppressed-identifiers"
import { planCustomerFoldStep } from "../steps/plan-customer-fold"
import { prepareIdentityInputStep } from "../steps/prepare-identity-input"

export interface IndexCustomerWorkflowInput {
  customer_id: string
  /** Make core's email and phone the primary ones: core changed them (customer.updated). */
  sync_primary?: boolean
}

export const indexCustomerWorkflowId = "index-customer-identity"
/**
 * This workflow brings a core customer into the identity tables: its link,
 * and its email and phone when nobody owns them yet. When its email already
 * belongs to another customer, the two are folded: a registered account
 * becomes canonical over a guest (the guest's emails, phones and orders count
 * for the account), and a new guest folds into the customer that owned the
 * email first. Running it again changes nothing.
 */
export const indexCustomerWorkflow = createWorkflow(
  indexCustomerWorkflowId,
  (input: WorkflowData<IndexCustomerWorkflowInput>) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email", "phone", "has_account", "created_at"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "get-customer" })

    // A customer made before its email or phone was erased does not bring it back.
    const kept = dropSuppressedIdentifiersStep(
      transform({ customers }, ({ customers }) => ({
        email: customers[0].email,
        phone: customers[0].phone,
        recorded_at: customers[0].created_at as Date,
      }))
    )

    const identityInput = transform(
      { customers, kept },
      ({ customers, kept }) => ({
        customer_id: customers[0].id,
        email: kept.email,
        phone: kept.phone,
        source: customers[0].has_account
          ? IdentitySource.REGISTRATION
          : IdentitySource.CHECKOUT,
        ignore_invalid_identifiers: true,
      })
    )
    const prepared = prepareIdentityInputStep(identityInput)
    acquireIdentifierLocks(prepared)
    // Again under the locks: an erasure that committed after the first read
    // (it takes the same locks) has suppressed them by now.
    const locked = dropSuppressedIdentifiersStep(
      transform({ customers, prepared }, ({ customers, prepared }) => ({
        email: prepared.email?.email,
        phone: prepared.phone?.phone,
        country_code: prepared.phone?.country_code,
        recorded_at: customers[0].created_at as Date,
      }))
    ).config({ name: "drop-suppressed-identifiers-under-lock" })

    const links = transform({ prepared }, ({ prepared }) => [
      { customer_id: prepared.customer_id!, source: prepared.source },
    ])
    ensureCustomerLinksStep(links)

    const planInput = transform(
      { prepared, locked },
      ({ prepared, locked }) => ({
        customer_id: prepared.customer_id!,
        email_normalized: locked.email
          ? prepared.email?.email_normalized
          : undefined,
      })
    )
    const plan = planCustomerFoldStep(planInput)

    when("identities-to-fold", { plan }, ({ plan }) => !!plan.fold).then(() => {
      const fold = transform({ plan }, ({ plan }) => plan.fold!)
      foldIdentities(fold)
      const touched = transform({ fold }, ({ fold }) => [
        fold.target_customer_id,
        ...fold.source_customer_ids,
      ])
      recomputeOrderStatsStep(touched)
    })

    const identifiers = transform(
      { prepared, locked, plan, input },
      ({ prepared, locked, plan, input }) => ({
        customer_id: plan.canonical_customer_id,
        email: locked.email ? prepared.email : undefined,
        phone: locked.phone ? prepared.phone : undefined,
        source: prepared.source,
        // Not on creation: by then the merchant may already have picked another primary.
        make_primary:
          !!input.sync_primary &&
          plan.canonical_customer_id === prepared.customer_id,
      })
    )
    attachCustomerIdentifiersStep(identifiers)

    releaseIdentifierLocks(prepared)

    return new WorkflowResponse(plan)
  }
)
