import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { isSupportedCountry } from "libphonenumber-js"
import {
  IdentifierNormalizer,
  MatchIdentifier,
  PhoneMatchMode,
} from "../../../types/constants"
import {
  CustomerIdentityOptions,
  DEFAULT_OPTIONS,
  ResolvedCustomerIdentityOptions,
} from "../../../types/options"

const BUILT_IN = Object.values(MatchIdentifier) as string[]

const IdentifierKindSchema = z
  .object({
    kind: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        "must be lower case letters, digits and _, starting with a letter, at most 40 characters"
      )
      .refine((kind) => !BUILT_IN.includes(kind), {
        message: "must not be email or phone, which are built in",
      }),
    label: z.string().trim().min(1, "must not be empty"),
    normalize: z.enum(IdentifierNormalizer),
    match: z.enum(PhoneMatchMode).default(PhoneMatchMode.AUTO),
    shopperVisible: z.boolean().default(false),
  })
  .strict()

const OptionsSchema = z
  .object({
    identifierKinds: z
      .array(IdentifierKindSchema)
      .refine(
        (kinds) => new Set(kinds.map((k) => k.kind)).size === kinds.length,
        { message: "must not declare a kind twice" }
      )
      .default([])
      .transform((kinds) => [
        ...kinds,
        ...DEFAULT_OPTIONS.identifierKinds.filter(
          (platform) => !kinds.some((k) => k.kind === platform.kind)
        ),
      ]),
    matchOrder: z
      .array(z.string())
      .min(1, "must name at least one identifier")
      .refine((order) => new Set(order).size === order.length, {
        message: "must not name an identifier twice",
      })
      .default(DEFAULT_OPTIONS.matchOrder as MatchIdentifier[]),
    defaultCountry: z
      .string()
      .transform((code) => code.trim().toUpperCase())
      .refine(isSupportedCountry, {
        message: "must be an ISO 3166-1 alpha-2 country code, such as US or GB",
      })
      .optional(),
    phoneMatch: z
      .enum(PhoneMatchMode)
      .default(DEFAULT_OPTIONS.phoneMatch as PhoneMatchMode),
    claimWindowDays: z
      .number()
      .int()
      .min(1, "must be at least 1 day")
      .default(DEFAULT_OPTIONS.claimWindowDays),
    autoCreateForUsers: z.boolean().default(DEFAULT_OPTIONS.autoCreateForUsers),
    serializeCheckoutCustomer: z
      .boolean()
      .default(DEFAULT_OPTIONS.serializeCheckoutCustomer),
    welcomeNotification: z
      .object({
        template: z.string().trim().min(1, "template must not be empty"),
        channel: z.string().trim().min(1, "channel must not be empty"),
      })
      .optional(),
    verification: z
      .object({
        template: z
          .string()
          .trim()
          .min(1, "template must not be empty")
          .default(DEFAULT_OPTIONS.verification.template),
        emailChannel: z
          .string()
          .trim()
          .min(1, "emailChannel must not be empty")
          .default(DEFAULT_OPTIONS.verification.emailChannel),
        phoneChannel: z
          .string()
          .trim()
          .min(1, "phoneChannel must not be empty")
          .default(DEFAULT_OPTIONS.verification.phoneChannel),
        codeTtlMinutes: z
          .number()
          .int()
          .min(1, "codeTtlMinutes must be at least 1")
          .max(1440, "codeTtlMinutes must be at most 1440")
          .default(DEFAULT_OPTIONS.verification.codeTtlMinutes),
      })
      .strict()
      .default(DEFAULT_OPTIONS.verification),
    suppressionSecret: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .pipe(
        z
          .array(z.string().min(1, "a key must not be empty"))
          .min(1, "give at least one key")
          // Only the first key hashes; the others only match earlier
          // erasures, which may have used Medusa's default cookie secret.
          .refine((keys) => !keys.length || keys[0].length >= 16, {
            message:
              "the first key, which hashes new erasures, must be at least 16 characters",
            path: [0],
          })
      )
      .optional(),
  })
  .superRefine((options, ctx) => {
    const known = [...BUILT_IN, ...options.identifierKinds.map((k) => k.kind)]
    options.matchOrder.forEach((identifier, index) => {
      const kind = options.identifierKinds.find((k) => k.kind === identifier)
      const message = !known.includes(identifier)
        ? `"${identifier}" is not an identifier: use ${known.join(", ")} (kinds are declared in identifierKinds)`
        : kind?.match === PhoneMatchMode.SUGGEST
          ? `"${identifier}" has match "suggest", so it finds nobody: leave it out of matchOrder`
          : null
      if (message) {
        ctx.addIssue({ code: "custom", path: ["matchOrder", index], message })
      }
    })
  })

/**
 * Validates the plugin options and fills in defaults. A bad value fails the
 * boot with a message naming the option and what it must be.
 */
export function resolveOptions(
  options: CustomerIdentityOptions | undefined
): ResolvedCustomerIdentityOptions {
  const result = OptionsSchema.safeParse(options ?? {})
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".") || "options"}: ${issue.message}`)
      .join("; ")
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid customer_identity options: ${problems}`
    )
  }
  return result.data as ResolvedCustomerIdentityOptions
}

/** Medusa's own fallback cookie secret, which every app that sets none shares. */
const DEFAULT_COOKIE_SECRET = "supersecret"

/**
 * Why the suppression list's key can be guessed, or null: without
 * `suppressionSecret` the key is the cookie secret, and Medusa's default or
 * a short one is no secret.
 */
export function weakSuppressionKey(
  options: Pick<ResolvedCustomerIdentityOptions, "suppressionSecret">,
  cookieSecret: string | undefined
): string | null {
  if (options.suppressionSecret) {
    return null
  }
  if (
    cookieSecret &&
    cookieSecret !== DEFAULT_COOKIE_SECRET &&
    cookieSecret.length >= 32
  ) {
    return null
  }
  return (
    "customer_identity: set the suppressionSecret option (32 or more random characters). Without it, erased " +
    "customers' emails and phones are hashed under the cookie secret, which is " +
    (cookieSecret === DEFAULT_COOKIE_SECRET || !cookieSecret
      ? `Medusa's default "${DEFAULT_COOKIE_SECRET}"`
      : "shorter than 32 characters") +
    ": with a known key they can be recovered. If earlier erasures used the cookie secret, set [newSecret, cookieSecret]."
  )
}
