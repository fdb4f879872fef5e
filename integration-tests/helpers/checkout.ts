import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  Modules,
  ProductStatus,
} from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createLinksWorkflow,
  createLocationFulfillmentSetWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

/** The part of the test runner's axios instance these helpers use. */
export interface StoreHttpClient {
  post(
    url: string,
    data?: unknown,
    config?: { headers?: Record<string, string> }
  ): Promise<{ status: number; data: any }>
}

export interface CheckoutFixture {
  publishableKey: string
  regionId: string
  variantId: string
  shippingOptionId: string
  salesChannelId: string
}

export interface CheckoutContact {
  email: string
  phone?: string
  countryCode?: string
  firstName?: string
  lastName?: string
  /** A shipping address unlike the billing one (a gift): its name and phone. */
  shipping?: { firstName: string; lastName: string; phone?: string }
  customerToken?: string
}

export interface RegisterCustomerInput {
  email: string
  password: string
  first_name?: string
  last_name?: string
}

const PAYMENT_PROVIDER_ID = "pp_system_default"
const FULFILLMENT_PROVIDER_ID = "manual_manual"

/**
 * Creates what a store needs so that a guest can check out through the store API:
 * sales channel, US region, publishable key, stock location with a US service zone,
 * shipping profile and flat-rate option, and a product with one untracked variant.
 */
export async function createCheckoutFixture(
  container: MedusaContainer
): Promise<CheckoutFixture> {
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Checkout test store" }] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "US",
          currency_code: "usd",
          countries: ["us"],
          payment_providers: [PAYMENT_PROVIDER_ID],
        },
      ],
    },
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [
        { title: "Checkout test key", type: "publishable", created_by: "" },
      ],
    },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })

  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Checkout test warehouse" }] },
  })
  // Shipping options for a cart are found through sales channel -> stock location
  // -> fulfillment set -> service zone, and the location must offer the provider.
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })
  await createLinksWorkflow(container).run({
    input: [
      {
        [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
        [Modules.FULFILLMENT]: {
          fulfillment_provider_id: FULFILLMENT_PROVIDER_ID,
        },
      },
    ],
  })
  await createLocationFulfillmentSetWorkflow(container).run({
    input: {
      location_id: stockLocation.id,
      fulfillment_set_data: {
        name: "Checkout test shipping",
        type: "shipping",
      },
    },
  })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [location],
  } = await query.graph({
    entity: "stock_location",
    fields: ["fulfillment_sets.id"],
    filters: { id: stockLocation.id },
  })
  const {
    result: [serviceZone],
  } = await createServiceZonesWorkflow(container).run({
    input: {
      data: [
        {
          name: "US",
          fulfillment_set_id: location.fulfillment_sets[0].id,
          geo_zones: [{ type: "country", country_code: "us" }],
        },
      ],
    },
  })

  const {
    result: [shippingProfile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Checkout test profile", type: "default" }] },
  })

  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard",
        service_zone_id: serviceZone.id,
        shipping_profile_id: shippingProfile.id,
        provider_id: FULFILLMENT_PROVIDER_ID,
        price_type: "flat",
        type: { label: "Standard", description: "Flat rate", code: "standard" },
        prices: [{ currency_code: "usd", amount: 5 }],
        // As the admin creates them: a store option, never used for returns.
        rules: [
          { attribute: "enabled_in_store", operator: "eq", value: "true" },
          { attribute: "is_return", operator: "eq", value: "false" },
        ],
      },
    ],
  })

  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Checkout test shirt",
          status: ProductStatus.PUBLISHED,
          // Cart items must share a shipping profile with the chosen option.
          shipping_profile_id: shippingProfile.id,
          sales_channels: [{ id: salesChannel.id }],
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              options: { Size: "M" },
              manage_inventory: false,
              prices: [{ currency_code: "usd", amount: 20 }],
            },
          ],
        },
      ],
    },
  })

  return {
    publishableKey: apiKey.token,
    regionId: region.id,
    variantId: product.variants[0].id,
    shippingOptionId: shippingOption.id,
    salesChannelId: salesChannel.id,
  }
}

/** POSTs and turns an HTTP error into one that names the route and shows the body. */
async function post(
  api: StoreHttpClient,
  url: string,
  body: unknown,
  headers: Record<string, string>
) {
  try {
    const response = await api.post(url, body, { headers })
    return response.data
  } catch (error: any) {
    if (!error?.response) {
      throw error
    }
    throw new Error(
      `POST ${url} answered ${error.response.status}: ${JSON.stringify(
        error.response.data
      )}`
    )
  }
}

/** The store headers of a fixture, with the customer's token when logged in. */
export function storeHeaders(
  fixture: Pick<CheckoutFixture, "publishableKey">,
  customerToken?: string
): Record<string, string> {
  const headers: Record<string, string> = {
    "x-publishable-api-key": fixture.publishableKey,
  }
  if (customerToken) {
    headers.authorization = `Bearer ${customerToken}`
  }
  return headers
}

/** Creates a cart in the fixture's region and sales channel, with the email when given. */
export async function createCart(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  { email, customerToken }: { email?: string; customerToken?: string } = {}
) {
  const { cart } = await post(
    api,
    "/store/carts",
    {
      region_id: fixture.regionId,
      sales_channel_id: fixture.salesChannelId,
      ...(email === undefined ? {} : { email }),
    },
    storeHeaders(fixture, customerToken)
  )
  return cart
}

/** Updates a cart (`POST /store/carts/:id`), e.g. to set its email. */
export async function updateCart(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  cartId: string,
  body: Record<string, unknown>,
  customerToken?: string
) {
  const { cart } = await post(
    api,
    `/store/carts/${cartId}`,
    body,
    storeHeaders(fixture, customerToken)
  )
  return cart
}

/**
 * Makes a cart ready to complete as a storefront does: one item, shipping and
 * billing address, the fixture's shipping option and a payment session.
 */
export async function prepareCartForCompletion(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  cartId: string,
  contact: Omit<CheckoutContact, "email"> = {}
) {
  const headers = storeHeaders(fixture, contact.customerToken)
  await post(
    api,
    `/store/carts/${cartId}/line-items`,
    { variant_id: fixture.variantId, quantity: 1 },
    headers
  )

  const address = {
    first_name: contact.firstName ?? "John",
    last_name: contact.lastName ?? "Doe",
    phone: contact.phone,
    address_1: "1 Main Street",
    city: "New York",
    province: "NY",
    postal_code: "10001",
    country_code: contact.countryCode ?? "us",
  }
  await post(
    api,
    `/store/carts/${cartId}`,
    {
      billing_address: address,
      shipping_address: contact.shipping
        ? {
            ...address,
            first_name: contact.shipping.firstName,
            last_name: contact.shipping.lastName,
            phone: contact.shipping.phone,
          }
        : address,
    },
    headers
  )
  await post(
    api,
    `/store/carts/${cartId}/shipping-methods`,
    { option_id: fixture.shippingOptionId },
    headers
  )

  const { payment_collection } = await post(
    api,
    "/store/payment-collections",
    { cart_id: cartId },
    headers
  )
  await post(
    api,
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: PAYMENT_PROVIDER_ID },
    headers
  )
}

/** Completes a prepared cart and returns the placed order. */
export async function completeCart(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  cartId: string,
  customerToken?: string
) {
  // The store's default order fields leave out who placed the order.
  const fields = encodeURIComponent("+customer_id,+sales_channel_id")
  const completed = await post(
    api,
    `/store/carts/${cartId}/complete?fields=${fields}`,
    {},
    storeHeaders(fixture, customerToken)
  )
  if (completed?.type !== "order" || !completed.order) {
    throw new Error(
      `Completing cart ${cartId} did not place an order: ${JSON.stringify(
        completed
      )}`
    )
  }
  return completed.order
}

/**
 * Checks out one item as a storefront would, through store routes only, and
 * returns the placed order.
 */
export async function guestCheckout(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  contact: CheckoutContact
) {
  return (await checkout(api, fixture, contact)).order
}

/** Like `guestCheckout`, and also returns the id of the cart it completed. */
export async function checkout(
  api: StoreHttpClient,
  fixture: CheckoutFixture,
  contact: CheckoutContact
) {
  const cart = await createCart(api, fixture, {
    email: contact.email,
    customerToken: contact.customerToken,
  })
  await prepareCartForCompletion(api, fixture, cart.id, contact)
  const order = await completeCart(api, fixture, cart.id, contact.customerToken)
  return { cartId: cart.id as string, order }
}

/**
 * Registers a storefront customer (emailpass identity + store customer) and
 * returns it with a login token for authenticated store routes.
 */
export async function registerCustomer(
  api: StoreHttpClient,
  fixture: Pick<CheckoutFixture, "publishableKey">,
  { email, password, first_name, last_name }: RegisterCustomerInput
) {
  const { token: registrationToken } = await post(
    api,
    "/auth/customer/emailpass/register",
    { email, password },
    {}
  )
  const { customer } = await post(
    api,
    "/store/customers",
    { email, first_name, last_name },
    {
      "x-publishable-api-key": fixture.publishableKey,
      authorization: `Bearer ${registrationToken}`,
    }
  )
  // The registration token has no actor yet; only a fresh login carries the customer id.
  const { token } = await post(
    api,
    "/auth/customer/emailpass",
    { email, password },
    {}
  )
  return { customer, token: token as string }
}

/**
 * Has the Notification module send a code to an email a logged-in shopper
 * sees or claims (`GET /store/customers/me/identity`), as the shopper asks
 * for one; returns the code and the route that confirms it.
 */
export async function requestEmailCode(
  api: StoreHttpClient & {
    get(
      url: string,
      config?: { headers?: Record<string, string> }
    ): Promise<{ data: any }>
  },
  fixture: Pick<CheckoutFixture, "publishableKey">,
  container: MedusaContainer,
  token: string,
  email: string
) {
  const headers = storeHeaders(fixture, token)
  const { data } = await api.get("/store/customers/me/identity", { headers })
  const { id } = data.customer_identity.emails.find(
    (row: { email: string }) => row.email.toLowerCase() === email
  )
  const base = `/store/customers/me/identity/emails/${id}/verification`
  await post(api, base, {}, headers)
  const [notification] = await container
    .resolve(Modules.NOTIFICATION)
    .listNotifications(
      { to: email },
      { order: { created_at: "DESC" }, take: 1 }
    )
  return {
    code: notification.data!.code as string,
    confirmUrl: `${base}/confirm`,
  }
}

/**
 * Proves an email a logged-in shopper sees (`GET /store/customers/me/identity`)
 * with the code the Notification module sent it, as the shopper would.
 */
export async function proveEmail(
  api: Parameters<typeof requestEmailCode>[0],
  fixture: Pick<CheckoutFixture, "publishableKey">,
  container: MedusaContainer,
  token: string,
  email: string
) {
  const { code, confirmUrl } = await requestEmailCode(
    api,
    fixture,
    container,
    token,
    email
  )
  await post(api, confirmUrl, { code }, storeHeaders(fixture, token))
}
