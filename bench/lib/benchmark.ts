import { BenchApp } from "./app"

/** One benchmark run by bench/index.ts against the booted app. */
export interface Benchmark {
  /** Its name for `BENCH_ONLY` (e.g. `BENCH_ONLY=lookup,backfill`). */
  id: string
  /** Its section of docs/BENCHMARKS.md: a `##` heading and what it measures, how. */
  section: { heading: string; intro: string }
  /** Runs it and returns its result: a `###` subsection of its section. */
  run(app: BenchApp): Promise<{ heading: string; body: string }>
}
