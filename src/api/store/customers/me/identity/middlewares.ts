import { authenticate, MiddlewareRoute } from "@medusajs/framework/http"

export const storeCustomerIdentityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/customers/me/identity*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
]
