import {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { AdminDismissDuplicateResponse } from "../../../../../types/http"
import { dismissDuplicateWorkflow } from "../../../../../workflows"
import { AdminDismissDuplicateType } from "../../validators"

/** Takes a pair out of duplicate review, whichever order its customers are given in. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminDismissDuplicateType>,
  res: MedusaResponse<AdminDismissDuplicateResponse>
) => {
  await dismissDuplicateWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ dismissed: true })
}
