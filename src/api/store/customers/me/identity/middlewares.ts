import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
} from "@medusajs/framework/http"
import {
  StoreAddCustomerEmail,
  StoreAddCustomerPhone,
  StoreConfirmVerification,
} from "./validators"

const BASE = "/store/customers/me/identity"

export const storeCustomerIdentityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET", "POST", "DELETE"],
    matcher: `${BASE}*`,
    middlewares: [authenticate("customer", ["session", "bearer"])],
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
    matcher: `${BASE}/:kind/:identifier_id/verification/confirm`,
    middlewares: [validateAndTransformBody(StoreConfirmVerification)],
  },
]
