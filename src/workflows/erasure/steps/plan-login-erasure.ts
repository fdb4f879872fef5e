import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export interface LoginErasurePlan {
  /** Logins that serve only the erased customers: deleted, so that the email can sign up afresh. */
  delete_ids: string[]
  /** A login that also serves another actor (an admin user): only its customer part goes. */
  unlink_id: string | null
}

export const planLoginErasureStepId = "plan-login-erasure"
/**
 * This step finds the logins (auth identities) of erased customers and, as
 * core's `removeCustomerAccountWorkflow` decides, which to delete and which
 * to keep for the other actors they serve.
 */
export const planLoginErasureStep = createStep(
  planLoginErasureStepId,
  async (customerIds: string[], { container }) => {
    const authModule = container.resolve(Modules.AUTH)
    const logins = (
      await Promise.all(
        customerIds.map((customer_id) =>
          authModule.listAuthIdentities(
            { app_metadata: { customer_id } } as never,
            { select: ["id", "app_metadata"] }
          )
        )
      )
    ).flat()
    const servesOthers = (appMetadata: Record<string, unknown> | null) =>
      Object.entries(appMetadata ?? {}).some(
        ([key, value]) => key !== "customer_id" && value !== null
      )
    return new StepResponse<LoginErasurePlan>({
      delete_ids: logins
        .filter((login) => !servesOthers(login.app_metadata ?? null))
        .map((login) => login.id),
      unlink_id:
        logins.find((login) => servesOthers(login.app_metadata ?? null))?.id ??
        null,
    })
  }
)
