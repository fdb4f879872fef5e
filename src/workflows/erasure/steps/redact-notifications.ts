import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { escapeLike } from "../../../utils/escape-like"
import { ErasedIdentifier } from "./plan-customer-erasure"

/** What a notification the plugin sent keeps after an erasure: that it was sent, how and when. */
const REDACTED = { to: "[erased]", data: null, provider_data: null }

interface NotificationRow {
  id: string
  to: string
  data: unknown
  provider_data: unknown
}

/** The part of the Notification module's generated service this step uses. */
interface NotificationRows {
  listNotifications(
    filters: unknown,
    config: { select: string[] }
  ): Promise<NotificationRow[]>
  updateNotifications(data: Partial<NotificationRow>[]): Promise<unknown>
}

export const redactNotificationsStepId = "redact-notifications"
/**
 * This step redacts the notifications the plugin sent to the erased emails
 * and phones (verification codes, welcome messages): the recipient and the
 * data, which holds the code, are blanked; channel, template, status and
 * date stay. Its compensation puts them back.
 */
export const redactNotificationsStep = createStep(
  redactNotificationsStepId,
  async (identifiers: ErasedIdentifier[], { container }) => {
    const { verification, welcomeNotification } = await container
      .resolve<CustomerIdentityModuleService>(CUSTOMER_IDENTITY_MODULE)
      .getOptions()
    const notifications = container.resolve(
      Modules.NOTIFICATION
    ) as unknown as NotificationRows
    const recipients = [
      ...identifiers
        .filter((identifier) => identifier.kind === "phone")
        .map((identifier) => ({ to: identifier.value })),
      // A welcome message goes to the email as typed.
      ...identifiers
        .filter((identifier) => identifier.kind === "email")
        .map((identifier) => ({
          to: { $ilike: escapeLike(identifier.value) },
        })),
    ]
    const rows = recipients.length
      ? await notifications.listNotifications(
          {
            $or: recipients,
            template: [
              verification.template,
              ...(welcomeNotification ? [welcomeNotification.template] : []),
            ],
          },
          { select: ["id", "to", "data", "provider_data"] }
        )
      : []
    if (rows.length) {
      await notifications.updateNotifications(
        rows.map((row) => ({ id: row.id, ...REDACTED }))
      )
    }
    return new StepResponse(void 0, rows)
  },
  async (rows, { container }) => {
    if (!rows?.length) {
      return
    }
    await (
      container.resolve(Modules.NOTIFICATION) as unknown as NotificationRows
    ).updateNotifications(rows)
  }
)
