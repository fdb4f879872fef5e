import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLocksInOrder } from "../../../utils/acquire-locks"
import {
  CUSTOMER_LOCK_TIMEOUT,
  CUSTOMER_LOCK_TTL,
  customerLockKeys,
} from "../../../utils/lock-keys"

export interface LockCustomersStepInput {
  customer_ids: string[]
  owner_id: string
}

export const lockCustomersStepId = "lock-customers"
/**
 * This step takes the locks that make merges and reverts touching one
 * customer run one after the other. Unlike `acquireLockStep`, a lock still
 * held by another merge after a few seconds is a NOT_ALLOWED error that says
 * so, and the keys this call did get are given back at once.
 */
export const lockCustomersStep = createStep(
  lockCustomersStepId,
  async (input: LockCustomersStepInput, { container }) => {
    const keys = customerLockKeys(input.customer_ids)
    const acquired = await acquireLocksInOrder(
      container.resolve(Modules.LOCKING),
      keys,
      {
        ownerId: input.owner_id,
        expire: CUSTOMER_LOCK_TTL,
        timeout: CUSTOMER_LOCK_TIMEOUT,
      }
    )
    if (!acquired) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Another merge or revert of customer ${input.customer_ids.join(" or ")} is in progress: try again when it has finished`
      )
    }
    return new StepResponse(keys, { keys, owner_id: input.owner_id })
  },
  async (held, { container }) => {
    if (!held) {
      return
    }
    await container
      .resolve(Modules.LOCKING)
      .release(held.keys, { ownerId: held.owner_id })
  }
)

export const unlockCustomersStepId = "unlock-customers"
/** This step gives back the locks `lockCustomersStep` took. */
export const unlockCustomersStep = createStep(
  unlockCustomersStepId,
  async (input: LockCustomersStepInput, { container }) => {
    await container
      .resolve(Modules.LOCKING)
      .release(customerLockKeys(input.customer_ids), {
        ownerId: input.owner_id,
      })
    return new StepResponse(void 0)
  }
)
