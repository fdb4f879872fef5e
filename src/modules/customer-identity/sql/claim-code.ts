import { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  ClaimCodeAttempt,
  RowSnapshot,
  WrongCodeGuess,
} from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { verificationCodeMatches } from "../../../utils/verification-code"
import { sql, stateColumns } from "./run"

/** A claim's columns that hold the state of its verification code. */
const CLAIM_CODE_COLUMNS = [
  "code_hash",
  "code_expires_at",
  "code_attempts",
  "last_sent_at",
]

type ClaimCode = {
  id: string
  code_hash: string | null
  code_expires_at: string | null
  code_attempts: number
  updated_at: string
}

/**
 * Stores a new code for a claim (the send limits are the caller's, counted
 * on the identifier). Returns the code state as it was, for `restoreRows`.
 */
export async function issueClaimCode(
  context: Context,
  claimId: string,
  code: { hash: string; expires_at: Date }
): Promise<RowSnapshot> {
  const [before] = await sql(
    context,
    `WITH old AS (
       SELECT * FROM customer_identity_claim
        WHERE id = ? AND deleted_at IS NULL FOR UPDATE)
     UPDATE customer_identity_claim c
        SET code_hash = ?, code_expires_at = ?, code_attempts = 0,
            last_sent_at = now(), updated_at = now()
       FROM old
      WHERE c.id = old.id
      RETURNING ${stateColumns(CLAIM_CODE_COLUMNS, "old")}`,
    [claimId, code.hash, code.expires_at]
  )
  if (!before) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Claim ${claimId} was not found`
    )
  }
  return { entity: "CustomerClaim", rows: [before] }
}

/**
 * Tries a code against a claim. A right code is used up; a wrong one counts
 * against `maxAttempts` and is recorded as `wrongGuess` (a code guess row,
 * counted on the identifier), both committed whatever the caller does next,
 * so that a failing workflow cannot reset them.
 */
export async function attemptClaimCode(
  context: Context,
  claimId: string,
  code: string,
  maxAttempts: number,
  wrongGuess: WrongCodeGuess
): Promise<ClaimCodeAttempt> {
  const [claim] = await sql<ClaimCode>(
    context,
    `SELECT ${stateColumns(CLAIM_CODE_COLUMNS)} FROM customer_identity_claim
      WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [claimId]
  )
  if (!claim?.code_hash) {
    return { outcome: "missing" }
  }
  if (claim.code_attempts >= maxAttempts) {
    return { outcome: "locked" }
  }
  if (new Date(claim.code_expires_at!).getTime() <= Date.now()) {
    return { outcome: "expired" }
  }
  const right = verificationCodeMatches(code, claim.code_hash)
  if (right) {
    await sql(
      context,
      `UPDATE customer_identity_claim SET code_hash = NULL, code_expires_at = NULL, updated_at = now() WHERE id = ?`,
      [claimId]
    )
  } else {
    const [guessId] = generateEntityIds("ciguess", 1)
    await sql(
      context,
      `WITH attempt AS (
         UPDATE customer_identity_claim SET code_attempts = code_attempts + 1 WHERE id = ?)
       INSERT INTO customer_identity_code_guess (id, customer_id, kind, identifier_hash)
       VALUES (?, ?, ?, ?)`,
      [
        claimId,
        guessId,
        wrongGuess.customer_id,
        wrongGuess.kind,
        wrongGuess.identifier_hash,
      ]
    )
  }
  return right
    ? {
        outcome: "verified",
        before: { entity: "CustomerClaim", rows: [claim] },
      }
    : { outcome: "wrong" }
}
