import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export interface RemoveAuthActorStepInput {
  auth_identity_id: string
  /** The actor that goes: `customer` removes `customer_id`. */
  actor_type: string
}

export const removeAuthActorStepId = "remove-auth-actor"
/**
 * This step takes one actor off a login that also serves another (an admin
 * user): its `<actor_type>_id` key leaves the login's `app_metadata`. Core's
 * `setAuthAppMetadataStep` with `null` keeps the key, and core then refuses
 * to give that login a new customer: the address could not sign up again.
 * Its compensation puts the key back as it was.
 */
export const removeAuthActorStep = createStep(
  removeAuthActorStepId,
  async (input: RemoveAuthActorStepInput, { container }) => {
    const authModule = container.resolve(Modules.AUTH)
    const key = `${input.actor_type}_id`
    const login = await authModule.retrieveAuthIdentity(
      input.auth_identity_id,
      { select: ["id", "app_metadata"] }
    )
    const value = login.app_metadata?.[key]
    // The module merges app_metadata into the stored one, so a key left out
    // stays; a key set to undefined is dropped when the JSON is written.
    await authModule.updateAuthIdentities({
      id: login.id,
      app_metadata: { ...login.app_metadata, [key]: undefined },
    })
    return new StepResponse(void 0, { id: login.id, key, value })
  },
  async (removed, { container }) => {
    if (!removed) {
      return
    }
    const authModule = container.resolve(Modules.AUTH)
    await authModule.updateAuthIdentities({
      id: removed.id,
      app_metadata: { [removed.key]: removed.value },
    })
  }
)
