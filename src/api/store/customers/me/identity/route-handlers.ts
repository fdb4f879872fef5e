import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  StoreCustomerIdentityResponse,
  StoreDeleteIdentifierResponse,
  StoreIdentifierVerificationResponse,
} from "../../../../../types/http"
import { RATE_LIMITED } from "../../../../../utils/verification-code"
import {
  addStoreIdentifierWorkflow,
  confirmIdentifierVerificationWorkflow,
  removeStoreIdentifierWorkflow,
  requestIdentifierVerificationWorkflow,
  setPrimaryStoreIdentifierWorkflow,
} from "../../../../../workflows"
import { retrieveStoreCustomerIdentity } from "./helpers"
import {
  StoreAddCustomerEmailType,
  StoreAddCustomerPhoneType,
  StoreConfirmVerificationType,
} from "./validators"

type Kind = "email" | "phone"
type Req<Body = unknown> = AuthenticatedMedusaRequest<Body>

const respondWithIdentity = async (
  req: Req,
  res: MedusaResponse<StoreCustomerIdentityResponse>
) => {
  res.json({
    customer_identity: await retrieveStoreCustomerIdentity(
      req.scope,
      req.auth_context.actor_id
    ),
  })
}

/** The shopper's email or phone named by the route (NOT_FOUND for anyone else's). */
const identifierRef = (req: Req, kind: Kind) => ({
  customer_id: req.auth_context.actor_id,
  kind,
  id: req.params.identifier_id,
})

/**
 * Brute force and code flooding answer 429, with the reason and, for codes
 * requested too often, when to ask again (`Retry-After`, seconds).
 */
const answerRateLimit = (res: MedusaResponse<any>, error: any) => {
  if (error?.code !== RATE_LIMITED) {
    throw error
  }
  if (error.retry_after_seconds) {
    res.setHeader("Retry-After", String(error.retry_after_seconds))
  }
  res.status(429).json({
    type: "too_many_requests",
    code: RATE_LIMITED,
    message: error.message,
  })
}

/** POST /store/customers/me/identity/{emails,phones} */
export const addIdentifierRoute =
  (kind: Kind) =>
  async (
    req: Req<StoreAddCustomerEmailType | StoreAddCustomerPhoneType>,
    res: MedusaResponse<StoreCustomerIdentityResponse>
  ) => {
    const body = req.validatedBody
    await addStoreIdentifierWorkflow(req.scope).run({
      input: {
        customer_id: req.auth_context.actor_id,
        kind,
        value: "email" in body ? body.email : body.phone,
        type: body.type,
        country_code: "country_code" in body ? body.country_code : undefined,
      },
    })
    await respondWithIdentity(req, res)
  }

/** DELETE /store/customers/me/identity/{emails,phones}/:identifier_id */
export const removeIdentifierRoute =
  (kind: Kind) =>
  async (req: Req, res: MedusaResponse<StoreDeleteIdentifierResponse>) => {
    await removeStoreIdentifierWorkflow(req.scope).run({
      input: identifierRef(req, kind),
    })
    res.json({
      id: req.params.identifier_id,
      object: kind === "email" ? "customer_email" : "customer_phone",
      deleted: true,
      parent: await retrieveStoreCustomerIdentity(
        req.scope,
        req.auth_context.actor_id
      ),
    })
  }

/** POST /store/customers/me/identity/{emails,phones}/:identifier_id/primary */
export const setPrimaryIdentifierRoute =
  (kind: Kind) =>
  async (req: Req, res: MedusaResponse<StoreCustomerIdentityResponse>) => {
    await setPrimaryStoreIdentifierWorkflow(req.scope).run({
      input: identifierRef(req, kind),
    })
    await respondWithIdentity(req, res)
  }

/** POST /store/customers/me/identity/{emails,phones}/:identifier_id/verification */
export const requestVerificationRoute =
  (kind: Kind) =>
  async (
    req: Req,
    res: MedusaResponse<StoreIdentifierVerificationResponse>
  ) => {
    try {
      const { result } = await requestIdentifierVerificationWorkflow(
        req.scope
      ).run({
        input: identifierRef(req, kind),
      })
      res.json({
        verification: {
          identifier_id: req.params.identifier_id,
          expires_at: result.expires_at,
        },
      })
    } catch (error) {
      answerRateLimit(res, error)
    }
  }

/** POST /store/customers/me/identity/{emails,phones}/:identifier_id/verification/confirm */
export const confirmVerificationRoute =
  (kind: Kind) =>
  async (
    req: Req<StoreConfirmVerificationType>,
    res: MedusaResponse<StoreCustomerIdentityResponse>
  ) => {
    try {
      await confirmIdentifierVerificationWorkflow(req.scope).run({
        input: { ...identifierRef(req, kind), code: req.validatedBody.code },
      })
    } catch (error) {
      return answerRateLimit(res, error)
    }
    await respondWithIdentity(req, res)
  }
