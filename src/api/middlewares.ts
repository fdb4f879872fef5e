import { defineMiddlewares } from "@medusajs/framework/http"
import { adminCustomerIdentityMiddlewares } from "./admin/customer-identity/middlewares"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeCustomerIdentityMiddlewares } from "./store/customers/me/identity/middlewares"

export default defineMiddlewares({
  routes: [
    ...adminCustomerIdentityMiddlewares,
    ...storeCartMiddlewares,
    ...storeCustomerIdentityMiddlewares,
  ],
})
