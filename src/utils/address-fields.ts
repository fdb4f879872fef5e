/** The fields of an address that name or reach a person: all but the country. */
export const PERSONAL_ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "phone",
] as const

/** What an erased address keeps: the country, for tax reports. */
export const BLANK_ADDRESS: Record<
  (typeof PERSONAL_ADDRESS_FIELDS)[number] | "metadata",
  null
> = Object.fromEntries(
  [...PERSONAL_ADDRESS_FIELDS, "metadata"].map((field) => [field, null])
) as never
