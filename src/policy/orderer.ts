/** A person's name as typed on an address or a customer. */
export interface PersonName {
  first_name?: string | null
  last_name?: string | null
}

/** An order address as the orderer rule reads it. */
export interface OrderAddressFacts extends PersonName {
  phone?: string | null
  country_code?: string | null
}

export interface OrdererFacts {
  billing: OrderAddressFacts | null
  shipping: OrderAddressFacts | null
  /** The phone of the order's core customer itself (an account's profile phone). */
  customer_phone?: string | null
}

/** Who placed an order, as far as its addresses tell. */
export interface OrdererContact {
  /** The orderer's phone as typed, and the country it is read in. */
  phone: string | null
  country_code: string | null
  /** A phone found only on the shipping address under another name: the recipient's, evidence of nothing. */
  recipient_phone: string | null
  first_name: string | null
  last_name: string | null
}

const present = (value: string | null | undefined): string | null =>
  value?.trim() ? value : null

/** Case, diacritics, punctuation and spaces folded away: "Zoë-Ann" and "zoe ann" are one name. */
export function foldName(value: string | null | undefined): string {
  return (value ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "")
}

/**
 * Whether two names are one person's: the same last name and the same first
 * name once folded (see `foldName`). A missing name, or a first name that is
 * an initial alone, never agrees: "J. Smith" could be anyone of that family.
 */
export function namesAgree(a: PersonName, b: PersonName): boolean {
  const [firstA, firstB] = [foldName(a.first_name), foldName(b.first_name)]
  const [lastA, lastB] = [foldName(a.last_name), foldName(b.last_name)]
  return (
    firstA.length > 1 &&
    firstA === firstB &&
    lastA.length > 0 &&
    lastA === lastB
  )
}

/**
 * The orderer of an order and their phone. The orderer's name is the billing
 * address's (the shipping address's when the order has no billing address).
 * The orderer's phone is the billing address's, else the customer's own, else
 * the shipping address's when that address bears the orderer's name (or there
 * is no billing address); a shipping phone under another name is the
 * recipient's — a gift, or an office's reception — and is kept as such.
 */
export function ordererContact(facts: OrdererFacts): OrdererContact {
  const { billing, shipping } = facts
  const named = billing ?? shipping
  const shippingIsOrderers =
    !billing || (!!shipping && namesAgree(billing, shipping))
  const shippingPhone = present(shipping?.phone)
  const [phone, country_code] = present(billing?.phone)
    ? [billing!.phone!, billing!.country_code]
    : present(facts.customer_phone)
      ? [facts.customer_phone!, named?.country_code]
      : shippingIsOrderers && shippingPhone
        ? [shippingPhone, shipping!.country_code]
        : [null, named?.country_code]
  return {
    phone,
    country_code: country_code ?? null,
    recipient_phone: shippingIsOrderers ? null : shippingPhone,
    first_name: present(named?.first_name),
    last_name: present(named?.last_name),
  }
}
