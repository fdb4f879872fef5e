/** Escapes LIKE wildcards, so that `_` in an email matches only `_`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}
