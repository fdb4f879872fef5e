import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  dropSuppressedIdentifiers,
  RecordedContact,
} from "../../common/utils/suppression"

export type DropSuppressedIdentifiersStepInput = RecordedContact

export const dropSuppressedIdentifiersStepId = "drop-suppressed-identifiers"
/**
 * This step drops from a stored record's email and phone those an erasure
 * suppressed after the record was made, so that replaying old data (an event
 * delivered again, a backfill) never brings an erased person back. Returns
 * the email, phone and recipient's phone as given, or null where suppressed.
 */
export const dropSuppressedIdentifiersStep = createStep(
  dropSuppressedIdentifiersStepId,
  async (input: DropSuppressedIdentifiersStepInput, { container }) => {
    const [kept] = await dropSuppressedIdentifiers(container, [input])
    return new StepResponse({
      email: kept.email ?? null,
      phone: kept.phone ?? null,
      recipient_phone: kept.recipient_phone ?? null,
    })
  }
)
