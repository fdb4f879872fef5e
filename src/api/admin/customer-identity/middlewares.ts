import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework"
import { retrieveCustomerIdentityQueryConfig } from "./query-config"
import { AdminGetCustomerIdentityParams } from "./validators"

export const adminCustomerIdentityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/customer-identity/customers/:customer_id",
    middlewares: [
      validateAndTransformQuery(
        AdminGetCustomerIdentityParams,
        retrieveCustomerIdentityQueryConfig
      ),
    ],
  },
]
