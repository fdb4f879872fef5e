import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  AdminUpsertContactsResponse,
  UpsertedContact,
} from "../../../../types/http"
import { findOrCreateCustomerWorkflow } from "../../../../workflows"
import { AdminUpsertContactsType } from "../validators"

/**
 * Contacts from another system (a CRM, an ERP, a store being left), each
 * resolved as find-or-create resolves it, in the order given: a later contact
 * finds what an earlier one created. One contact's error (an unreadable
 * phone, an undeclared kind, a value another customer owns) is answered at
 * its index and stops no other.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpsertContactsType>,
  res: MedusaResponse<AdminUpsertContactsResponse>
) => {
  const { contacts, source } = req.validatedBody
  const results: UpsertedContact[] = []
  for (const [index, contact] of contacts.entries()) {
    try {
      const { result } = await findOrCreateCustomerWorkflow(req.scope).run({
        input: { ...contact, source },
      })
      results.push({ index, ...result })
    } catch (error) {
      if (!MedusaError.isMedusaError(error)) {
        throw error
      }
      results.push({
        index,
        error: { type: error.type, message: error.message },
      })
    }
  }
  res.json({
    results,
    created: results.filter((r) => "created" in r && r.created).length,
    errors: results.filter((r) => "error" in r).length,
  })
}
