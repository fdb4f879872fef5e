import { performance } from "perf_hooks"
import v8 from "v8"
import vm from "vm"
import { percentile } from "./report"

/** Polls `check` until it holds; throws after 15 s. */
export async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 15_000
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** How long `work` took, in milliseconds. */
export async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

export const ms = (value: number) =>
  `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`

export const p50p99 = (samples: number[]) => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
})

v8.setFlagsFromString("--expose-gc")
const collectGarbage: () => void = vm.runInNewContext("gc")

/** The JavaScript heap still in use after a full collection: what the process retains. */
export function liveHeap(): number {
  collectGarbage()
  return process.memoryUsage().heapUsed
}

/**
 * Samples the process's resident set size every 50 ms while `work` runs:
 * its peak, and the size before, as the baseline it grew from. The peak is
 * mostly garbage not yet collected (V8 lets the heap grow before a full
 * collection); what the work retains is `liveHeap()` after it.
 */
export async function peakRss<T>(
  work: () => Promise<T>
): Promise<{ result: T; before: number; peak: number }> {
  const before = process.memoryUsage().rss
  let peak = before
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  const timer = setInterval(sample, 50)
  try {
    const result = await work()
    sample()
    return { result, before, peak }
  } finally {
    clearInterval(timer)
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`
