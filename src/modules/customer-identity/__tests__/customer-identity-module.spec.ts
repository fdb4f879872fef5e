import { MedusaError } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import {
  BackfillStatus,
  CUSTOMER_IDENTITY_MODULE,
  MatchedBy,
} from "../../../types/constants"
import CustomerIdentityModuleService from "../service"
import { PLATFORM_IDENTIFIER_KINDS } from "../../../types/options"

jest.setTimeout(60_000)

const duplicate = (message: string) =>
  expect.objectContaining({
    type: MedusaError.Types.DUPLICATE_ERROR,
    message: expect.stringContaining(message),
  })

moduleIntegrationTestRunner<CustomerIdentityModuleService>({
  moduleName: CUSTOMER_IDENTITY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  moduleOptions: {
    defaultCountry: "US",
    identifierKinds: [
      { kind: "passport", label: "Passport", normalize: "alnum-upper" },
      {
        kind: "tax_id",
        label: "VAT number",
        normalize: "alnum-upper",
        match: "suggest",
      },
    ],
  },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const countRows = async (table: string, where = "deleted_at IS NULL") => {
      const [row] = await MikroOrmWrapper.getManager().execute(
        `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`
      )
      return row.count as number
    }

    describe("options", () => {
      it("should expose the validated options with defaults filled in", async () => {
        expect(await service.getOptions()).toEqual({
          matchOrder: ["email", "phone"],
          identifierKinds: [
            {
              kind: "passport",
              label: "Passport",
              normalize: "alnum-upper",
              match: "auto",
              shopperVisible: false,
            },
            {
              kind: "tax_id",
              label: "VAT number",
              normalize: "alnum-upper",
              match: "suggest",
              shopperVisible: false,
            },
            ...Object.values(PLATFORM_IDENTIFIER_KINDS),
          ],
          defaultCountry: "US",
          phoneMatch: "auto",
          claimWindowDays: 365,
          autoCreateForUsers: true,
          serializeCheckoutCustomer: true,
          verification: {
            template: "customer-identity-verification",
            emailChannel: "email",
            phoneChannel: "sms",
            codeTtlMinutes: 10,
          },
        })
      })
    })

    describe("createCustomerLinks", () => {
      it("should make a new customer its own canonical customer", async () => {
        const link = await service.createCustomerLinks({
          customer_id: "cus_1",
          source: "checkout",
        })
        expect(link).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^cilink_/),
            customer_id: "cus_1",
            canonical_customer_id: "cus_1",
            status: "active",
            order_count: 0,
            user_id: null,
          })
        )
      })

      it("should keep one link per customer and one customer per admin user", async () => {
        await service.createCustomerLinks({
          customer_id: "cus_1",
          user_id: "user_1",
          source: "user",
        })
        await expect(
          service.createCustomerLinks({ customer_id: "cus_1", source: "order" })
        ).rejects.toThrow("already exists")
        await expect(
          service.createCustomerLinks({
            customer_id: "cus_2",
            user_id: "user_1",
            source: "user",
          })
        ).rejects.toThrow("already exists")
        expect(await countRows("customer_identity_link")).toBe(1)
      })
    })

    describe("createNewIdentity / deleteNewIdentity", () => {
      const newIdentity = (customerId: string) => ({
        customer_id: customerId,
        has_account: false,
        source: "checkout" as const,
        email: {
          email: "Ann@Example.com",
          email_normalized: "ann@example.com",
        },
        phone: { phone: "(415) 555-0101", phone_e164: "+14155550101" },
        identifiers: [
          { kind: "passport", value: "x 1", value_normalized: "X1" },
          { kind: "tax_id", value: "de 1", value_normalized: "DE1" },
        ],
      })

      it("should write the link and every value as primary, and delete exactly that", async () => {
        const written = await service.createNewIdentity(newIdentity("cus_1"))

        expect(written).toEqual({
          link_ids: [expect.stringMatching(/^cilink_/)],
          email_ids: [expect.stringMatching(/^ciemail_/)],
          phone_ids: [expect.stringMatching(/^ciphone_/)],
          identifier_ids: [
            expect.stringMatching(/^ciident_/),
            expect.stringMatching(/^ciident_/),
          ],
        })
        const [link] = await service.listCustomerLinks({ customer_id: "cus_1" })
        expect(link).toEqual(
          expect.objectContaining({
            canonical_customer_id: "cus_1",
            has_account: false,
            source: "checkout",
            status: "active",
          })
        )
        const [email] = await service.listCustomerEmails({
          customer_id: "cus_1",
        })
        expect(email).toEqual(
          expect.objectContaining({
            email: "Ann@Example.com",
            is_primary: true,
          })
        )
        const kinds = await service.listCustomerIdentifiers(
          { customer_id: "cus_1" },
          { order: { kind: "ASC" } }
        )
        expect(kinds).toEqual([
          expect.objectContaining({
            kind: "passport",
            shared: false,
            is_primary: true,
          }),
          expect.objectContaining({
            kind: "tax_id",
            shared: true,
            is_primary: true,
          }),
        ])

        await service.deleteNewIdentity(written)
        for (const table of ["link", "email", "phone", "identifier"]) {
          expect(await countRows(`customer_identity_${table}`, "true")).toBe(0)
        }
      })

      it("should skip what others hold: an email, a phone, a value of a kind that matches, a link", async () => {
        await service.createNewIdentity(newIdentity("cus_1"))
        await service.createCustomerLinks({
          customer_id: "cus_2",
          source: "order",
        })

        const written = await service.createNewIdentity(newIdentity("cus_2"))

        // Only the shared value of a kind that suggests is the second customer's too.
        expect(written).toEqual({
          link_ids: [],
          email_ids: [],
          phone_ids: [],
          identifier_ids: [expect.stringMatching(/^ciident_/)],
        })
        const held = await service.listCustomerIdentifiers({
          customer_id: "cus_2",
        })
        expect(held).toEqual([expect.objectContaining({ kind: "tax_id" })])
        expect(await countRows("customer_identity_email")).toBe(1)
      })
    })

    describe("createNewIdentity of many / findIdentityOwnersOfMany", () => {
      it("should write many customers' identities in one call and find their owners in one read", async () => {
        const written = await service.createNewIdentity([
          {
            customer_id: "cus_1",
            has_account: false,
            source: "import",
            email: {
              email: "A@Example.com",
              email_normalized: "a@example.com",
            },
            identifiers: [
              { kind: "passport", value: "p 1", value_normalized: "P1" },
            ],
          },
          {
            customer_id: "cus_2",
            has_account: false,
            source: "import",
            phone: { phone: "(415) 555-0102", phone_e164: "+14155550102" },
            identifiers: [],
          },
        ])
        expect(written.link_ids).toHaveLength(2)
        expect(written.email_ids).toHaveLength(1)
        expect(written.phone_ids).toHaveLength(1)
        expect(written.identifier_ids).toHaveLength(1)

        const owners = await service.findIdentityOwnersOfMany({
          email_normalized: ["a@example.com", "nobody@example.com"],
          phone_e164: ["+14155550102"],
          identifiers: [{ kind: "passport", value_normalized: "P1" }],
        })
        expect(owners.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
          {
            kind: "email",
            value: "a@example.com",
            customer_id: "cus_1",
            canonical_customer_id: "cus_1",
            is_primary: true,
          },
          {
            kind: "passport",
            value: "P1",
            customer_id: "cus_1",
            canonical_customer_id: "cus_1",
            is_primary: true,
          },
          {
            kind: "phone",
            value: "+14155550102",
            customer_id: "cus_2",
            canonical_customer_id: "cus_2",
            is_primary: true,
          },
        ])

        await service.deleteNewIdentity(written)
        expect(await countRows("customer_identity_link", "true")).toBe(0)
      })
    })

    describe("findIdentityOwners", () => {
      it("should read the owners and whether a backfill of all customers has completed in one call", async () => {
        await service.createNewIdentity({
          customer_id: "cus_owner",
          has_account: false,
          source: "checkout",
          email: {
            email: "Owner@Example.com",
            email_normalized: "owner@example.com",
          },
          identifiers: [],
        })
        const keys = {
          email_normalized: "owner@example.com",
          phone_e164: "+14155550199",
        }
        expect(await service.findIdentityOwners(keys)).toEqual({
          email: {
            customer_id: "cus_owner",
            canonical_customer_id: "cus_owner",
            is_primary: true,
          },
          identifiers: {},
          backfilled: false,
        })

        // A dry run or a run with a cutoff leaves some customers unindexed.
        const [, , running] = await service.createBackfillRuns([
          { status: BackfillStatus.COMPLETED, batch_size: 500, dry_run: true },
          {
            status: BackfillStatus.COMPLETED,
            batch_size: 500,
            cutoff_days: 30,
          },
          { status: BackfillStatus.RUNNING, batch_size: 500 },
        ])
        expect((await service.findIdentityOwners(keys)).backfilled).toBe(false)
        expect(await service.hasBackfilledAllCustomers()).toBe(false)

        await service.updateBackfillRuns({
          id: running.id,
          status: BackfillStatus.COMPLETED,
        })
        expect((await service.findIdentityOwners(keys)).backfilled).toBe(true)
        expect(await service.hasBackfilledAllCustomers()).toBe(true)
      })
    })

    describe("import plan values", () => {
      it("should keep a dry run's decisions per import until cleared", async () => {
        await service.addImportPlanValues("ciimp_1", [
          {
            value: "email:a@example.com",
            customer_id: "line:2",
            is_primary: true,
          },
        ])
        await service.addImportPlanValues("ciimp_2", [
          {
            value: "email:a@example.com",
            customer_id: "cus_1",
            is_primary: false,
          },
        ])
        expect(
          await service.findImportPlanValues("ciimp_1", [
            "email:a@example.com",
            "phone:+14155550102",
          ])
        ).toEqual([
          {
            value: "email:a@example.com",
            customer_id: "line:2",
            is_primary: true,
          },
        ])
        await service.clearImportPlanValues("ciimp_1")
        expect(
          await service.findImportPlanValues("ciimp_1", ["email:a@example.com"])
        ).toEqual([])
        expect(
          await service.findImportPlanValues("ciimp_2", ["email:a@example.com"])
        ).toHaveLength(1)
      })
    })

    describe("createCustomerEmails", () => {
      it("should store the email as given and normalised, the first one primary", async () => {
        const emails = await service.createCustomerEmails([
          { customer_id: "cus_1", email: "  John@Example.COM " },
          { customer_id: "cus_1", email: "j.doe@work.example", type: "work" },
        ])
        expect(emails).toEqual([
          expect.objectContaining({
            id: expect.stringMatching(/^ciemail_/),
            email: "John@Example.COM",
            email_normalized: "john@example.com",
            is_primary: true,
            type: "other",
          }),
          expect.objectContaining({
            email_normalized: "j.doe@work.example",
            is_primary: false,
            type: "work",
          }),
        ])
      })

      it("should keep the existing primary when new emails are not marked primary", async () => {
        await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "first@example.com",
        })
        const second = await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "second@example.com",
        })
        expect(second).toEqual(expect.objectContaining({ is_primary: false }))
      })

      it("should keep only the first of several marked primary, replacing the current primary", async () => {
        const current = await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "old@example.com",
        })
        await service.createCustomerEmails([
          { customer_id: "cus_1", email: "a@example.com", is_primary: true },
          { customer_id: "cus_1", email: "b@example.com", is_primary: true },
        ])
        const primaries = await service.listCustomerEmails({
          customer_id: "cus_1",
          is_primary: true,
        })
        expect(primaries.map((e) => e.email)).toEqual(["a@example.com"])
        const old = await service.retrieveCustomerEmail(
          (current as { id: string }).id
        )
        expect(old.is_primary).toBe(false)
      })

      it("should refuse an invalid email with INVALID_DATA and write nothing", async () => {
        await expect(
          service.createCustomerEmails([
            { customer_id: "cus_1", email: "ok@example.com" },
            { customer_id: "cus_1", email: "not-an-email" },
          ])
        ).rejects.toThrow(
          expect.objectContaining({
            type: MedusaError.Types.INVALID_DATA,
            message: '"not-an-email" is not a valid email address',
          })
        )
        expect(await countRows("customer_identity_email")).toBe(0)
      })

      it("should refuse an email the customer already has, in any case", async () => {
        await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "john@example.com",
        })
        await expect(
          service.createCustomerEmails({
            customer_id: "cus_1",
            email: "JOHN@example.com",
          })
        ).rejects.toThrow(
          duplicate('Email "JOHN@example.com" is already on customer cus_1')
        )
      })

      it("should refuse an email given twice in one call", async () => {
        await expect(
          service.createCustomerEmails([
            { customer_id: "cus_1", email: "john@example.com" },
            { customer_id: "cus_1", email: "John@Example.com" },
          ])
        ).rejects.toThrow(
          duplicate('Email "John@Example.com" is given more than once')
        )
        expect(await countRows("customer_identity_email")).toBe(0)
      })

      it("should refuse an email owned by another customer, naming it, and write nothing of the call", async () => {
        await service.createCustomerEmails({
          customer_id: "cus_owner",
          email: "shared@example.com",
        })
        await expect(
          service.createCustomerEmails([
            { customer_id: "cus_2", email: "free@example.com" },
            { customer_id: "cus_2", email: "Shared@Example.com" },
          ])
        ).rejects.toThrow(
          duplicate(
            'Email "Shared@Example.com" already belongs to customer cus_owner'
          )
        )
        const rows = await service.listCustomerEmails({})
        expect(rows.map((r) => [r.customer_id, r.email_normalized])).toEqual([
          ["cus_owner", "shared@example.com"],
        ])
      })

      it("should let an email be used again once its row is deleted", async () => {
        const email = await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "moving@example.com",
        })
        await service.softDeleteCustomerEmails([(email as { id: string }).id])
        const moved = await service.createCustomerEmails({
          customer_id: "cus_2",
          email: "moving@example.com",
        })
        expect(moved).toEqual(
          expect.objectContaining({ customer_id: "cus_2", is_primary: true })
        )
      })

      it("should keep one row and raise DUPLICATE_ERROR for every other insert when ten inserts of one email race", async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            service.createCustomerEmails({
              customer_id: `cus_${i}`,
              email: i % 2 ? "RACE@example.com" : "race@Example.com",
            })
          )
        )
        const rejected = results.filter(
          (r): r is PromiseRejectedResult => r.status === "rejected"
        )
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        expect(rejected).toHaveLength(9)
        rejected.forEach((r) =>
          expect(r.reason).toEqual(duplicate("already belongs to"))
        )
        expect(
          await countRows(
            "customer_identity_email",
            "email_normalized = 'race@example.com'"
          )
        ).toBe(1)
      })
    })

    describe("createCustomerPhones", () => {
      it("should store the phone as given and in E.164, read in the default country", async () => {
        const phone = await service.createCustomerPhones({
          customer_id: "cus_1",
          phone: " (555) 123-4567 ",
          type: "mobile",
        })
        expect(phone).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^ciphone_/),
            phone: "(555) 123-4567",
            phone_e164: "+15551234567",
            type: "mobile",
            is_primary: true,
          })
        )
      })

      it("should read a national number in the country given over the default", async () => {
        const phone = await service.createCustomerPhones({
          customer_id: "cus_1",
          phone: "020 7946 0958",
          country_code: "gb",
        })
        expect(phone).toEqual(
          expect.objectContaining({ phone_e164: "+442079460958" })
        )
      })

      it("should treat one number written two ways as the same phone", async () => {
        await service.createCustomerPhones({
          customer_id: "cus_1",
          phone: "+1 (555) 123-4567",
        })
        await expect(
          service.createCustomerPhones({
            customer_id: "cus_1",
            phone: "5551234567",
          })
        ).rejects.toThrow(
          duplicate('Phone "5551234567" is already on customer cus_1')
        )
        await expect(
          service.createCustomerPhones({
            customer_id: "cus_2",
            phone: "555.123.4567",
          })
        ).rejects.toThrow(
          duplicate('Phone "555.123.4567" already belongs to customer cus_1')
        )
        expect(await countRows("customer_identity_phone")).toBe(1)
      })

      it("should refuse an unreadable phone with INVALID_DATA and write nothing", async () => {
        await expect(
          service.createCustomerPhones([
            { customer_id: "cus_1", phone: "+1 555 123 4567" },
            { customer_id: "cus_1", phone: "call me maybe" },
          ])
        ).rejects.toThrow(
          expect.objectContaining({
            type: MedusaError.Types.INVALID_DATA,
            message: '"call me maybe" is not a valid phone number in region US',
          })
        )
        expect(await countRows("customer_identity_phone")).toBe(0)
      })

      it("should apply the primary rules per customer", async () => {
        const phones = await service.createCustomerPhones([
          { customer_id: "cus_1", phone: "+1 555 000 0001" },
          { customer_id: "cus_1", phone: "+1 555 000 0002", is_primary: true },
          { customer_id: "cus_1", phone: "+1 555 000 0003", is_primary: true },
          { customer_id: "cus_2", phone: "+1 555 000 0004" },
        ])
        expect(
          (phones as { phone_e164: string; is_primary: boolean }[]).map((p) => [
            p.phone_e164,
            p.is_primary,
          ])
        ).toEqual([
          ["+15550000001", false],
          ["+15550000002", true],
          ["+15550000003", false],
          ["+15550000004", true],
        ])
      })

      it("should keep one row and raise one DUPLICATE_ERROR when two inserts of one phone race", async () => {
        const results = await Promise.allSettled([
          service.createCustomerPhones({
            customer_id: "cus_a",
            phone: "+1 (555) 987-6543",
          }),
          service.createCustomerPhones({
            customer_id: "cus_b",
            phone: "5559876543",
          }),
        ])
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        expect(
          (
            results.find(
              (r) => r.status === "rejected"
            ) as PromiseRejectedResult
          ).reason
        ).toEqual(
          // Refused by the ownership check (the loser's phone as given) or, in
          // a race, by the unique index (the phone as stored).
          expect.objectContaining({
            type: MedusaError.Types.DUPLICATE_ERROR,
            message: expect.stringMatching(
              /^Phone "(\+15559876543|5559876543|\+1 \(555\) 987-6543)" already belongs to /
            ),
          })
        )
        expect(await countRows("customer_identity_phone")).toBe(1)
      })
    })

    describe("setPrimaryIdentifier / restoreRows", () => {
      it("should switch the primary, and be undone exactly from what it returns", async () => {
        const [first, second] = await service.createCustomerEmails([
          { customer_id: "cus_1", email: "first@example.com" },
          { customer_id: "cus_1", email: "second@example.com" },
        ])
        const before = await MikroOrmWrapper.getManager().execute(
          "SELECT to_jsonb(t) AS row FROM customer_identity_email t ORDER BY id"
        )

        const journal = await service.setPrimaryIdentifier("email", second.id)
        const primaries = await service.listCustomerEmails({ is_primary: true })
        expect(primaries.map((e) => e.id)).toEqual([second.id])
        expect(await service.setPrimaryIdentifier("email", second.id)).toEqual({
          entity: "CustomerEmail",
          rows: [],
        })

        await service.restoreRows(journal)
        expect(
          await MikroOrmWrapper.getManager().execute(
            "SELECT to_jsonb(t) AS row FROM customer_identity_email t ORDER BY id"
          )
        ).toEqual(before)
        expect(first.is_primary).toBe(true)
      })

      it("should answer NOT_FOUND for an unknown phone", async () => {
        await expect(
          service.setPrimaryIdentifier("phone", "ciphone_missing")
        ).rejects.toThrow("Phone ciphone_missing was not found")
      })
    })

    describe("recomputeOrderStats", () => {
      it("should count the contacts of a canonical customer, not the canceled ones, whatever ran before", async () => {
        await service.createCustomerLinks({
          customer_id: "cus_1",
          source: "order",
        })
        const placed = (day: number) => new Date(Date.UTC(2026, 0, day))
        await service.createOrderContacts([
          {
            order_id: "o1",
            canonical_customer_id: "cus_1",
            matched_by: MatchedBy.EMAIL,
            placed_at: placed(3),
          },
          {
            order_id: "o2",
            canonical_customer_id: "cus_1",
            matched_by: MatchedBy.PHONE,
            placed_at: placed(1),
          },
          {
            order_id: "o3",
            canonical_customer_id: "cus_1",
            matched_by: MatchedBy.EMAIL,
            placed_at: placed(9),
            canceled_at: placed(10),
          },
          {
            order_id: "o4",
            canonical_customer_id: "cus_other",
            matched_by: MatchedBy.EMAIL,
            placed_at: placed(5),
          },
        ])

        const before = await service.recomputeOrderStats(["cus_1"])
        await service.recomputeOrderStats(["cus_1"])

        const [link0] = await service.listCustomerLinks({
          customer_id: "cus_1",
        })
        expect(before).toEqual({
          entity: "CustomerLink",
          rows: [expect.objectContaining({ id: link0.id, order_count: 0 })],
        })
        const [link] = await service.listCustomerLinks({ customer_id: "cus_1" })
        expect(link).toEqual(
          expect.objectContaining({
            order_count: 2,
            first_order_at: placed(1),
            last_order_at: placed(3),
          })
        )
        await service.restoreRows(before)
        const [restored] = await service.listCustomerLinks({
          customer_id: "cus_1",
        })
        expect(restored).toEqual(
          expect.objectContaining({
            order_count: 0,
            first_order_at: null,
            last_order_at: null,
          })
        )
      })
    })

    describe("foldCustomers", () => {
      // to_jsonb keeps timestamps to the microsecond: a restore must be exact.
      const snapshot = async () => {
        const rows: Record<string, unknown[]> = {}
        for (const table of [
          "customer_identity_link",
          "customer_identity_email",
          "customer_identity_phone",
          "customer_identity_identifier",
          "customer_identity_order_contact",
        ]) {
          rows[table] = await MikroOrmWrapper.getManager().execute(
            `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY id`
          )
        }
        return rows
      }

      beforeEach(async () => {
        await service.createCustomerLinks([
          { customer_id: "cus_account", source: "registration" },
          { customer_id: "cus_guest", source: "checkout" },
          {
            customer_id: "cus_older_guest",
            canonical_customer_id: "cus_guest",
            source: "checkout",
          },
        ])
        await service.createCustomerEmails([
          { customer_id: "cus_account", email: "me@example.com" },
          { customer_id: "cus_guest", email: "ME@work.example" },
          { customer_id: "cus_guest", email: "me@home.example" },
        ])
        await service.createCustomerPhones([
          { customer_id: "cus_guest", phone: "+1 555 123 4567" },
        ])
        await service.createCustomerIdentifiers([
          { customer_id: "cus_account", kind: "passport", value: "X1" },
          { customer_id: "cus_guest", kind: "passport", value: "X2" },
          { customer_id: "cus_guest", kind: "tax_id", value: "DE 1" },
        ])
        await service.createOrderContacts({
          order_id: "order_1",
          customer_id: "cus_older_guest",
          canonical_customer_id: "cus_guest",
          matched_by: MatchedBy.EMAIL,
          placed_at: new Date(),
        })
      })

      it("should point every link, identifier and contact of the sources at the target, keeping the target's primary", async () => {
        await service.foldCustomers("cus_account", ["cus_guest"])

        const after = {
          links: await service.listCustomerLinks({}),
          emails: await service.listCustomerEmails({}),
          phones: await service.listCustomerPhones({}),
          contacts: await service.listOrderContacts({}),
        }
        expect(
          after.links
            .map((l) => [l.customer_id, l.canonical_customer_id])
            .sort()
        ).toEqual([
          ["cus_account", "cus_account"],
          ["cus_guest", "cus_account"],
          ["cus_older_guest", "cus_account"],
        ])
        expect(after.emails.every((e) => e.customer_id === "cus_account")).toBe(
          true
        )
        expect(after.emails.filter((e) => e.is_primary)).toHaveLength(1)
        const [primary] = await service.listCustomerEmails({ is_primary: true })
        expect(primary.email).toBe("me@example.com")
        expect(after.phones).toEqual([
          expect.objectContaining({
            customer_id: "cus_account",
            is_primary: true,
          }),
        ])
        expect(after.contacts).toEqual([
          expect.objectContaining({ canonical_customer_id: "cus_account" }),
        ])
        // One primary per kind: the target keeps its passport, takes the VAT number's.
        const identifiers = await service.listCustomerIdentifiers({})
        expect(
          identifiers
            .map((i) => [i.customer_id, i.kind, i.value, i.is_primary])
            .sort()
        ).toEqual([
          ["cus_account", "passport", "X1", true],
          ["cus_account", "passport", "X2", false],
          ["cus_account", "tax_id", "DE 1", true],
        ])
      })

      it("should record an automatic fold once: a source already folded is no identity to record", async () => {
        await service.foldCustomers("cus_account", ["cus_guest"], "email")
        // A plan read before the first fold committed asks again.
        const again = await service.foldCustomers(
          "cus_account",
          ["cus_guest"],
          "email"
        )
        expect(again.merge_ids).toBeUndefined()
        expect(await service.listCustomerMerges({})).toEqual([
          expect.objectContaining({
            source_customer_id: "cus_guest",
            target_customer_id: "cus_account",
            evidence: "email",
          }),
        ])
      })

      it("should be undone exactly by restoreFold", async () => {
        const before = await snapshot()
        const journal = await service.foldCustomers("cus_account", [
          "cus_guest",
        ])
        await service.restoreFold(journal)
        expect(await snapshot()).toEqual(before)
      })
    })

    describe("createCustomerIdentifiers", () => {
      it("should keep values of a kind normalised, one customer per value, the first of a kind primary", async () => {
        const [first, second] = await service.createCustomerIdentifiers([
          { customer_id: "cus_1", kind: "passport", value: " ab-12 345 " },
          { customer_id: "cus_1", kind: "passport", value: "CD9" },
        ])
        expect(first).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^ciident_/),
            value: "ab-12 345",
            value_normalized: "AB12345",
            shared: false,
            is_primary: true,
          })
        )
        expect(second.is_primary).toBe(false)
        await expect(
          service.createCustomerIdentifiers({
            customer_id: "cus_2",
            kind: "passport",
            value: "AB 12345",
          })
        ).rejects.toEqual(
          duplicate('Passport "AB 12345" already belongs to customer cus_1')
        )
      })

      it("should let several customers hold a value of a kind that suggests, once each", async () => {
        await service.createCustomerIdentifiers([
          { customer_id: "cus_1", kind: "tax_id", value: "DE 123 456 789" },
          { customer_id: "cus_2", kind: "tax_id", value: "de123456789" },
        ])
        expect(
          (await service.listCustomerIdentifiers({ kind: "tax_id" }))
            .map((row) => [row.customer_id, row.value_normalized, row.shared])
            .sort()
        ).toEqual([
          ["cus_1", "DE123456789", true],
          ["cus_2", "DE123456789", true],
        ])
        await expect(
          service.createCustomerIdentifiers({
            customer_id: "cus_2",
            kind: "tax_id",
            value: "DE-123456789",
          })
        ).rejects.toEqual(
          duplicate('VAT number "DE-123456789" is already on customer cus_2')
        )
      })

      it("should refuse a kind the options do not declare and a value with nothing to compare", async () => {
        await expect(
          service.createCustomerIdentifiers({
            customer_id: "cus_1",
            kind: "loyalty_card",
            value: "1",
          })
        ).rejects.toThrow(
          '"loyalty_card" is not an identifier kind of this store: use passport, tax_id'
        )
        await expect(
          service.createCustomerIdentifiers({
            customer_id: "cus_1",
            kind: "passport",
            value: " -/- ",
          })
        ).rejects.toThrow("is not a valid Passport (passport)")
        expect(await countRows("customer_identity_identifier")).toBe(0)
      })

      it("should give a value to one of many customers adding it at once", async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            service.createCustomerIdentifiers({
              customer_id: `cus_${i}`,
              kind: "passport",
              value: `P-${7}`,
            })
          )
        )
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        // Refused by the ownership check (the value as given) or, in a race,
        // by the unique index (the value as stored).
        for (const result of results) {
          if (result.status === "rejected") {
            expect(result.reason).toEqual(
              expect.objectContaining({
                type: MedusaError.Types.DUPLICATE_ERROR,
                message: expect.stringMatching(
                  /^Passport "(P-7|P7)" already belongs to /
                ),
              })
            )
          }
        }
        expect(await countRows("customer_identity_identifier")).toBe(1)
      })
    })

    describe("order contacts", () => {
      it("should keep one order contact per order", async () => {
        const contact = {
          order_id: "order_1",
          customer_id: "cus_1",
          canonical_customer_id: "cus_1",
          email: "John@Example.com",
          matched_by: MatchedBy.EMAIL,
          placed_at: new Date(),
        }
        await service.createOrderContacts(contact)
        await expect(service.createOrderContacts(contact)).rejects.toThrow(
          "already exists"
        )
        expect(await countRows("customer_identity_order_contact")).toBe(1)
      })
    })

    describe("recordOwnedOrderContact", () => {
      const placedAt = new Date(Date.UTC(2026, 0, 5))
      const contact = (order_id: string) => ({
        order_id,
        customer_id: "cus_1",
        email: "Ann@Example.com",
        phone: "(212) 555-0101",
        recipient_phone: null,
        first_name: "Ann",
        last_name: "Lee",
        matched_by: {
          primary: MatchedBy.EMAIL,
          secondary: MatchedBy.SECONDARY_EMAIL,
        },
        placed_at: placedAt,
        canceled_at: null,
        email_normalized: "ann@example.com",
        phone_e164: "+12125550101",
        suppression_hashes: ["hash-of-ann"],
      })
      beforeEach(async () => {
        await service.createNewIdentity({
          customer_id: "cus_1",
          has_account: false,
          source: "order",
          email: {
            email: "ann@example.com",
            email_normalized: "ann@example.com",
          },
          phone: { phone: "+12125550101", phone_e164: "+12125550101" },
          identifiers: [],
        })
      })
      const stats = async () => {
        const [link] = await service.listCustomerLinks({ customer_id: "cus_1" })
        return { count: link.order_count, last: link.last_order_at }
      }

      it("should record the contact and the stats when the customer is canonical and owns the email and phone", async () => {
        expect(await service.recordOwnedOrderContact(contact("o1"))).toBe(true)

        const [recorded] = await service.listOrderContacts({ order_id: "o1" })
        expect(recorded).toEqual(
          expect.objectContaining({
            customer_id: "cus_1",
            canonical_customer_id: "cus_1",
            email: "Ann@Example.com",
            phone: "(212) 555-0101",
            first_name: "Ann",
            last_name: "Lee",
            matched_by: MatchedBy.EMAIL,
          })
        )
        expect(await stats()).toEqual({ count: 1, last: placedAt })

        const later = new Date(Date.UTC(2026, 0, 9))
        await service.recordOwnedOrderContact({
          ...contact("o2"),
          placed_at: later,
        })
        expect(await stats()).toEqual({ count: 2, last: later })
      })

      it("should say how the order was matched by whether the email is the customer's primary one", async () => {
        await service.createCustomerEmails({
          customer_id: "cus_1",
          email: "ann.work@example.com",
        })

        await service.recordOwnedOrderContact({
          ...contact("o1"),
          email_normalized: "ann.work@example.com",
        })
        await service.recordOwnedOrderContact(contact("o2"))

        const contacts = await service.listOrderContacts(
          {},
          { order: { order_id: "ASC" } }
        )
        expect(contacts.map((c) => [c.order_id, c.matched_by])).toEqual([
          ["o1", MatchedBy.SECONDARY_EMAIL],
          ["o2", MatchedBy.EMAIL],
        ])
      })

      it("should write nothing for an order that has a contact, or a customer that no longer holds what was read", async () => {
        await service.recordOwnedOrderContact(contact("o1"))
        for (const [customer_id, email, phone] of [
          ["cus_2", "bo@example.com", "+12125550102"],
          ["cus_3", "cy@example.com", undefined],
        ]) {
          await service.createNewIdentity({
            customer_id: customer_id!,
            has_account: false,
            source: "order",
            email: { email: email!, email_normalized: email! },
            phone: phone ? { phone, phone_e164: phone } : undefined,
            identifiers: [],
          })
        }
        await service.foldCustomers("cus_1", ["cus_3"])
        await service.createIdentifierSuppressions([
          // Before the order: the person gave it again since.
          {
            customer_id: "cus_gone",
            kind: "email",
            identifier_hash: "hash-of-ann",
            erased_at: new Date(Date.UTC(2026, 0, 1)),
          },
          {
            customer_id: "cus_gone",
            kind: "phone",
            identifier_hash: "hash-of-erased",
            erased_at: placedAt,
          },
        ])
        expect(await service.recordOwnedOrderContact(contact("o6"))).toBe(true)

        const refused = [
          // A redelivery: the contact is there.
          contact("o1"),
          // The email is another identity's.
          { ...contact("o2"), email_normalized: "bo@example.com" },
          // The phone is another identity's: the phone rule decides.
          { ...contact("o3"), phone_e164: "+12125550102" },
          // Erased at or after the order was placed, with a phone nobody owns.
          {
            ...contact("o5"),
            phone_e164: "+12125550199",
            suppression_hashes: ["hash-of-erased"],
            attach_phone: true,
          },
          // A phone nobody owns, not to be attached by this caller.
          { ...contact("o7"), phone_e164: "+12125550199" },
          // Folded: no longer its own canonical customer.
          {
            ...contact("o4"),
            customer_id: "cus_3",
            email_normalized: "cy@example.com",
            phone_e164: null,
          },
        ]
        for (const input of refused) {
          expect(await service.recordOwnedOrderContact(input)).toBe(false)
        }

        expect(await countRows("customer_identity_order_contact")).toBe(2)
        expect(await countRows("customer_identity_phone")).toBe(2)
        expect(await stats()).toEqual({ count: 2, last: placedAt })
      })

      it("should attach a phone nobody owns as attaching does, primary only for a customer without one", async () => {
        await service.createNewIdentity({
          customer_id: "cus_2",
          has_account: false,
          source: "checkout",
          email: {
            email: "bo@example.com",
            email_normalized: "bo@example.com",
          },
          identifiers: [],
        })

        expect(
          await service.recordOwnedOrderContact({
            ...contact("o1"),
            phone: " (212) 555-0199 ",
            phone_e164: "+12125550199",
            attach_phone: true,
          })
        ).toBe(true)
        expect(
          await service.recordOwnedOrderContact({
            ...contact("o2"),
            customer_id: "cus_2",
            email: "bo@example.com",
            email_normalized: "bo@example.com",
            phone: "+1 212 555 0102",
            phone_e164: "+12125550102",
            attach_phone: true,
          })
        ).toBe(true)

        const phones = await service.listCustomerPhones(
          { phone_e164: ["+12125550199", "+12125550102"] },
          { order: { phone_e164: "ASC" } }
        )
        expect(
          phones.map((p) => [p.customer_id, p.phone, p.is_primary, p.source])
        ).toEqual([
          ["cus_2", "+1 212 555 0102", true, "order"],
          ["cus_1", "(212) 555-0199", false, "order"],
        ])
        expect(await countRows("customer_identity_order_contact")).toBe(2)
      })
    })

    describe("insertConflictFreeCustomers", () => {
      const row = {
        customer_id: "cus_1",
        has_account: false,
        email: "Ann@Example.com",
        email_normalized: "ann@example.com",
        phone: "+12125550101",
        phone_e164: "+12125550101",
        suppression_hashes: [],
      }

      it("should write rows sent without hashes while the suppression list is empty", async () => {
        expect(await service.hasSuppressions()).toBe(false)
        const { customer_ids } = await service.insertConflictFreeCustomers({
          rows: [row],
          unhashed: true,
        })

        expect(customer_ids).toEqual(["cus_1"])
        expect(await countRows("customer_identity_email")).toBe(1)
        expect(await countRows("customer_identity_phone")).toBe(1)
      })

      it("should write nothing for rows sent without hashes once the suppression list is not empty", async () => {
        await service.createIdentifierSuppressions([
          {
            customer_id: "cus_gone",
            kind: "email",
            identifier_hash: "hash-of-someone-else",
            erased_at: new Date(),
          },
        ])
        expect(await service.hasSuppressions()).toBe(true)
        const { customer_ids } = await service.insertConflictFreeCustomers({
          rows: [row],
          unhashed: true,
        })

        expect(customer_ids).toEqual([])
        expect(await countRows("customer_identity_link")).toBe(0)
        expect(await countRows("customer_identity_email")).toBe(0)
      })
    })
  },
})
