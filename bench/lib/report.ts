import { execSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"

/** The value below which `p` per cent of the samples fall (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]
}

/** What a reader needs to compare numbers across machines. */
export function machineDescription(): string {
  const cpus = os.cpus()
  const nproc = (() => {
    try {
      return execSync("nproc", { encoding: "utf8" }).trim()
    } catch {
      return String(cpus.length)
    }
  })()
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1)
  return [
    `nproc ${nproc} (${cpus[0]?.model.trim() ?? "unknown CPU"})`,
    `${memoryGiB} GiB memory`,
    `Node ${process.version}`,
    `${os.type()} ${os.release()}`,
  ].join(", ")
}

/** The 1, 5 and 15 minute load averages: other work on the machine skews a run. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ")
}

const levelOf = (line: string) => line.match(/^(#+) /)?.[1].length

/** The index of the first heading after `from` (before `to`) at `level` or higher, else `to`. */
function nextHeading(lines: string[], from: number, to: number, level: number) {
  for (let index = from + 1; index < to; index++) {
    const found = levelOf(lines[index])
    if (found && found <= level) {
      return index
    }
  }
  return to
}

/**
 * Writes one benchmark's result into a Markdown file: the `section` (a `##`
 * heading and its intro) and, inside it, the `subsection` (a `###` heading and
 * its body), replacing them when present and leaving every other section and
 * subsection alone. Creates the file with `title` when missing.
 */
export function writeSection(
  file: string,
  title: string,
  section: { heading: string; intro: string },
  subsection: { heading: string; body: string }
) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : title
  let lines = text.trimEnd().split("\n")

  let start = lines.indexOf(section.heading)
  if (start === -1) {
    lines.push("", section.heading)
    start = lines.length - 1
  }
  let end = nextHeading(lines, start, lines.length, 2)
  // The intro runs up to the first subsection.
  const introEnd = nextHeading(lines, start, end, 6)
  lines = [
    ...lines.slice(0, start + 1),
    "",
    section.intro.trim(),
    "",
    ...lines.slice(introEnd),
  ]
  end = nextHeading(lines, start, lines.length, 2)

  const body = [subsection.heading, "", subsection.body.trim(), ""]
  const subStart = lines.indexOf(subsection.heading, start)
  if (subStart !== -1 && subStart < end) {
    const subEnd = nextHeading(lines, subStart, end, 3)
    lines.splice(subStart, subEnd - subStart, ...body)
  } else {
    const before = lines[end - 1] === "" ? [] : [""]
    lines.splice(end, 0, ...before, ...body)
  }

  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(
    file,
    `${lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd()}\n`
  )
}
