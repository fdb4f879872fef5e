/**
 * A flag of `medusa exec <script> -- --name=value --switch` ("true" for a
 * switch), else, with `envPrefix`, the environment's `<PREFIX>_NAME`.
 */
export function execFlags(args: string[], envPrefix?: string) {
  return (name: string): string | undefined => {
    const given = args.find(
      (arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)
    )
    if (given) {
      return given.split("=").slice(1).join("=") || "true"
    }
    return envPrefix
      ? process.env[`${envPrefix}_${name.replace(/-/g, "_").toUpperCase()}`]
      : undefined
  }
}

const BAR_WIDTH = 30

/** A progress line: a bar, the share done, and rows a second and time left since `startedAt` (counting from `doneBefore`). */
export function progressLine(
  done: number,
  total: number,
  { startedAt, doneBefore = 0 }: { startedAt: number; doneBefore?: number }
): string {
  const share = total ? Math.min(done / total, 1) : 1
  const filled = Math.round(share * BAR_WIDTH)
  const rate =
    (done - doneBefore) / Math.max((Date.now() - startedAt) / 1000, 0.001)
  const eta = rate ? Math.max(total - done, 0) / rate : 0
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(1)}% ${done}/${total} · ${rate.toFixed(0)} rows/s · ETA ${eta.toFixed(0)} s`
}
