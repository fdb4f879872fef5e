import { ILockingModule } from "@medusajs/framework/types"
import { setTimeout } from "timers/promises"

const RETRY_INTERVAL_MS = 100

/**
 * Takes `keys` one at a time, in the order given, retrying each until
 * `timeout` seconds have passed; gives back what it took and resolves `false`
 * when they have. Medusa's Redis provider takes several keys at once and keeps
 * those it got when another is held, so two callers with overlapping keys can
 * each hold one and wait for the other until both time out. Callers that take
 * sorted keys one by one never wait on each other that way.
 */
export async function acquireLocksInOrder(
  locking: ILockingModule,
  keys: string[],
  {
    ownerId,
    expire,
    timeout,
  }: { ownerId: string; expire: number; timeout: number }
): Promise<boolean> {
  const deadline = Date.now() + timeout * 1000
  for (const key of keys) {
    for (;;) {
      try {
        await locking.acquire(key, { ownerId, expire })
        break
      } catch {
        if (Date.now() >= deadline) {
          await locking.release(keys, { ownerId })
          return false
        }
        // Jitter keeps waiters on one key from polling in lockstep.
        await setTimeout(RETRY_INTERVAL_MS * (0.5 + Math.random()))
      }
    }
  }
  return true
}
