import {
  authenticate,
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
  validateAndTransformBody,
} from "@medusajs/framework/http"
import { IdentitySource } from "../../../../../types/constants"
import { findOrCreateCustomerWorkflow } from "../../../../../workflows"
import {
  StoreAddCustomerEmail,
  StoreAddCustomerPhone,
  StoreConfirmVerification,
} from "./validators"

const BASE = "/store/customers/me/identity"

/** Every route works on the shopper's identity: create it if the plugin has not seen the customer yet. */
async function ensureCustomerIdentity(
  req: AuthenticatedMedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    await findOrCreateCustomerWorkflow(req.scope).run({
      input: {
        customer_id: req.auth_context.actor_id,
        source: IdentitySource.STORE,
      },
    })
    next()
  } catch (error) {
    next(error)
  }
}

export const storeCustomerIdentityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET", "POST", "DELETE"],
    matcher: `${BASE}*`,
    middlewares: [
      authenticate("customer", ["session", "bearer"]),
      ensureCustomerIdentity,
    ],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/emails`,
    middlewares: [validateAndTransformBody(StoreAddCustomerEmail)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/phones`,
    middlewares: [validateAndTransformBody(StoreAddCustomerPhone)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/emails/:identifier_id/verification/confirm`,
    middlewares: [validateAndTransformBody(StoreConfirmVerification)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/phones/:identifier_id/verification/confirm`,
    middlewares: [validateAndTransformBody(StoreConfirmVerification)],
  },
]
