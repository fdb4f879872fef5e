import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { ILockingModule } from "@medusajs/framework/types"
import { setTimeout } from "timers/promises"
import { acquireLocksInOrder } from "./acquire-locks"

describe("acquireLocksInOrder", () => {
  let locking: ILockingModule
  const keys = ["key:a", "key:b", "key:c"]

  beforeEach(() => {
    locking = new InMemoryLockingProvider() as unknown as ILockingModule
  })

  it("should let callers with overlapping keys in one after the other", async () => {
    const log: string[] = []
    const caller = async (owner: string, own: string[]) => {
      const acquired = await acquireLocksInOrder(locking, own, {
        ownerId: owner,
        expire: 10,
        timeout: 10,
      })
      log.push(`${owner} in`)
      await setTimeout(30)
      log.push(`${owner} out`)
      await locking.release(own, { ownerId: owner })
      return acquired
    }

    const results = await Promise.all([
      caller("first", keys),
      caller("second", ["key:b", "key:c"]),
      caller("third", ["key:a", "key:c"]),
    ])

    expect(results).toEqual([true, true, true])
    // Never two inside at once: every "in" is followed by its own "out".
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i + 1]).toBe(log[i].replace(" in", " out"))
    }
  })

  it("should give back the keys it took when the time is up, and only those", async () => {
    await locking.acquire("key:b", { ownerId: "holder", expire: 10 })

    const acquired = await acquireLocksInOrder(locking, keys, {
      ownerId: "waiter",
      expire: 10,
      timeout: 1,
    })

    expect(acquired).toBe(false)
    // key:a, which it had taken, is free; key:b is still the holder's; key:c was never taken.
    await expect(
      locking.acquire(["key:a", "key:c"], { ownerId: "next", expire: 10 })
    ).resolves.toBeUndefined()
    await expect(
      locking.acquire("key:b", { ownerId: "next", expire: 10 })
    ).rejects.toThrow('Failed to acquire lock for key "key:b"')
  })

  it("should hold keys its owner already holds, as a nested workflow does", async () => {
    await locking.acquire("key:a", { ownerId: "parent", expire: 10 })

    await expect(
      acquireLocksInOrder(locking, keys, {
        ownerId: "parent",
        expire: 10,
        timeout: 1,
      })
    ).resolves.toBe(true)
  })
})
