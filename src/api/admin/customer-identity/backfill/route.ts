import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AdminBackfillResponse } from "../../../../types/http"
import {
  runCustomerIdentityBackfill,
  startCustomerIdentityBackfill,
} from "../../../../workflows"
import { AdminStartBackfillType } from "../validators"
import { maskContacts } from "../../../../utils/mask-contacts"

/**
 * Starts a backfill of pre-plugin customers, admin users and orders, and
 * answers at once: follow it with GET /admin/customer-identity/backfill/:id.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminStartBackfillType>,
  res: MedusaResponse<AdminBackfillResponse>
) => {
  const backfill = await startCustomerIdentityBackfill(
    req.scope,
    req.validatedBody
  )
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  // Progress and failures are persisted on the run: the request does not wait.
  runCustomerIdentityBackfill(req.scope, backfill.id).catch((error) =>
    logger.error(
      `Backfill ${backfill.id} failed: ${maskContacts(error.message)}`
    )
  )
  res.status(202).json({ backfill })
}
