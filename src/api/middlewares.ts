import { defineMiddlewares } from "@medusajs/framework/http"
import { adminCustomerIdentityMiddlewares } from "./admin/customer-identity/middlewares"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeCustomerIdentityMiddlewares } from "./store/customers/me/identity/middlewares"
import { rejectNulCharacters } from "./utils/reject-nul-characters"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/customer-identity*",
      middlewares: [rejectNulCharacters],
    },
    {
      matcher: "/store/customers/me/identity*",
      middlewares: [rejectNulCharacters],
    },
    ...adminCustomerIdentityMiddlewares,
    ...storeCartMiddlewares,
    ...storeCustomerIdentityMiddlewares,
  ],
})
