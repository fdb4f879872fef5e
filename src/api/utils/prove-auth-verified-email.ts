import {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import CustomerIdentityModuleService from "../../modules/customer-identity/service"
import { CUSTOMER_IDENTITY_MODULE } from "../../types/constants"
import { parseEmail } from "../../utils/normalize-email"
import { readOrSkip } from "../../workflows/common/utils/read-or-skip"
import { maskContacts } from "../../utils/mask-contacts"
import { claimVerifiedEmailWorkflow } from "../../workflows"

/**
 * Medusa's own Auth verification counts as proof. When the shopper's auth
 * identity has verified its own login email (its `auth_verification` for its
 * provider identity's email, `verified_at` set; an address the shopper named
 * otherwise counts for nothing), the shopper's next store request takes the
 * guest orders placed with it, as a plugin code would, without a second
 * code. Medusa's confirm route emits no event, hence a middleware. A proof
 * that cannot be applied (another account owns the email) is logged and
 * never fails the shopper's request.
 */
export async function proveAuthVerifiedEmail(
  req: AuthenticatedMedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  const { actor_type, actor_id, auth_identity_id } = req.auth_context ?? {}
  if (actor_type === "customer" && actor_id && auth_identity_id) {
    try {
      await claimVerifiedLoginEmails(req.scope, actor_id, auth_identity_id)
    } catch (error) {
      req.scope
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(
          `customer-identity: a verified login email of customer ${actor_id} was not applied as proof: ${maskContacts((error as Error).message)}`
        )
    }
  }
  next()
}

async function claimVerifiedLoginEmails(
  scope: MedusaContainer,
  customerId: string,
  authIdentityId: string
) {
  const auth = scope.resolve(Modules.AUTH)
  const identity = await auth.retrieveAuthIdentity(authIdentityId, {
    relations: ["provider_identities"],
  })
  const logins = (identity.provider_identities ?? []).flatMap((provider) => {
    const email = readOrSkip(() => parseEmail(provider.entity_id), true)
    return email ? [{ entity_id: provider.entity_id, ...email }] : []
  })
  if (!logins.length) {
    return
  }
  // Once the plugin holds the email as verified, nothing is left to do.
  const service: CustomerIdentityModuleService = scope.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const verifiedRows = await service.listCustomerEmails(
    { email_normalized: logins.map((login) => login.email_normalized) },
    { select: ["email_normalized", "verified_at"] }
  )
  const pending = logins.filter(
    (login) =>
      !verifiedRows.some(
        (row) =>
          row.email_normalized === login.email_normalized && row.verified_at
      )
  )
  for (const login of pending) {
    const [verification] = await auth.listAuthVerifications({
      auth_identity_id: authIdentityId,
      entity_id: login.entity_id,
      entity_type: "email",
    })
    if (verification?.verified_at) {
      await claimVerifiedEmailWorkflow(scope).run({
        input: { customer_id: customerId, email: login.email },
      })
    }
  }
}
