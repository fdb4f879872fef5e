import { MedusaError } from "@medusajs/framework/utils"
import { transform, WorkflowData } from "@medusajs/framework/workflows-sdk"
import { releaseLockStep } from "@medusajs/medusa/core-flows"
import {
  CUSTOMER_LOCK_TIMEOUT,
  CUSTOMER_LOCK_TTL,
  customerLockKeys,
} from "../../../utils/lock-keys"
import { acquireLocksStep, AcquireLocksStepInput } from "../steps/acquire-locks"

export interface LockCustomersStepInput {
  customer_ids: string[]
  owner_id: string
}

/**
 * The name merges, reverts and erasures give `acquireLocksStep` when they
 * lock their customers (`.config({ name: lockCustomersStepId })`).
 */
export const lockCustomersStepId = "lock-customers"
/** The name they give `releaseLockStep` when they let the customers go. */
export const unlockCustomersStepId = "unlock-customers"

/**
 * The `acquireLocksStep` input that makes merges, reverts and erasures
 * touching one customer run one after the other. Unlike `acquireLockStep`,
 * a lock still held by another one after `CUSTOMER_LOCK_TIMEOUT` seconds is
 * a NOT_ALLOWED error that says so, and the keys this call did get are given
 * back at once.
 */
export function customerLocksInput(
  input: LockCustomersStepInput
): AcquireLocksStepInput {
  return {
    keys: customerLockKeys(input.customer_ids),
    owner_id: input.owner_id,
    ttl: CUSTOMER_LOCK_TTL,
    timeout: CUSTOMER_LOCK_TIMEOUT,
    error: {
      type: MedusaError.Types.NOT_ALLOWED,
      message: `Another merge or revert of customer ${input.customer_ids.join(" or ")} is in progress: try again when it has finished`,
    },
  }
}

/**
 * Takes the customers' locks: `acquireLocksStep` with `customerLocksInput`,
 * named `lock-customers`. The plugin's workflows compose those two
 * themselves; this stays for workflows that composed `lockCustomersStep`.
 */
export function lockCustomersStep(input: WorkflowData<LockCustomersStepInput>) {
  return acquireLocksStep(
    transform({ input }, ({ input }) => customerLocksInput(input))
  ).config({ name: lockCustomersStepId })
}

/**
 * Gives back the locks `lockCustomersStep` took: core's `releaseLockStep`,
 * named `unlock-customers`.
 */
export function unlockCustomersStep(
  input: WorkflowData<LockCustomersStepInput>
) {
  return releaseLockStep({
    key: transform({ input }, ({ input }) =>
      customerLockKeys(input.customer_ids)
    ),
    ownerId: input.owner_id,
    executeOnSubWorkflow: true,
  }).config({ name: unlockCustomersStepId })
}
