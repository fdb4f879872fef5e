import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { escapeLike } from "../../../utils/escape-like"
import {
  blankRecords,
  RecordWithAddresses,
  RecordWriter,
  restoreRecords,
} from "../utils/blank-records"

export interface EraseCartsStepInput {
  customer_ids: string[]
  /** The erased emails, normalised: a guest's cart carries only its email. */
  emails: string[]
}

const cartWriter = (container: MedusaContainer): RecordWriter => {
  const cartModule = container.resolve(Modules.CART)
  return {
    records: (data) => cartModule.updateCarts(data as never),
    addresses: (data) => cartModule.updateAddresses(data as never),
  }
}

export const eraseCartsStepId = "erase-carts"
/**
 * This step blanks the carts of erased customers and the carts with one of
 * their emails (any case): the cart's email, and its shipping and billing
 * addresses but the country. Its compensation puts them back.
 */
export const eraseCartsStep = createStep(
  eraseCartsStepId,
  async (input: EraseCartsStepInput, { container }) => {
    const cartModule = container.resolve(Modules.CART)
    // Core keeps a cart's email as typed: matched in any case.
    const filters = {
      $or: [
        { customer_id: input.customer_ids },
        ...input.emails.map((email) => ({
          email: { $ilike: escapeLike(email) },
        })),
      ],
    }
    const carts = await cartModule.listCarts(
      filters as Parameters<typeof cartModule.listCarts>[0],
      {
        select: ["id", "email"],
        relations: ["shipping_address", "billing_address"],
      }
    )
    const previous = await blankRecords(
      carts as unknown as RecordWithAddresses[],
      cartWriter(container)
    )
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await restoreRecords(previous, cartWriter(container))
    }
  }
)
