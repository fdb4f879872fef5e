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
  /**
   * The error raised when the locks are not all taken in time.
   *
   * @defaultValue a CONFLICT naming the keys: "Another change to … did not finish within N seconds: try again"
   */
  error?: {
    type: (typeof MedusaError.Types)[keyof typeof MedusaError.Types]
    message: string
  }
}

export const acquireLocksStepId = "acquire-locks"
/**
 * This step takes locks one after the other (see `acquireLocksInOrder`),
 * also inside a nested workflow, where a call with its parent's owner holds
 * what its parent holds. Unlike `acquireLockStep`, callers with overlapping
 * keys never hold one each and wait for the other. Locks not taken within
 * `timeout` raise `error` (by default a CONFLICT naming the keys), and the
 * keys this call did get are given back at once.
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
        input.error?.type ?? MedusaError.Types.CONFLICT,
        input.error?.message ??
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
