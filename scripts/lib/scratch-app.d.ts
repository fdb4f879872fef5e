import { ChildProcess } from "child_process"

export const PACKAGE: { name: string; version: string }

export function packPlugin(dir: string, env: NodeJS.ProcessEnv): string

export function scratchApp(
  dir: string,
  options?: { tarball?: string; redis?: boolean }
): string

export function seedScratchApp(
  dir: string,
  env: NodeJS.ProcessEnv,
  fixtureFile: string
): any

export function startScratchApp(options: {
  cwd: string
  port: number
  env: NodeJS.ProcessEnv
  logFile: string
}): Promise<{ child: ChildProcess; stop(): Promise<void> }>
