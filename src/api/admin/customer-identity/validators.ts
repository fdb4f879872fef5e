import { z } from "@medusajs/framework/zod"
import {
  createFindParams,
  createSelectParams,
} from "@medusajs/medusa/api/utils/validators"
import {
  CustomerIdentityStatus,
  EmailType,
  FoldEvidence,
  IdentitySource,
  IMPORT_FIELDS,
  ImportFormat,
  MergeStatus,
  PhoneType,
} from "../../../types/constants"

const NAME_MAX = 255
const EMAIL_MAX = 320
const PHONE_MAX = 64

const name = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(NAME_MAX, `${field} must be at most ${NAME_MAX} characters`)
const email = z
  .string()
  .trim()
  .min(1, "email must not be empty")
  .max(EMAIL_MAX, `email must be at most ${EMAIL_MAX} characters`)
const phone = z
  .string()
  .trim()
  .min(1, "phone must not be empty")
  .max(PHONE_MAX, `phone must be at most ${PHONE_MAX} characters`)
const countryCode = z
  .string()
  .trim()
  .length(2, "country_code must be a two-letter country code")

/** The most rows one page of an admin list route answers. */
export const ADMIN_LIST_LIMIT_MAX = 100

/** Medusa's list parameters (`limit` 20, `offset` 0), with `limit` capped. */
const listParams = () =>
  createFindParams({ limit: 20, offset: 0 }).extend({
    limit: z.preprocess(
      (value) =>
        typeof value === "string" && value !== "" ? Number(value) : value,
      z
        .number({ message: "limit must be a number" })
        .int("limit must be a whole number")
        .min(1, `limit must be between 1 and ${ADMIN_LIST_LIMIT_MAX}`)
        .max(
          ADMIN_LIST_LIMIT_MAX,
          `limit must be between 1 and ${ADMIN_LIST_LIMIT_MAX}`
        )
        .optional()
        .default(20)
    ),
  })

export type AdminGetCustomerIdentityParamsType = z.infer<
  typeof AdminGetCustomerIdentityParams
>
export const AdminGetCustomerIdentityParams = createSelectParams()

export type AdminGetCustomerIdentitiesParamsType = z.infer<
  typeof AdminGetCustomerIdentitiesParams
>
export const AdminGetCustomerIdentitiesParams = listParams().extend({
  q: z.string().trim().max(200, "q must be at most 200 characters").optional(),
  status: z
    .union([
      z.enum(CustomerIdentityStatus),
      z.array(z.enum(CustomerIdentityStatus)),
    ])
    .optional(),
  has_account: z
    .enum(["true", "false"], { message: "has_account must be true or false" })
    .transform((value) => value === "true")
    .optional(),
})

export type AdminAddCustomerEmailType = z.infer<typeof AdminAddCustomerEmail>
export const AdminAddCustomerEmail = z.strictObject({
  email,
  type: z.enum(EmailType).optional(),
})

export type AdminAddCustomerPhoneType = z.infer<typeof AdminAddCustomerPhone>
export const AdminAddCustomerPhone = z.strictObject({
  phone,
  type: z.enum(PhoneType).optional(),
  country_code: countryCode.optional(),
})

const identifierKind = z
  .string()
  .trim()
  .min(1, "kind must not be empty")
  .max(40, "kind must be at most 40 characters")
const identifierValue = z
  .string()
  .trim()
  .min(1, "the value must not be empty")
  .max(200, "the value must be at most 200 characters")
/** Values of identifier kinds by kind: `{ tax_id: "DE 123 456 789" }`. */
export const identifierValues = z
  .record(identifierKind, identifierValue)
  .refine((values) => Object.keys(values).length <= 20, {
    message: "give at most 20 identifiers",
  })

export type AdminAddCustomerIdentifierType = z.infer<
  typeof AdminAddCustomerIdentifier
>
export const AdminAddCustomerIdentifier = z.strictObject({
  kind: identifierKind,
  value: identifierValue,
})

/** The most contacts one bulk request takes. */
export const CONTACTS_BATCH_MAX = 1000

export type AdminUpsertContactsType = z.infer<typeof AdminUpsertContacts>
export const AdminUpsertContacts = z.strictObject({
  contacts: z
    .array(
      z
        .strictObject({
          email: email.optional(),
          phone: phone.optional(),
          country_code: countryCode.optional(),
          identifiers: identifierValues.optional(),
          first_name: name("first_name").optional(),
          last_name: name("last_name").optional(),
          company_name: name("company_name").optional(),
        })
        .refine(
          (contact) =>
            contact.email ||
            contact.phone ||
            Object.keys(contact.identifiers ?? {}).length,
          { message: "give at least one of email, phone or identifiers" }
        )
    )
    // Medusa words the size errors itself ("too small", "too big").
    .min(1)
    .max(CONTACTS_BATCH_MAX),
  /** Where the contacts come from, recorded on what they create. */
  source: z
    .enum([
      IdentitySource.MANUAL,
      IdentitySource.CHECKOUT,
      IdentitySource.ORDER,
    ])
    .default(IdentitySource.MANUAL),
})

export type AdminStartImportType = z.infer<typeof AdminStartImport>
export const AdminStartImport = z
  .strictObject({
    file_key: z.string().trim().min(1, "file_key must not be empty"),
    originalname: z.string().trim().min(1, "originalname must not be empty"),
    format: z.enum(ImportFormat),
    mapping: z
      .partialRecord(z.enum(IMPORT_FIELDS), z.string().trim().min(1))
      .optional(),
    source_kind: identifierKind.optional(),
  })
  .refine((body) => body.format !== ImportFormat.GENERIC || body.mapping, {
    message: "the generic format needs a mapping of fields to column headers",
    path: ["mapping"],
  })
  .refine(
    (body) =>
      !body.mapping ||
      body.mapping.email ||
      body.mapping.phone ||
      body.mapping.source_id,
    {
      message: "map at least one of email, phone or source_id",
      path: ["mapping"],
    }
  )

export type AdminCreateCustomerIdentityType = z.infer<
  typeof AdminCreateCustomerIdentity
>
export const AdminCreateCustomerIdentity = z.strictObject({
  first_name: name("first_name"),
  last_name: name("last_name"),
  company_name: name("company_name").optional(),
  email,
  phone: phone.optional(),
  country_code: countryCode.optional(),
  emails: z.array(AdminAddCustomerEmail).max(20).optional(),
  phones: z.array(AdminAddCustomerPhone).max(20).optional(),
  identifiers: identifierValues.optional(),
})

export type AdminLinkUserType = z.infer<typeof AdminLinkUser>
export const AdminLinkUser = z.strictObject({
  customer_id: z.string().trim().min(1).max(100).optional(),
})

export type AdminStartBackfillType = z.infer<typeof AdminStartBackfill>
export const AdminStartBackfill = z.strictObject({
  dry_run: z.boolean().optional(),
  cutoff_days: z
    .number()
    .int("cutoff_days must be a whole number of days")
    .positive("cutoff_days must be positive")
    .optional(),
  batch_size: z
    .number()
    .int("batch_size must be a whole number")
    .min(1, "batch_size must be between 1 and 10000")
    .max(10000, "batch_size must be between 1 and 10000")
    .optional(),
})

export type AdminGetDuplicatesParamsType = z.infer<
  typeof AdminGetDuplicatesParams
>
export const AdminGetDuplicatesParams = listParams().extend({
  min_score: z.coerce
    .number({ message: "min_score must be a number between 0 and 1" })
    .min(0, "min_score must be between 0 and 1")
    .max(1, "min_score must be between 0 and 1")
    .optional(),
})

const customerId = (field: string) =>
  z
    .string({ message: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(100, `${field} must be at most 100 characters`)

export type AdminDismissDuplicateType = z.infer<typeof AdminDismissDuplicate>
export const AdminDismissDuplicate = z
  .strictObject({
    customer_a_id: customerId("customer_a_id"),
    customer_b_id: customerId("customer_b_id"),
  })
  .refine((body) => body.customer_a_id !== body.customer_b_id, {
    message: "customer_b_id must differ from customer_a_id",
    path: ["customer_b_id"],
  })

export type AdminMergeCustomersType = z.infer<typeof AdminMergeCustomers>
export const AdminMergeCustomers = z
  .strictObject({
    source_customer_id: customerId("source_customer_id"),
    target_customer_id: customerId("target_customer_id"),
  })
  .refine((body) => body.source_customer_id !== body.target_customer_id, {
    message: "target_customer_id must differ from source_customer_id",
    path: ["target_customer_id"],
  })

export type AdminGetMergesParamsType = z.infer<typeof AdminGetMergesParams>
export const AdminGetMergesParams = listParams().extend({
  // Merges where the customer is the source or the target.
  customer_id: customerId("customer_id").optional(),
  status: z
    .enum(MergeStatus, {
      message: `status must be one of: ${Object.values(MergeStatus).join(", ")}`,
    })
    .optional(),
  // What made the fold: an admin's merge or an automatic fold's evidence.
  evidence: z
    .enum(FoldEvidence, {
      message: `evidence must be one of: ${Object.values(FoldEvidence).join(", ")}`,
    })
    .optional(),
  // Folds on unproven evidence that no proof has confirmed: an erasure undoes them.
  unproven: z
    .enum(["true", "false"], { message: "unproven must be true or false" })
    .transform((value) => value === "true")
    .optional(),
})

export type AdminEraseCustomerType = z.infer<typeof AdminEraseCustomer>
/** Erasure cannot be undone: the body must say so. */
const erasureOptions = {
  // Also remove the customer login, so that the email can sign up afresh.
  erase_login: z.boolean().optional(),
  // Also blank the orders' email and addresses (tax law usually keeps them).
  redact_orders: z.boolean().optional(),
}

export const AdminEraseCustomer = z.strictObject({
  confirm: z.literal(true, {
    message: "confirm must be true: erasure cannot be undone",
  }),
  ...erasureOptions,
})

export type AdminDataRequestType = z.infer<typeof AdminDataRequest>
/**
 * A data subject's request, by the email or phone they know: `export`, or
 * `erase` (which must say `confirm: true`).
 */
export const AdminDataRequest = z
  .strictObject({
    kind: z.enum(["export", "erase"], {
      message: "kind must be export or erase",
    }),
    email: email.optional(),
    phone: phone.optional(),
    country_code: countryCode.optional(),
    confirm: z.boolean().optional(),
    ...erasureOptions,
  })
  .refine((body) => !!body.email || !!body.phone, {
    message: "Give the person's email or phone",
    path: ["email"],
  })
  .refine((body) => body.kind !== "erase" || body.confirm === true, {
    message: "confirm must be true: erasure cannot be undone",
    path: ["confirm"],
  })
