import { defineMiddlewares } from "@medusajs/framework/http"
import { adminCustomerIdentityMiddlewares } from "./admin/customer-identity/middlewares"

export default defineMiddlewares({
  routes: [...adminCustomerIdentityMiddlewares],
})
