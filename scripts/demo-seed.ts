import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  addCustomerIdentifiersWorkflow,
  indexCustomerWorkflow,
} from "../src/workflows"

const REGION_NAME = "United States"

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
]

/** Seeds the demo store once: a region, a product, a publishable key and customers with duplicates. */
export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
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
  await createRegionsWorkflow(container).run({
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
  await createProductsWorkflow(container).run({
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

  logger.info(`Publishable API key: ${apiKey.token}`)
}
