import { ExecArgs } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import CustomerIdentityModuleService from "../src/modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../src/types/constants"

const REGION_NAME = "United States"

// The same people a real store ends up holding twice: an email in another
// case, a phone written another way, an order placed with a work address.
const PEOPLE = [
  {
    customer: {
      first_name: "Jane",
      last_name: "Doe",
      email: "jane.doe@example.com",
      phone: "+1 (555) 010-2030",
      has_account: true,
    },
    emails: ["jane.doe@example.com", "jane@doe-design.example"],
    phones: ["+1 (555) 010-2030"],
  },
  {
    customer: {
      first_name: "Jane",
      last_name: "Doe",
      email: "JANE.DOE@EXAMPLE.COM",
      phone: "555-010-2030",
    },
    emails: ["JANE.DOE@EXAMPLE.COM"],
    phones: ["555-010-2030"],
  },
  {
    customer: {
      first_name: "John",
      last_name: "Smith",
      email: "john@smith.example",
      phone: "(555) 234-5678",
      has_account: true,
    },
    emails: ["john@smith.example", "john.smith@work.example"],
    phones: ["(555) 234-5678"],
  },
  {
    customer: {
      first_name: "John",
      last_name: "Smith",
      email: "john.smith@work.example",
    },
    emails: ["john.smith@work.example"],
    phones: [],
  },
  {
    customer: {
      first_name: "María",
      last_name: "García",
      email: "maria.garcia@example.com",
      phone: "+44 20 7946 0958",
    },
    emails: ["maria.garcia@example.com"],
    phones: ["+44 20 7946 0958"],
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

  const identity: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const { result: customers } = await createCustomersWorkflow(container).run({
    input: { customersData: PEOPLE.map((person) => person.customer) },
  })
  for (const [i, customer] of customers.entries()) {
    const source = customer.has_account ? "registration" : "checkout"
    await identity.createCustomerLinks({ customer_id: customer.id, source })
    for (const email of PEOPLE[i].emails) {
      await keepFirstOwner(logger, () =>
        identity.createCustomerEmails({
          customer_id: customer.id,
          email,
          source,
        })
      )
    }
    for (const phone of PEOPLE[i].phones) {
      await keepFirstOwner(logger, () =>
        identity.createCustomerPhones({
          customer_id: customer.id,
          phone,
          source,
        })
      )
    }
  }

  logger.info(`Publishable API key: ${apiKey.token}`)
}

// A duplicate stays a plain core customer, as it would in a store that had it before the plugin.
async function keepFirstOwner(
  logger: { info(message: string): void },
  write: () => Promise<unknown>
) {
  try {
    await write()
  } catch (error) {
    if ((error as MedusaError).type !== MedusaError.Types.DUPLICATE_ERROR) {
      throw error
    }
    logger.info(`Duplicate kept for review: ${(error as Error).message}`)
  }
}
