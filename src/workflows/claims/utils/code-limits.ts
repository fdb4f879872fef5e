import { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { CustomerClaimDTO } from "../../../types/module"
import { hashIdentifier } from "../../../utils/identifier-hash"
import {
  codeLimitsLockKey,
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
} from "../../../utils/lock-keys"
import { RATE_LIMITED } from "../../../utils/verification-code"
import { suppressionSecret } from "../../common/utils/suppression"

/**
 * Runs `job` with the keyed hash of the claim's email or phone (the limits
 * are counted on the value, never on a claim), under the lock on that value,
 * so that parallel requests cannot slip past the limits.
 */
export async function withCodeLimitsLock<T>(
  container: MedusaContainer,
  claim: Pick<CustomerClaimDTO, "kind" | "value_normalized">,
  job: (identifierHash: string) => Promise<T>
): Promise<T> {
  const identifierHash = hashIdentifier(
    await suppressionSecret(container),
    claim.kind,
    claim.value_normalized
  )
  return await container
    .resolve<ILockingModule>(Modules.LOCKING)
    .execute(codeLimitsLockKey(identifierHash), () => job(identifierHash), {
      timeout: IDENTIFIER_LOCK_TIMEOUT,
      expire: IDENTIFIER_LOCK_TTL,
    })
}

/**
 * The store API's 429 (`RATE_LIMITED`): what was done too often, and when to
 * try again, in the message and as `Retry-After`.
 */
export function codeLimitError(
  what: string,
  retryAfterSeconds: number
): MedusaError {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return Object.assign(
    new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${what}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`,
      RATE_LIMITED
    ),
    { retry_after_seconds: retryAfterSeconds }
  )
}
