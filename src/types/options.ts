import { CountryCode } from "libphonenumber-js"
import {
  IdentifierNormalizer,
  MatchIdentifier,
  PhoneMatchMode,
} from "./constants"

/**
 * The options of the customer identity plugin, passed in `medusa-config.ts`:
 *
 * ```ts
 * plugins: [
 *   {
 *     resolve: "medusa-plugin-customer-identity",
 *     options: { defaultCountry: "US", matchOrder: ["email", "phone"] },
 *   },
 * ]
 * ```
 */
export interface CustomerIdentityOptions {
  /**
   * The identifiers tried, in this order, when an incoming email, phone or
   * identifier of a kind of `identifierKinds` is resolved to an existing
   * customer. The first that matches wins.
   *
   * @default ["email", "phone"]
   * @example ["phone", "email", "passport"]
   */
  matchOrder?: (`${MatchIdentifier}` | string)[]
  /**
   * Identifiers beyond email and phone: a passport, a VAT number, a loyalty
   * card, the customer id of the platform a store leaves. A value belongs to
   * one customer, like an email, unless its kind's `match` is `"suggest"`.
   * Storefront orders carry none: values come through find-or-create callers,
   * the admin routes and the bulk contacts endpoint.
   *
   * @default []
   * @example [{ kind: "tax_id", label: "VAT number", normalize: "alnum-upper", match: "suggest" }]
   */
  identifierKinds?: IdentifierKindOption[]
  /**
   * The ISO 3166-1 alpha-2 region used to read phone numbers written without
   * a country prefix, when no address country is known.
   * Without it, such numbers are refused as unparsable.
   *
   * @default undefined
   * @example "US"
   */
  defaultCountry?: CountryCode
  /**
   * What a match on phone alone does. `"auto"` links to the customer owning
   * the phone; `"suggest"` creates a new customer and leaves the pair for
   * duplicate review, for stores where phones are shared (households, offices).
   *
   * @default "auto"
   * @example "suggest"
   */
  phoneMatch?: `${PhoneMatchMode}`
  /**
   * How far back, in days, a phone a shopper proves with a code reaches:
   * only guest orders on which it was the orderer's phone and that were
   * placed within this window move to the shopper; older ones stay with the
   * merchant-side identity, because phone numbers are given to new owners.
   *
   * @default 365
   * @example 90
   */
  claimWindowDays?: number
  /**
   * Whether every new admin user gets a linked customer (status `draft`).
   *
   * @default true
   * @example false
   */
  autoCreateForUsers?: boolean
  /**
   * Whether store requests that set a cart's email (`POST /store/carts` and
   * `POST /store/carts/:id` with an `email`) wait for each other, per
   * normalised email, so that Medusa's checkout makes one guest customer
   * instead of answering `400 Customer with email … already exists` to
   * simultaneous carts (double clicks, two tabs, retries). A request that
   * cannot get the lock within 5 seconds goes on without it.
   *
   * @default true
   * @example false
   */
  serializeCheckoutCustomer?: boolean
  /**
   * A notification sent through Medusa's Notification module when a
   * customer's identity is activated: the template and channel your
   * notification provider knows. The customer's primary email is the
   * recipient; the template gets `{ customer_id }`. Off when unset.
   *
   * @default undefined
   * @example { template: "customer-welcome", channel: "email" }
   */
  welcomeNotification?: { template: string; channel: string }
  /**
   * How shoppers prove an email or phone they add in the store: a one-time
   * code sent through Medusa's Notification module with `template` (its data
   * is `{ code, expires_at, kind }`), on `emailChannel` for emails and
   * `phoneChannel` for phones. When no notification provider handles
   * `phoneChannel`, asking for a phone code answers 400.
   *
   * @default { template: "customer-identity-verification", emailChannel: "email", phoneChannel: "sms", codeTtlMinutes: 10 }
   * @example { template: "verify-contact", phoneChannel: "whatsapp", codeTtlMinutes: 15 }
   */
  verification?: Partial<VerificationOptions>
  /**
   * The key of the HMAC-SHA256 with which an erased customer's emails and
   * phones are kept in the suppression list (never in clear), at least 32
   * characters. A list rotates it: the first key hashes new erasures, every
   * key matches. Without it the app's `projectConfig.http.cookieSecret` is
   * used, and in production (`NODE_ENV=production`) the app refuses to boot
   * when that one is Medusa's default `"supersecret"` or shorter than 32
   * characters: with a known key, hashed phone numbers are recovered in
   * minutes. A merchant who relied on the cookie secret moves with
   * `[newKey, cookieSecret]`, so that earlier erasures keep matching; the
   * keys after the first only match, so a short or default one is accepted.
   *
   * @default projectConfig.http.cookieSecret
   * @example [process.env.CUSTOMER_IDENTITY_SUPPRESSION_SECRET, process.env.COOKIE_SECRET]
   */
  suppressionSecret?: string | string[]
}

export interface IdentifierKindOption {
  /** The kind's key in API bodies and `matchOrder`: lower case, digits and `_`, not `email` or `phone`. */
  kind: string
  /** How the admin shows it. */
  label: string
  /** How values are compared: `trim-lower`, `alnum-upper` or `digits`. */
  normalize: `${IdentifierNormalizer}`
  /**
   * `"auto"` (default): a value belongs to one customer, and a kind in
   * `matchOrder` finds it. `"suggest"`: a value several people share (a
   * company's VAT number): every customer given it keeps it, it finds nobody,
   * and customers sharing one are a duplicate pair for review.
   */
  match?: `${PhoneMatchMode}`
  /** Whether the store API shows the shopper their values of this kind. */
  shopperVisible?: boolean
}

export type IdentifierKindDefinition = Required<IdentifierKindOption>

export interface VerificationOptions {
  template: string
  emailChannel: string
  phoneChannel: string
  /** Minutes a code can be used for. */
  codeTtlMinutes: number
}

export type ResolvedCustomerIdentityOptions = Required<
  Omit<
    CustomerIdentityOptions,
    | "defaultCountry"
    | "welcomeNotification"
    | "verification"
    | "suppressionSecret"
    | "identifierKinds"
  >
> &
  Pick<CustomerIdentityOptions, "defaultCountry" | "welcomeNotification"> & {
    identifierKinds: IdentifierKindDefinition[]
    verification: VerificationOptions
    /** The keys, newest first; absent: the cookie secret. */
    suppressionSecret?: string[]
  }

/**
 * The customer ids of the platforms an import reads: every store has these
 * kinds, unless its `identifierKinds` declares one of these names itself.
 */
export const PLATFORM_IDENTIFIER_KINDS: Record<
  "shopify" | "woocommerce",
  IdentifierKindDefinition
> = {
  shopify: {
    kind: "shopify_customer_id",
    label: "Shopify customer",
    normalize: IdentifierNormalizer.DIGITS,
    match: PhoneMatchMode.AUTO,
    shopperVisible: false,
  },
  woocommerce: {
    kind: "woocommerce_customer_id",
    label: "WooCommerce customer",
    normalize: IdentifierNormalizer.DIGITS,
    match: PhoneMatchMode.AUTO,
    shopperVisible: false,
  },
}

export const DEFAULT_OPTIONS: ResolvedCustomerIdentityOptions = {
  matchOrder: [MatchIdentifier.EMAIL, MatchIdentifier.PHONE],
  identifierKinds: Object.values(PLATFORM_IDENTIFIER_KINDS),
  phoneMatch: PhoneMatchMode.AUTO,
  claimWindowDays: 365,
  autoCreateForUsers: true,
  serializeCheckoutCustomer: true,
  verification: {
    template: "customer-identity-verification",
    emailChannel: "email",
    phoneChannel: "sms",
    codeTtlMinutes: 10,
  },
}
