import { asValue } from "@medusajs/framework/awilix"
import {
  ContainerRegistrationKeys,
  createMedusaContainer,
} from "@medusajs/framework/utils"
import optionsLoader from "./options"

describe("optionsLoader", () => {
  const env = process.env.NODE_ENV
  afterEach(() => {
    process.env.NODE_ENV = env
  })

  const boot = async (cookieSecret: string, options: object) => {
    const container = createMedusaContainer()
    const warn = jest.fn()
    container.register({
      [ContainerRegistrationKeys.CONFIG_MODULE]: asValue({
        projectConfig: { http: { cookieSecret } },
      }),
      [ContainerRegistrationKeys.LOGGER]: asValue({ warn }),
    })
    await optionsLoader({ container, options } as never)
    return { container, warn }
  }

  it("should refuse to boot in production on Medusa's default cookie secret without a suppressionSecret", async () => {
    process.env.NODE_ENV = "production"
    await expect(boot("supersecret", {})).rejects.toThrow(
      /set the suppressionSecret option/
    )
  })

  it("should boot in production with a rotated list of keys", async () => {
    process.env.NODE_ENV = "production"
    const { container, warn } = await boot("supersecret", {
      suppressionSecret: ["the-new-long-secret", "supersecret"],
    })
    expect(warn).not.toHaveBeenCalled()
    expect(
      container.resolve<{ suppressionSecret?: string[] }>(
        "customerIdentityOptions"
      ).suppressionSecret
    ).toEqual(["the-new-long-secret", "supersecret"])
  })

  it("should only warn, once, elsewhere", async () => {
    process.env.NODE_ENV = "development"
    const { warn } = await boot("supersecret", {})
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toMatch(/suppressionSecret/)
  })
})
