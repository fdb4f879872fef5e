import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { MedusaSuiteOptions } from "@medusajs/test-utils"
import fc from "fast-check"
import CustomerIdentityModuleService from "../../../src/modules/customer-identity/service"
import {
  BackfillStatus,
  CUSTOMER_IDENTITY_MODULE,
} from "../../../src/types/constants"
import { FindOrCreateCustomerWorkflowInput } from "../../../src/types/workflows"
import { identifierLockKeys } from "../../../src/utils/lock-keys"
import { eventually } from "../../helpers/eventually"
import {
  attachCustomerIdentifiersStepId,
  createNewIdentityStepId,
  ensureCustomerLinksStepId,
  findOrCreateCustomerWorkflow,
} from "../../../src/workflows"
import { settleSubscribers } from "../../helpers/settle"

export default function findOrCreateCustomer({
  getContainer,
}: MedusaSuiteOptions) {
  afterEach(async () => {
    await settleSubscribers(getContainer())
  })

  let container: MedusaContainer
  let identity: CustomerIdentityModuleService

  beforeEach(() => {
    container = getContainer()
    identity = container.resolve(CUSTOMER_IDENTITY_MODULE)
  })

  const findOrCreate = async (
    input: Partial<FindOrCreateCustomerWorkflowInput>
  ) => {
    const { result } = await findOrCreateCustomerWorkflow(container).run({
      input: { source: "checkout", ...input },
    })
    return result
  }

  /**
   * The rows that belong to one person, found by their identifiers: other
   * tests' subscribers may still be writing elsewhere.
   */
  const rowsOf = async (email: string, phoneE164?: string) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const customerIds = (
      await knex("customer")
        .select("id")
        .whereNull("deleted_at")
        .whereRaw("lower(email) = ?", [email])
    ).map((row: { id: string }) => row.id)
    const count = async (query: any) =>
      Number((await query.whereNull("deleted_at").count("* as count"))[0].count)
    return {
      customer: customerIds.length,
      customer_identity_link: await count(
        knex("customer_identity_link").whereIn("customer_id", customerIds)
      ),
      customer_identity_email: await count(
        knex("customer_identity_email").where("email_normalized", email)
      ),
      customer_identity_phone: await count(
        knex("customer_identity_phone").where("phone_e164", phoneE164 ?? "")
      ),
    }
  }

  describe("findOrCreateCustomerWorkflow", () => {
    it("should create a guest customer with its link, email and phone when nothing matches", async () => {
      const result = await findOrCreate({
        email: " John@Example.com ",
        phone: "(555) 123-4567",
        first_name: " John ",
        last_name: "Doe",
      })

      expect(result).toEqual({
        customer_id: expect.stringMatching(/^cus_/),
        canonical_customer_id: result.customer_id,
        created: true,
        matched_by: "created",
      })
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(result.customer_id)
      expect(customer).toEqual(
        expect.objectContaining({
          email: "john@example.com",
          first_name: "John",
          last_name: "Doe",
          has_account: false,
        })
      )
      const [link] = await identity.listCustomerLinks({
        customer_id: result.customer_id,
      })
      expect(link).toEqual(
        expect.objectContaining({ source: "checkout", status: "active" })
      )
      const [email] = await identity.listCustomerEmails({
        customer_id: result.customer_id,
      })
      expect(email).toEqual(
        expect.objectContaining({
          email: "John@Example.com",
          email_normalized: "john@example.com",
          is_primary: true,
        })
      )
      const [phone] = await identity.listCustomerPhones({
        customer_id: result.customer_id,
      })
      expect(phone).toEqual(
        expect.objectContaining({
          phone: "(555) 123-4567",
          phone_e164: "+15551234567",
          is_primary: true,
        })
      )
    })

    it("should give a customer it creates its kind values: a shared one beside the value's other holder", async () => {
      const colleague = await findOrCreate({
        email: "colleague@example.com",
        identifiers: { tax_id: "DE 123 456 789" },
      })
      const buyer = await findOrCreate({
        email: "buyer@example.com",
        identifiers: { tax_id: "de123456789", loyalty_card: "lc-77" },
      })

      expect(buyer).toEqual(expect.objectContaining({ created: true }))
      const rows = await identity.listCustomerIdentifiers(
        { value_normalized: ["DE123456789", "LC77"] },
        { select: ["customer_id", "kind", "value", "shared", "is_primary"] }
      )
      expect(rows).toHaveLength(3)
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            customer_id: colleague.customer_id,
            kind: "tax_id",
            shared: true,
            is_primary: true,
          }),
          expect.objectContaining({
            customer_id: buyer.customer_id,
            kind: "tax_id",
            value: "de123456789",
            shared: true,
            is_primary: true,
          }),
          expect.objectContaining({
            customer_id: buyer.customer_id,
            kind: "loyalty_card",
            value: "lc-77",
            shared: false,
            is_primary: true,
          }),
        ])
      )
      // The loyalty card is matched now.
      expect(
        await findOrCreate({ identifiers: { loyalty_card: "LC 77" } })
      ).toEqual(
        expect.objectContaining({
          customer_id: buyer.customer_id,
          matched_by: "identifier",
        })
      )
    })

    it("should find the customer again by email in another case, without creating anything", async () => {
      const first = await findOrCreate({ email: "john@example.com" })
      const before = await rowsOf("john@example.com")
      const second = await findOrCreate({ email: "JOHN@EXAMPLE.COM" })
      expect(second).toEqual({
        customer_id: first.customer_id,
        canonical_customer_id: first.customer_id,
        created: false,
        matched_by: "email",
      })
      expect(await rowsOf("john@example.com")).toEqual(before)
    })

    it("should match a secondary email and say so", async () => {
      const first = await findOrCreate({ email: "jane@example.com" })
      await identity.createCustomerEmails({
        customer_id: first.customer_id,
        email: "jane@work.example",
      })
      const second = await findOrCreate({ email: "Jane@Work.example" })
      expect(second).toEqual(
        expect.objectContaining({
          customer_id: first.customer_id,
          matched_by: "secondary_email",
        })
      )
    })

    it("should match a phone written differently and add the new email, not as primary", async () => {
      const first = await findOrCreate({
        email: "sam@example.com",
        phone: "+1 555 222 3333",
      })
      const second = await findOrCreate({
        email: "sam.new@example.com",
        phone: "555.222.3333",
      })
      expect(second).toEqual(
        expect.objectContaining({
          customer_id: first.customer_id,
          matched_by: "phone",
          created: false,
        })
      )
      const emails = await identity.listCustomerEmails(
        { customer_id: first.customer_id },
        { order: { created_at: "ASC" } }
      )
      expect(emails.map((e) => [e.email_normalized, e.is_primary])).toEqual([
        ["sam@example.com", true],
        ["sam.new@example.com", false],
      ])
    })

    it("should let the email win when email and phone point at different customers", async () => {
      const a = await findOrCreate({ email: "a@example.com" })
      const b = await findOrCreate({
        email: "b@example.com",
        phone: "+1 555 444 5555",
      })
      const result = await findOrCreate({
        email: "a@example.com",
        phone: "5554445555",
      })
      expect(result).toEqual(
        expect.objectContaining({
          customer_id: a.customer_id,
          matched_by: "email",
        })
      )
      const [phone] = await identity.listCustomerPhones({
        phone_e164: "+15554445555",
      })
      expect(phone.customer_id).toBe(b.customer_id)
    })

    it("should create a new customer on a phone-only match when phoneMatch is suggest", async () => {
      const first = await findOrCreate({
        email: "household@example.com",
        phone: "+1 555 666 7777",
      })
      const options = await identity.getOptions()
      jest
        .spyOn(identity, "getOptions")
        .mockResolvedValue({ ...options, phoneMatch: "suggest" })
      const second = await findOrCreate({
        email: "partner@example.com",
        phone: "555-666-7777",
      })
      jest.restoreAllMocks()
      expect(second).toEqual(
        expect.objectContaining({ created: true, matched_by: "created" })
      )
      expect(second.customer_id).not.toBe(first.customer_id)
      const phones = await identity.listCustomerPhones({
        phone_e164: "+15556667777",
      })
      expect(phones.map((p) => p.customer_id)).toEqual([first.customer_id])
    })

    it("should use a known customer and attach its free identifiers only", async () => {
      const owner = await findOrCreate({ email: "taken@example.com" })
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "me@example.com", has_account: true })
      await eventually(async () =>
        expect(
          await identity.listCustomerLinks({ customer_id: customer.id })
        ).toHaveLength(1)
      )
      const result = await findOrCreate({
        customer_id: customer.id,
        email: "taken@example.com",
        phone: "+44 20 7946 0958",
        source: "store",
      })
      expect(result).toEqual({
        customer_id: customer.id,
        canonical_customer_id: customer.id,
        created: false,
        matched_by: "customer",
      })
      const [email] = await identity.listCustomerEmails({
        email_normalized: "taken@example.com",
      })
      expect(email.customer_id).toBe(owner.customer_id)
      const [phone] = await identity.listCustomerPhones({
        customer_id: customer.id,
      })
      expect(phone.phone_e164).toBe("+442079460958")
    })

    it("should find a customer made before the plugin by its email in another case, accounts first", async () => {
      // Rows written before the plugin was installed: no event announced them.
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const account = {
        id: "cus_old_account",
        email: "OLD_GUEST@example.com",
      }
      await knex("customer").insert([
        {
          id: "cus_old_guest",
          email: "Old_Guest@Example.com",
          has_account: false,
        },
        { ...account, has_account: true },
        {
          id: "cus_wildcard",
          email: "oldXguest@example.com",
          has_account: false,
        },
      ])

      const result = await findOrCreate({ email: "old_guest@example.com" })

      expect(result).toEqual(
        expect.objectContaining({
          customer_id: account.id,
          matched_by: "email",
          created: false,
        })
      )
      const [link] = await identity.listCustomerLinks({
        customer_id: account.id,
      })
      expect(link.canonical_customer_id).toBe(account.id)
    })

    /** Customers written before the plugin: no event announced them. */
    const insertPrePluginCustomers = async () => {
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await knex("customer").insert([
        { id: "cus_old_lower", email: "old_lower@example.com" },
        { id: "cus_old_mixed", email: "Old_Mixed@Example.com" },
      ])
    }
    const recordBackfill = (run: { dry_run?: boolean; cutoff_days?: number }) =>
      identity.createBackfillRuns({
        status: BackfillStatus.COMPLETED,
        batch_size: 500,
        completed_at: new Date(),
        ...run,
      })

    it("should look for unindexed customers by their exact email only once a backfill of all customers has completed", async () => {
      await insertPrePluginCustomers()
      await recordBackfill({})

      // Core's lower-cased form is still found (a subscriber not run yet).
      expect(await findOrCreate({ email: "OLD_LOWER@example.com" })).toEqual(
        expect.objectContaining({
          customer_id: "cus_old_lower",
          matched_by: "email",
          created: false,
        })
      )
      // A backfill would have indexed it: no scan for other cases.
      const mixed = await findOrCreate({ email: "old_mixed@example.com" })
      expect(mixed).toEqual(expect.objectContaining({ created: true }))
      expect(mixed.customer_id).not.toBe("cus_old_mixed")
    })

    it.each([
      ["a dry run", { dry_run: true }],
      ["a backfill with a cutoff", { cutoff_days: 30 }],
    ])(
      "should still find unindexed customers in any case after %s",
      async (_, run) => {
        await insertPrePluginCustomers()
        await recordBackfill(run)

        expect(await findOrCreate({ email: "old_mixed@example.com" })).toEqual(
          expect.objectContaining({
            customer_id: "cus_old_mixed",
            matched_by: "email",
            created: false,
          })
        )
      }
    )

    it("should skip the writing steps when the link and every identifier are already there", async () => {
      const input = {
        source: "checkout" as const,
        email: "hit@example.com",
        phone: "+15550001111",
      }
      const first = await findOrCreate(input)
      const stateOf = async (given: FindOrCreateCustomerWorkflowInput) => {
        const { result, transaction } = await findOrCreateCustomerWorkflow(
          container
        ).run({ input: given })
        const steps = Object.values(transaction.getFlow().steps)
        const state = (stepId: string) =>
          steps.find((step) => step.id.endsWith(`.${stepId}`))?.invoke.state
        return {
          result,
          ensure: state(ensureCustomerLinksStepId),
          attach: state(attachCustomerIdentifiersStepId),
        }
      }

      expect(await stateOf(input)).toEqual({
        result: { ...first, created: false, matched_by: "email" },
        ensure: "skipped",
        attach: "skipped",
      })
      // A new phone is an identifier to attach: the steps run.
      const withNewPhone = await stateOf({ ...input, phone: "+15550002222" })
      expect(withNewPhone).toEqual(
        expect.objectContaining({ ensure: "done", attach: "done" })
      )
      const [phone] = await identity.listCustomerPhones({
        phone_e164: "+15550002222",
      })
      expect(phone.customer_id).toBe(first.customer_id)
    })

    it.each([
      [{}, "Give at least one of email, phone, identifiers or customer_id"],
      [
        { identifiers: { passport: "X1" } },
        '"passport" is not an identifier kind of this store: use loyalty_card, tax_id, shopify_customer_id, woocommerce_customer_id',
      ],
      [
        { identifiers: { shopify_customer_id: "#" } },
        '"#" is not a valid Shopify customer (shopify_customer_id): it has no digits',
      ],
      [{ email: "nope" }, '"nope" is not a valid email address'],
      [{ phone: "12" }, '"12" is not a valid phone number in region US'],
      [
        { email: "x@example.com", first_name: "  " },
        "first_name must not be empty",
      ],
    ])(
      "should refuse %j with INVALID_DATA and write nothing",
      async (input, message) => {
        const { errors } = await findOrCreateCustomerWorkflow(container).run({
          input: { source: "checkout", ...input } as never,
          throwOnError: false,
        })
        expect(errors[0].error).toEqual(
          expect.objectContaining({
            type: MedusaError.Types.INVALID_DATA,
            message,
          })
        )
        expect(await rowsOf("x@example.com")).toEqual({
          customer: 0,
          customer_identity_link: 0,
          customer_identity_email: 0,
          customer_identity_phone: 0,
        })
      }
    )

    it("should answer NOT_FOUND for an unknown customer id", async () => {
      await expect(
        findOrCreate({ customer_id: "cus_missing" })
      ).rejects.toEqual(
        expect.objectContaining({
          type: MedusaError.Types.NOT_FOUND,
          message: expect.stringContaining("cus_missing"),
        })
      )
    })

    it("should make exactly one customer out of 50 concurrent calls for one person, and out of 30 by a value of a kind alone", async () => {
      const casings = [
        "race@example.com",
        "RACE@example.com",
        "Race@Example.Com",
      ]
      const phones = ["+1 (555) 777-8888", "5557778888", "555.777.8888"]
      // Fifty calls queue on one lock: on a loaded machine the last ones may
      // wait past its timeout and be told to try again, which they do.
      const calling = async (
        input: Partial<FindOrCreateCustomerWorkflowInput>,
        tries = 3
      ) => {
        try {
          return await findOrCreate(input)
        } catch (error) {
          if (tries > 1 && /: try again$/.test((error as Error).message)) {
            return await calling(input, tries - 1)
          }
          throw error
        }
      }
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          calling({
            email: casings[i % casings.length],
            phone: phones[i % phones.length],
          })
        )
      )

      const ids = new Set(results.map((r) => r.canonical_customer_id))
      expect(ids.size).toBe(1)
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(await rowsOf("race@example.com", "+15557778888")).toEqual({
        customer: 1,
        customer_identity_link: 1,
        customer_identity_email: 1,
        customer_identity_phone: 1,
      })

      // A value of an identifier kind alone: one owner, by its lock and unique index.
      const cards = ["LC-RACE-9", "lc race 9", "lcrace9"]
      const byCard = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          calling({ identifiers: { loyalty_card: cards[i % cards.length] } })
        )
      )
      expect(new Set(byCard.map((r) => r.canonical_customer_id)).size).toBe(1)
      expect(byCard.filter((r) => r.created)).toHaveLength(1)
      expect(
        await identity.listCustomerIdentifiers({ value_normalized: "LCRACE9" })
      ).toHaveLength(1)
    }, 300_000)

    it("should resolve every call to the owner of its identifiers, whatever the interleaving (property-based)", async () => {
      let run = 0
      const person = fc.record({
        emailCase: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        phoneFormat: fc.constantFrom(0, 1, 2, 3),
        gives: fc.constantFrom("email", "phone", "both"),
      })
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), person), {
            minLength: 4,
            maxLength: 12,
          }),
          async (calls) => {
            run++
            const inputs = calls.map(
              ([who, { emailCase, phoneFormat, gives }]) => {
                const email = [...`p${who}.run${run}@example.com`]
                  .map((c, i) =>
                    emailCase[i % emailCase.length] ? c.toUpperCase() : c
                  )
                  .join("")
                const line = `${run}`.padStart(4, "0")
                const phone = [
                  `+1 (555) 2${who}0-${line}`,
                  `5552${who}0${line}`,
                  `555.2${who}0.${line}`,
                  `1-555-2${who}0-${line}`,
                ][phoneFormat]
                return {
                  email: gives === "phone" ? undefined : email,
                  phone: gives === "email" ? undefined : phone,
                }
              }
            )
            const results = await Promise.all(
              inputs.map((input) => findOrCreate(input))
            )

            const canonicalOf = async (customerId: string) =>
              (await identity.retrieveCustomerLinkByCustomerId(customerId))
                .canonical_customer_id
            for (const [i, input] of inputs.entries()) {
              // The email wins; a call without one goes to the phone's owner.
              const [owner] = input.email
                ? await identity.listCustomerEmails({
                    email_normalized: input.email.toLowerCase(),
                  })
                : await identity.listCustomerPhones({
                    phone_e164: `+1${input.phone!.replace(/\D/g, "").slice(-10)}`,
                  })
              expect(owner).toBeDefined()
              expect(await canonicalOf(results[i].customer_id)).toBe(
                await canonicalOf(owner.customer_id)
              )
            }
          }
        ),
        { numRuns: 8 }
      )
      // Eight runs of up to twelve calls queued on Redis locks: slow on a busy 2-core machine.
    }, 300_000)

    it.each(["create-customers", createNewIdentityStepId])(
      "should leave no row behind when the workflow fails after %s",
      async (stepId) => {
        const workflow = findOrCreateCustomerWorkflow(container)
        workflow.appendAction("throw", stepId, {
          invoke: async () => {
            throw new Error(`injected failure after ${stepId}`)
          },
        })
        const { errors } = await workflow.run({
          input: {
            email: "rollback@example.com",
            phone: "+1 555 999 0000",
            identifiers: { loyalty_card: "LC-ROLLBACK" },
            source: "checkout",
          },
          throwOnError: false,
        })
        expect(errors[0].error.message).toBe(`injected failure after ${stepId}`)
        expect(await rowsOf("rollback@example.com", "+15559990000")).toEqual({
          customer: 0,
          customer_identity_link: 0,
          customer_identity_email: 0,
          customer_identity_phone: 0,
        })
        expect(
          await identity.listCustomerIdentifiers({
            value_normalized: "LCROLLBACK",
          })
        ).toEqual([])

        // The locks were given back: they can be taken at once.
        const locking = container.resolve(Modules.LOCKING)
        const keys = identifierLockKeys({
          email_normalized: "rollback@example.com",
          phone_e164: "+15559990000",
        })
        await locking.acquire(keys, { ownerId: "test", expire: 5 })
        await locking.release(keys, { ownerId: "test" })
      }
    )
  })
}
