import { Client } from "pg"

export interface PostgresConfig {
  host: string
  port: number
  user: string
  password: string
}

export function withClient<T>(
  config: PostgresConfig,
  database: string,
  work: (client: Client) => Promise<T>
): Promise<T>

export function createDatabase(
  config: PostgresConfig,
  database: string
): Promise<void>

export function ensurePostgres(options: {
  dataDir: string
  persistent: boolean
  useConfigured?: boolean
  log?: (message: string) => void
}): Promise<{
  config: PostgresConfig
  embedded: boolean
  stop: () => Promise<void>
}>

export function databaseUrl(config: PostgresConfig, database: string): string
