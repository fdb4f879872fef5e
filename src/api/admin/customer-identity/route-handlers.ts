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
import {
  AdminAddCustomerEmailType,
  AdminAddCustomerPhoneType,
} from "./validators"

type Kind = "email" | "phone"

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

/** POST .../customers/:customer_id/{emails,phones} */
export const addIdentifierRoute =
  (kind: Kind) =>
  async (
    req: AuthenticatedMedusaRequest<
      AdminAddCustomerEmailType | AdminAddCustomerPhoneType
    >,
    res: MedusaResponse<AdminCustomerIdentityResponse>
  ) => {
    const body = req.validatedBody
    await addCustomerIdentifiersWorkflow(req.scope).run({
      input: {
        customer_id: req.params.customer_id,
        source: IdentitySource.MANUAL,
        ...(kind === "email"
          ? { emails: [body as AdminAddCustomerEmailType] }
          : { phones: [body as AdminAddCustomerPhoneType] }),
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

/** DELETE .../customers/:customer_id/{emails,phones}/:identifier_id */
export const removeIdentifierRoute =
  (kind: Kind) =>
  async (
    req: AuthenticatedMedusaRequest,
    res: MedusaResponse<
      AdminDeleteResponse<"customer_email" | "customer_phone"> & {
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
      object: kind === "email" ? "customer_email" : "customer_phone",
      deleted: true,
      parent: await refetchCustomerIdentity(
        req.scope,
        req.params.customer_id,
        req.queryConfig.fields
      ),
    })
  }
