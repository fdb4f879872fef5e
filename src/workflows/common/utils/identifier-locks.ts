import { WorkflowData } from "@medusajs/framework/workflows-sdk"
import { releaseLockStep } from "@medusajs/medusa/core-flows"
import {
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
} from "../../../utils/lock-keys"
import { acquireLocksStep } from "../steps/acquire-locks"

type Locked = WorkflowData<{ lock_keys: string[]; lock_owner: string }>

/**
 * Takes the locks of a prepared input's identifiers, also inside a nested
 * workflow: the unique indexes are the backstop, the locks make the outcome
 * of concurrent calls for one person deterministic.
 */
export function acquireIdentifierLocks(prepared: Locked) {
  return acquireLocksStep({
    keys: prepared.lock_keys,
    owner_id: prepared.lock_owner,
    ttl: IDENTIFIER_LOCK_TTL,
    timeout: IDENTIFIER_LOCK_TIMEOUT,
  }).config({ name: "acquire-identifier-locks" })
}

export function releaseIdentifierLocks(prepared: Locked) {
  return releaseLockStep({
    key: prepared.lock_keys,
    ownerId: prepared.lock_owner,
    executeOnSubWorkflow: true,
  })
}
