import { z } from "@medusajs/framework/zod"
import { createSelectParams } from "@medusajs/medusa/api/utils/validators"

export type AdminGetCustomerIdentityParamsType = z.infer<
  typeof AdminGetCustomerIdentityParams
>
export const AdminGetCustomerIdentityParams = createSelectParams()
