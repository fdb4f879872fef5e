export const DEFAULT_REDIS_URL: string
export function redisAnswers(url: string): Promise<boolean>
export function testKeyPrefix(suite: string): string
export function deleteKeysWithPrefix(
  url: string,
  prefix: string
): Promise<number>
