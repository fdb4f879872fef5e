import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework"
import {
  listCustomerIdentitiesQueryConfig,
  retrieveCustomerIdentityQueryConfig,
} from "./query-config"
import {
  AdminAddCustomerEmail,
  AdminAddCustomerIdentifier,
  AdminStartImport,
  AdminUpsertContacts,
  AdminAddCustomerPhone,
  AdminCreateCustomerIdentity,
  AdminDataRequest,
  AdminDismissDuplicate,
  AdminEraseCustomer,
  AdminGetCustomerIdentitiesParams,
  AdminGetCustomerIdentityParams,
  AdminGetDuplicatesParams,
  AdminGetMergesParams,
  AdminLinkUser,
  AdminMergeCustomers,
  AdminStartBackfill,
} from "./validators"

const BASE = "/admin/customer-identity"
const retrieveQuery = validateAndTransformQuery(
  AdminGetCustomerIdentityParams,
  retrieveCustomerIdentityQueryConfig
)

export const adminCustomerIdentityMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: `${BASE}/customers`,
    middlewares: [
      validateAndTransformQuery(
        AdminGetCustomerIdentitiesParams,
        listCustomerIdentitiesQueryConfig
      ),
    ],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/customers`,
    middlewares: [
      validateAndTransformBody(AdminCreateCustomerIdentity),
      retrieveQuery,
    ],
  },
  {
    method: ["GET", "DELETE"],
    matcher: `${BASE}/customers/:customer_id`,
    middlewares: [retrieveQuery],
  },
  ...["activate", "archive", "reactivate"].map((action) => ({
    method: ["POST" as const],
    matcher: `${BASE}/customers/:customer_id/${action}`,
    middlewares: [retrieveQuery],
  })),
  {
    method: ["POST"],
    matcher: `${BASE}/imports`,
    middlewares: [validateAndTransformBody(AdminStartImport)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/contacts`,
    // A thousand contacts are more than Express's default 100 kB.
    bodyParser: { sizeLimit: "2mb" },
    middlewares: [validateAndTransformBody(AdminUpsertContacts)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/data-requests`,
    middlewares: [validateAndTransformBody(AdminDataRequest)],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/customers/:customer_id/erase`,
    middlewares: [validateAndTransformBody(AdminEraseCustomer), retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/customers/:customer_id/emails`,
    middlewares: [
      validateAndTransformBody(AdminAddCustomerEmail),
      retrieveQuery,
    ],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/customers/:customer_id/phones`,
    middlewares: [
      validateAndTransformBody(AdminAddCustomerPhone),
      retrieveQuery,
    ],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/customers/:customer_id/identifiers`,
    middlewares: [
      validateAndTransformBody(AdminAddCustomerIdentifier),
      retrieveQuery,
    ],
  },
  {
    method: ["DELETE"],
    matcher: `${BASE}/customers/:customer_id/identifiers/:identifier_id`,
    middlewares: [retrieveQuery],
  },
  ...["emails", "phones"].flatMap((kind) => [
    {
      method: ["DELETE" as const],
      matcher: `${BASE}/customers/:customer_id/${kind}/:identifier_id`,
      middlewares: [retrieveQuery],
    },
    {
      method: ["POST" as const],
      matcher: `${BASE}/customers/:customer_id/${kind}/:identifier_id/primary`,
      middlewares: [retrieveQuery],
    },
  ]),
  {
    method: ["GET"],
    matcher: `${BASE}/users/:user_id`,
    middlewares: [retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/users/:user_id/link`,
    middlewares: [validateAndTransformBody(AdminLinkUser), retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/backfill`,
    middlewares: [validateAndTransformBody(AdminStartBackfill)],
  },
  {
    method: ["GET"],
    matcher: `${BASE}/duplicates`,
    middlewares: [
      validateAndTransformQuery(AdminGetDuplicatesParams, {
        defaults: [],
        defaultLimit: 20,
        isList: true,
      }),
    ],
  },
  {
    method: ["POST"],
    matcher: `${BASE}/duplicates/dismiss`,
    middlewares: [validateAndTransformBody(AdminDismissDuplicate)],
  },
  {
    method: ["GET"],
    matcher: `${BASE}/merges`,
    middlewares: [
      validateAndTransformQuery(AdminGetMergesParams, {
        defaults: [],
        defaultLimit: 20,
        isList: true,
      }),
    ],
  },
  ...["merges", "merges/preview"].map((path) => ({
    method: ["POST" as const],
    matcher: `${BASE}/${path}`,
    middlewares: [validateAndTransformBody(AdminMergeCustomers)],
  })),
]
