import { authenticate, defineMiddlewares } from "@medusajs/framework/http"
import { adminCustomerIdentityMiddlewares } from "./admin/customer-identity/middlewares"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeCustomerIdentityMiddlewares } from "./store/customers/me/identity/middlewares"
import { proveAuthVerifiedEmail } from "./utils/prove-auth-verified-email"
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
    // Where a shopper looks at their orders and identity, Medusa's own email verification proves the email.
    {
      method: ["GET"],
      matcher: "/store/orders*",
      middlewares: [
        authenticate("customer", ["session", "bearer"]),
        proveAuthVerifiedEmail,
      ],
    },
    {
      matcher: "/store/customers/me*",
      middlewares: [
        authenticate("customer", ["session", "bearer"]),
        proveAuthVerifiedEmail,
      ],
    },
    ...adminCustomerIdentityMiddlewares,
    ...storeCartMiddlewares,
    ...storeCustomerIdentityMiddlewares,
  ],
})
