import { BenchApp } from "./app"

type Result = { heading: string; body: string }

/**
 * One benchmark run by bench/index.ts: against the app it boots, or
 * (`standalone`) against app processes the benchmark starts itself.
 */
export type Benchmark = {
  /** Its name for `BENCH_ONLY` (e.g. `BENCH_ONLY=lookup,backfill`). */
  id: string
  /** Its section of docs/BENCHMARKS.md: a `##` heading and what it measures, how. */
  section: { heading: string; intro: string }
} & (
  | {
      standalone?: false
      /** Runs it and returns its result: a `###` subsection of its section. */
      run(app: BenchApp): Promise<Result>
    }
  | { standalone: true; run(): Promise<Result> }
)
