import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { IdentitySource } from "../../../types/constants"
import {
  AdminCustomerIdentityResponse,
  AdminDeleteResponse,
} from "../../../types/http"
import {
  addCustomerIdentifiersWorkflow,
  CustomerIdentityStatusAction,
  removeCustomerIdentifierWorkflow,
  setPrimaryCustomerIdentifierWorkflow,
  updateCustomerIdentityStatusWorkflow,
} from "../../../workflows"
import { refetchCustomerIdentity } from "./helpers"
import { IdentifierKind } from "../../../workflows/common/utils/identifier-service"
import {
  AdminAddCustomerEmailType,
  AdminAddCustomerIdentifierType,
  AdminAddCustomerPhoneType,
} from "./validators"

type Kind = "email" | "phone"

const LISTS = {
  email: "emails",
  phone: "phones",
  identifier: "identifiers",
} as const

/** The customer of the route, as the admin shows it. */
export const respondWithIdentity = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminCustomerIdentityResponse>
) => {
  res.json({
    customer_identity: await refetchCustomerIdentity(
      req.scope,
      req.params.customer_id,
      req.queryConfig.fields
    ),
  })
}

/** POST .../customers/:customer_id/{activate,archive,reactivate} */
export const statusRoute =
  (action: CustomerIdentityStatusAction) =>
  async (
    req: AuthenticatedMedusaRequest,
    res: MedusaResponse<AdminCustomerIdentityResponse>
  ) => {
    await updateCustomerIdentityStatusWorkflow(req.scope).run({
      input: { customer_id: req.params.customer_id, action },
    })
    await respondWithIdentity(req, res)
  }

/** POST .../customers/:customer_id/{emails,phones,identifiers} */
export const addIdentifierRoute =
  (kind: IdentifierKind) =>
  async (
    req: AuthenticatedMedusaRequest<
      | AdminAddCustomerEmailType
      | AdminAddCustomerPhoneType
      | AdminAddCustomerIdentifierType
    >,
    res: MedusaResponse<AdminCustomerIdentityResponse>
  ) => {
    await addCustomerIdentifiersWorkflow(req.scope).run({
      input: {
        customer_id: req.params.customer_id,
        source: IdentitySource.MANUAL,
        [LISTS[kind]]: [req.validatedBody],
      },
    })
    await respondWithIdentity(req, res)
  }

/** POST .../customers/:customer_id/{emails,phones}/:identifier_id/primary */
export const setPrimaryIdentifierRoute =
  (kind: Kind) =>
  async (
    req: AuthenticatedMedusaRequest,
    res: MedusaResponse<AdminCustomerIdentityResponse>
  ) => {
    await setPrimaryCustomerIdentifierWorkflow(req.scope).run({
      input: {
        customer_id: req.params.customer_id,
        kind,
        id: req.params.identifier_id,
      },
    })
    await respondWithIdentity(req, res)
  }

/** DELETE .../customers/:customer_id/{emails,phones,identifiers}/:identifier_id */
export const removeIdentifierRoute =
  (kind: IdentifierKind) =>
  async (
    req: AuthenticatedMedusaRequest,
    res: MedusaResponse<
      AdminDeleteResponse<`customer_${IdentifierKind}`> & {
        parent: AdminCustomerIdentityResponse["customer_identity"]
      }
    >
  ) => {
    await removeCustomerIdentifierWorkflow(req.scope).run({
      input: {
        customer_id: req.params.customer_id,
        kind,
        id: req.params.identifier_id,
      },
    })
    res.json({
      id: req.params.identifier_id,
      object: `customer_${kind}`,
      deleted: true,
      parent: await refetchCustomerIdentity(
        req.scope,
        req.params.customer_id,
        req.queryConfig.fields
      ),
    })
  }
