import { ChildProcess, StdioOptions } from "child_process"

export const ADMIN: { email: string; password: string }

/** The repository's root. */
export const ROOT: string

export function medusa(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions,
  cwd?: string
): void

export function prepareDemoDatabase(
  env: NodeJS.ProcessEnv,
  options?: { stdio?: StdioOptions }
): Promise<void>

export function startDemoServer(
  env: NodeJS.ProcessEnv,
  options?: { args?: string[]; stdio?: StdioOptions }
): { server: ChildProcess; exited: Promise<unknown>; stop(): Promise<void> }
