import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLocksInOrder } from "../../../utils/acquire-locks"

export interface AcquireLocksStepInput {
  /** Sorted, so that callers with overlapping keys take them in one order. */
  keys: string[]
  owner_id: string
  /** Seconds a lock is held at most. */
  ttl: number
  /** Seconds to wait for the locks. */
  timeout: number
}

export const acquireLocksStepId = "acquire-locks"
/**
 * This step takes locks one after the other (see `acquireLocksInOrder`),
 * also inside a nested workflow, where a call with its parent's owner holds
 * what its parent holds. Unlike `acquireLockStep`, callers with overlapping
 * keys never hold one each and wait for the other.
 */
export const acquireLocksStep = createStep(
  acquireLocksStepId,
  async (input: AcquireLocksStepInput, { container }) => {
    const acquired = await acquireLocksInOrder(
      container.resolve(Modules.LOCKING),
      input.keys,
      { ownerId: input.owner_id, expire: input.ttl, timeout: input.timeout }
    )
    if (!acquired) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Another change to ${input.keys.join(", ")} did not finish within ${input.timeout} seconds: try again`
      )
    }
    return new StepResponse(input.keys, {
      keys: input.keys,
      owner_id: input.owner_id,
    })
  },
  async (held, { container }) => {
    if (!held?.keys.length) {
      return
    }
    await container
      .resolve(Modules.LOCKING)
      .release(held.keys, { ownerId: held.owner_id })
  }
)
