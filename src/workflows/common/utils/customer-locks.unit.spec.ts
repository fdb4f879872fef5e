import { asValue } from "@medusajs/framework/awilix"
import { ILockingModule } from "@medusajs/framework/types"
import {
  createMedusaContainer,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import {
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import {
  CUSTOMER_LOCK_TIMEOUT,
  CUSTOMER_LOCK_TTL,
} from "../../../utils/lock-keys"
import { acquireLocksStep, AcquireLocksStepInput } from "../steps/acquire-locks"
import { customerLocksInput, lockCustomersStepId } from "./customer-locks"

const lockWorkflow = createWorkflow(
  "test-acquire-locks",
  (input: WorkflowData<AcquireLocksStepInput>) => {
    acquireLocksStep(input).config({ name: lockCustomersStepId })
    return new WorkflowResponse(void 0)
  }
)

describe("acquireLocksStep", () => {
  let locking: ILockingModule
  const container = createMedusaContainer()

  beforeEach(() => {
    locking = new InMemoryLockingProvider() as unknown as ILockingModule
    container.register(Modules.LOCKING, asValue(locking))
  })

  const runHeld = async (input: AcquireLocksStepInput) => {
    await locking.acquire(input.keys, { ownerId: "another", expire: 10 })
    const { errors } = await lockWorkflow(container).run({
      input,
      throwOnError: false,
    })
    return errors[0]?.error as MedusaError
  }

  it("should answer a CONFLICT naming the keys by default", async () => {
    const error = await runHeld({
      keys: ["key:a"],
      owner_id: "me",
      ttl: 10,
      timeout: 0,
    })
    expect(error).toMatchObject({
      type: MedusaError.Types.CONFLICT,
      message:
        "Another change to key:a did not finish within 0 seconds: try again",
    })
  })

  it("should answer the error it is given", async () => {
    const error = await runHeld({
      ...customerLocksInput({
        customer_ids: ["cus_a", "cus_b"],
        owner_id: "me",
      }),
      timeout: 0,
    })
    expect(error).toMatchObject({
      type: MedusaError.Types.NOT_ALLOWED,
      message:
        "Another merge or revert of customer cus_a or cus_b is in progress: try again when it has finished",
    })
  })
})

describe("customerLocksInput", () => {
  it("should lock the customers' keys, sorted, for as long as before", () => {
    expect(
      customerLocksInput({ customer_ids: ["cus_b", "cus_a"], owner_id: "me" })
    ).toMatchObject({
      keys: [
        "customer-identity:customer:cus_a",
        "customer-identity:customer:cus_b",
      ],
      owner_id: "me",
      ttl: CUSTOMER_LOCK_TTL,
      timeout: CUSTOMER_LOCK_TIMEOUT,
    })
  })
})
