import { MedusaError } from "@medusajs/framework/utils"

/** A unique index refused a row: core's "X with …, already exists." */
function isDuplicate(error: unknown): boolean {
  return (
    MedusaError.isMedusaError(error) &&
    (error.type === MedusaError.Types.DUPLICATE_ERROR ||
      (error.type === MedusaError.Types.INVALID_DATA &&
        / already exists\.?$/.test(error.message)))
  )
}

/**
 * Runs `work` a second time when the first run lost a race to create a row
 * another writer created meanwhile (core's checkout making the guest customer
 * for the same email while a workflow of the plugin made one too): the run
 * compensated itself, and the second one finds that row. Any other error, or
 * a second loss, is thrown.
 */
export async function retryOnDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isDuplicate(error)) {
      throw error
    }
    return await work()
  }
}
