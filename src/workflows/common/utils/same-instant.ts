/** Whether two timestamps, as Dates or strings, are the same instant (both null included). */
export function sameInstant(a: Date | string | null, b: Date | string | null) {
  return (
    (a ? new Date(a).getTime() : null) === (b ? new Date(b).getTime() : null)
  )
}
