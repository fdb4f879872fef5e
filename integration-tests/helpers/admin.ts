import { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  generateJwtToken,
  Modules,
} from "@medusajs/framework/utils"
import { StoreHttpClient } from "./checkout"

/** Creates an admin user with an emailpass identity and returns request headers carrying its token. */
export async function createAdminHeaders(
  container: MedusaContainer,
  email = "admin@medusa-test.com"
) {
  const user = await container
    .resolve(Modules.USER)
    .createUsers({ email, first_name: "Ada", last_name: "Admin" })
  const authIdentity = await container
    .resolve(Modules.AUTH)
    .createAuthIdentities({
      provider_identities: [{ provider: "emailpass", entity_id: email }],
      app_metadata: { user_id: user.id },
    })
  const { projectConfig } = container.resolve(
    ContainerRegistrationKeys.CONFIG_MODULE
  )
  const token = generateJwtToken(
    {
      actor_id: user.id,
      actor_type: "user",
      auth_identity_id: authIdentity.id,
      app_metadata: { user_id: user.id },
    },
    { secret: projectConfig.http.jwtSecret!, expiresIn: "1d" }
  )
  return { user, headers: { authorization: `Bearer ${token}` } }
}

/**
 * Makes the person behind an existing login (a shopper's account) an admin
 * user, as Medusa does for one email that is both: an admin invites the
 * email, the person signs in to the admin with the login they have (a token
 * without an actor) and accepts the invite with it. The one emailpass login
 * then carries both `customer_id` and `user_id`.
 */
export async function acceptInviteWithLogin(
  api: StoreHttpClient,
  adminHeaders: Record<string, string>,
  {
    email,
    password,
    first_name,
    last_name,
  }: {
    email: string
    password: string
    first_name?: string
    last_name?: string
  }
) {
  const {
    data: { invite },
  } = await api.post("/admin/invites", { email }, { headers: adminHeaders })
  const {
    data: { token },
  } = await api.post("/auth/user/emailpass", { email, password })
  const {
    data: { user },
  } = await api.post(
    `/admin/invites/accept?token=${encodeURIComponent(invite.token)}`,
    { first_name, last_name },
    { headers: { authorization: `Bearer ${token}` } }
  )
  return user as {
    id: string
    email: string
    first_name: string | null
    last_name: string | null
  }
}
