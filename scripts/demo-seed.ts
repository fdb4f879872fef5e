import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  addCustomerIdentifiersWorkflow,
  indexCustomerWorkflow,
  linkUserToCustomerWorkflow,
  recordOrderContactWorkflow,
} from "../src/workflows"

const REGION_NAME = "United States"
const DUPLICATE_GUEST_EMAIL = "lucasmartin@googlemail.com"

// Registered accounts, some with a second email the merchant added.
const ACCOUNTS = [
  {
    customer: {
      first_name: "Jane",
      last_name: "Doe",
      email: "jane.doe@example.com",
      phone: "+1 (555) 010-2030",
      has_account: true,
    },
    extra_emails: ["jane@doe-design.example"],
    // Kinds of medusa-config.ts: her loyalty card and her studio's VAT number.
    identifiers: [
      { kind: "loyalty_card", value: "JD 2030 7781" },
      { kind: "tax_id", value: "GB 123 4567 89" },
    ],
  },
  {
    customer: {
      first_name: "John",
      last_name: "Smith",
      email: "john@smith.example",
      phone: "(555) 234-5678",
      has_account: true,
    },
    extra_emails: ["john.smith@work.example"],
  },
  {
    customer: {
      first_name: "Lucas",
      last_name: "Martin",
      email: "lucas.martin@gmail.com",
      phone: "+1 555 411 2233",
      has_account: true,
    },
    extra_emails: ["lucas@martin-studio.example"],
  },
]

// Guest checkouts of the same people (email in another case, phone written
// another way, the work email), and one person seen only as a guest.
const GUESTS = [
  {
    first_name: "Jane",
    last_name: "Doe",
    email: "JANE.DOE@EXAMPLE.COM",
    phone: "555-010-2030",
  },
  { first_name: "John", last_name: "Smith", email: "john.smith@work.example" },
  {
    first_name: "María",
    last_name: "García",
    email: "maria.garcia@example.com",
    phone: "+44 20 7946 0958",
  },
  // Lucas's other spelling of his Gmail address: not the same email, so no
  // fold, but a pair for duplicate review (same inbox, his phone, his name).
  {
    first_name: "Lucas",
    last_name: "Martin",
    email: DUPLICATE_GUEST_EMAIL,
    phone: "555-411-2233",
  },
]

// Orders of the seeded people. With `customer` (an account's or a guest's
// email) the order is placed for that customer, as at checkout; without one
// it is an order imported from another channel, which the plugin matches by
// its email, then its phone. The comment is how each one is matched.
const ORDERS = [
  // Jane's account: placed from her account.
  { customer: "jane.doe@example.com", email: "jane.doe@example.com" },
  // María's guest checkout: the first order of a new customer.
  { customer: "maria.garcia@example.com", email: "maria.garcia@example.com" },
  // Jane's work email: matched by secondary email.
  { email: "jane@doe-design.example", phone: "+1 555 010 2030" },
  // John's email in another case: matched by (primary) email.
  { email: "JOHN@SMITH.EXAMPLE" },
  // A new email but John's phone written another way: matched by phone.
  { email: "smith.gifts@example.net", phone: "555.234.5678" },
  // Lucas's guest checkout, which a merge moves to his account.
  { customer: DUPLICATE_GUEST_EMAIL, email: DUPLICATE_GUEST_EMAIL },
  // Someone the store has never seen: a new customer is created.
  { email: "sam.lee@example.com", phone: "+1 555 300 4000" },
]

/**
 * Seeds the demo store once: a region, a product, a publishable key, customers
 * with duplicates and their orders; and links every admin user to its
 * customer, each run (the demo makes its user with `medusa user`, which exits
 * without waiting for subscribers, so with the plugin's subscriber off).
 */
export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const user of await container.resolve(Modules.USER).listUsers({})) {
    await linkUserToCustomerWorkflow(container).run({
      input: { user_id: user.id },
    })
  }
  const regions = await container
    .resolve(Modules.REGION)
    .listRegions({ name: REGION_NAME })
  if (regions.length) {
    logger.info("Demo data is already there; reusing it.")
    return
  }

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Webshop" }] },
  })
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: REGION_NAME,
          currency_code: "usd",
          countries: ["us"],
          payment_providers: ["pp_system_default"],
        },
      ],
    },
  })
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [{ title: "Webshop", type: "publishable", created_by: "" }],
    },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })
  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Medusa T-Shirt",
          status: "published",
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              sku: "DEMO-TSHIRT-M",
              options: { Size: "M" },
              manage_inventory: false,
              prices: [{ amount: 20, currency_code: "usd" }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
      ],
    },
  })

  // Through the plugin's workflows, accounts first: each guest then folds
  // into the account that owns its email, as it would in a live store.
  const { result: accounts } = await createCustomersWorkflow(container).run({
    input: { customersData: ACCOUNTS.map((account) => account.customer) },
  })
  for (const [i, account] of accounts.entries()) {
    await indexCustomerWorkflow(container).run({
      input: { customer_id: account.id },
    })
    await addCustomerIdentifiersWorkflow(container).run({
      input: {
        customer_id: account.id,
        emails: ACCOUNTS[i].extra_emails.map((email) => ({
          email,
          type: "work" as const,
        })),
        identifiers: ACCOUNTS[i].identifiers ?? [],
        source: "manual",
      },
    })
  }
  const { result: guests } = await createCustomersWorkflow(container).run({
    input: { customersData: GUESTS },
  })
  for (const guest of guests) {
    await indexCustomerWorkflow(container).run({
      input: { customer_id: guest.id },
    })
  }

  // Accounts win over the guests of the same email.
  const customerIds = new Map(
    [...guests, ...accounts].map((c) => [c.email!.toLowerCase(), c.id])
  )
  for (const { customer, email, phone } of ORDERS) {
    const order = {
      region_id: region.id,
      sales_channel_id: salesChannel.id,
      currency_code: "usd",
      email,
      shipping_address: {
        first_name: "Demo",
        last_name: "Shopper",
        address_1: "1 Market St",
        city: "San Francisco",
        postal_code: "94105",
        country_code: "us",
        phone,
      },
      items: [
        {
          variant_id: product.variants[0].id,
          title: product.title,
          quantity: 1,
          unit_price: 20,
        },
      ],
    }
    // Core's workflow always finds or creates a customer for the email, so
    // orders without one go straight to the Order module.
    const { id } = customer
      ? (
          await createOrderWorkflow(container).run({
            input: { ...order, customer_id: customerIds.get(customer) },
          })
        ).result
      : await container.resolve(Modules.ORDER).createOrders(order)
    // Subscribers do not run under `medusa exec`: record the order's contact
    // as the order.placed subscriber would.
    await recordOrderContactWorkflow(container).run({
      input: { order_id: id },
    })
  }

  // More for a merge of Lucas's pair to move: an address and a group.
  const customerModule = container.resolve(Modules.CUSTOMER)
  const lucasGuestId = customerIds.get(DUPLICATE_GUEST_EMAIL)!
  await customerModule.createCustomerAddresses({
    customer_id: lucasGuestId,
    first_name: "Lucas",
    last_name: "Martin",
    address_1: "22 Harbor Rd",
    city: "Portland",
    postal_code: "97201",
    country_code: "us",
  })
  const newsletter = await customerModule.createCustomerGroups({
    name: "Newsletter",
  })
  await customerModule.addCustomerToGroup({
    customer_id: lucasGuestId,
    customer_group_id: newsletter.id,
  })

  logger.info(`Publishable API key: ${apiKey.token}`)
}
