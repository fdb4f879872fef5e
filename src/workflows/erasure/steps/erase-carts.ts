import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { escapeLike } from "../../../utils/escape-like"

export interface EraseCartsStepInput {
  customer_ids: string[]
  /** The erased emails, normalised: a guest's cart carries only its email. */
  emails: string[]
}

/** What a cart address keeps after an erasure: the country, for tax reports. */
const ERASED_CART_ADDRESS = {
  first_name: null,
  last_name: null,
  company: null,
  address_1: null,
  address_2: null,
  city: null,
  province: null,
  postal_code: null,
  phone: null,
  metadata: null,
}

interface ErasedCarts {
  carts: { id: string; email: string | null }[]
  addresses: Record<string, unknown>[]
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
    const addresses = carts.flatMap((cart) =>
      [cart.shipping_address, cart.billing_address].filter(
        (address): address is NonNullable<typeof address> => !!address
      )
    )
    const previous: ErasedCarts = {
      carts: carts.map((cart) => ({ id: cart.id, email: cart.email ?? null })),
      addresses: addresses.map((address) => ({
        id: address.id,
        ...Object.fromEntries(
          Object.keys(ERASED_CART_ADDRESS).map((field) => [
            field,
            address[field as keyof typeof address] ?? null,
          ])
        ),
      })),
    }
    if (carts.length) {
      await cartModule.updateCarts(
        carts.map((cart) => ({ id: cart.id, email: null as never }))
      )
    }
    if (addresses.length) {
      await cartModule.updateAddresses(
        addresses.map((address) => ({
          id: address.id,
          ...(ERASED_CART_ADDRESS as unknown as Record<string, never>),
        }))
      )
    }
    return new StepResponse(void 0, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const cartModule = container.resolve(Modules.CART)
    if (previous.carts.length) {
      await cartModule.updateCarts(previous.carts as never)
    }
    if (previous.addresses.length) {
      await cartModule.updateAddresses(previous.addresses as never)
    }
  }
)
