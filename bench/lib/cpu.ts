// CPU time from /proc (Linux): what the apps and the database spent during a
// benchmark window, and how busy the machine was.
import fs from "fs"

// USER_HZ: the unit of /proc's CPU times on every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100

export interface CpuSample {
  /** CPU seconds by process id, of the given processes. */
  apps: Map<number, number>
  /** CPU seconds by process id, of every process named `postgres`. */
  postgres: Map<number, number>
  /** Jiffies of the whole machine: all, and idle (idle + iowait). */
  machine: { total: number; idle: number }
}

export interface CpuUse {
  /** CPU seconds the given processes spent. */
  apps: number
  /** CPU seconds Postgres's processes spent (backends that ended meanwhile not counted). */
  postgres: number
  /** The share of the machine's CPU time that was busy, 0 to 1. */
  busy: number
}

/** utime + stime of a process in seconds; undefined once it has gone. */
function processSeconds(
  pid: number
): { name: string; seconds: number } | undefined {
  let stat: string
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  } catch {
    return undefined
  }
  // The name is in parentheses and may hold spaces; fields count from after it.
  const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return {
    name,
    seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  }
}

export function sampleCpu(pids: number[]): CpuSample {
  const apps = new Map<number, number>()
  for (const pid of pids) {
    apps.set(pid, processSeconds(pid)?.seconds ?? 0)
  }
  const postgres = new Map<number, number>()
  for (const entry of fs.readdirSync("/proc")) {
    if (/^\d+$/.test(entry)) {
      const process = processSeconds(Number(entry))
      if (process?.name === "postgres") {
        postgres.set(Number(entry), process.seconds)
      }
    }
  }
  const [, ...jiffies] = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .map(Number)
  return {
    apps,
    postgres,
    machine: {
      total: jiffies.reduce((sum, value) => sum + value, 0),
      idle: jiffies[3] + jiffies[4],
    },
  }
}

/** What was spent between two samples. */
export function cpuBetween(start: CpuSample, end: CpuSample): CpuUse {
  const spent = (from: Map<number, number>, to: Map<number, number>) =>
    [...to].reduce(
      (sum, [pid, seconds]) => sum + seconds - (from.get(pid) ?? 0),
      0
    )
  const total = end.machine.total - start.machine.total
  return {
    apps: spent(start.apps, end.apps),
    postgres: spent(start.postgres, end.postgres),
    busy: total ? 1 - (end.machine.idle - start.machine.idle) / total : 0,
  }
}
