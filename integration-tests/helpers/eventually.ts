/**
 * Retries an assertion until it passes or the time is up, then throws its
 * last error. Subscribers run after the request that triggered them, on the
 * local and on the Redis event bus alike.
 */
export async function eventually<T>(
  assertion: () => Promise<T>,
  { timeout = 20_000, interval = 200 } = {}
): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      return await assertion()
    } catch (error) {
      if (Date.now() > deadline) {
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  }
}
