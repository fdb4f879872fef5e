import { BackfillRow } from "../../../core-tables/backfill-batch"
import { OrdererContact } from "../../../policy"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { readOrSkip } from "../../common/utils/read-or-skip"

/** A backfill row with its identifiers read; an order's with its orderer (`ordererContact`). */
export interface ReadRow<T extends BackfillRow = BackfillRow> {
  row: T
  email?: ParsedEmail
  phone?: ParsedPhone
  orderer?: OrdererContact
}

/**
 * Reads backfill rows' identifiers as the live workflows do, dropping
 * unreadable ones: an order's phone is its orderer's, read in the orderer's
 * country, anything else's in `defaultCountry`. A batch repeats phones, so
 * the reader reads each once; make one per batch.
 */
export function backfillRowReader(defaultCountry: string | undefined) {
  const phones = new Map<string, ParsedPhone | undefined>()
  const readPhone = (typed: string, region: string | undefined) => {
    const key = `${typed}|${region ?? ""}`
    if (!phones.has(key)) {
      phones.set(
        key,
        readOrSkip(
          () => ({ ...parsePhone(typed, region), country_code: region }),
          true
        )
      )
    }
    return phones.get(key)
  }
  return <T extends BackfillRow>(
    row: T & { orderer?: OrdererContact }
  ): ReadRow<T> => {
    const orderer = row.orderer
    const typed = orderer ? orderer.phone : "phone" in row ? row.phone : null
    const region = orderer?.country_code || defaultCountry
    return {
      row,
      orderer,
      email: row.email
        ? readOrSkip(() => parseEmail(row.email), true)
        : undefined,
      phone: typed ? readPhone(typed, region) : undefined,
    }
  }
}
