import { z } from "@medusajs/framework/zod"
import { VERIFICATION_CODE_LENGTH } from "../../../../../utils/verification-code"

export {
  AdminAddCustomerEmail as StoreAddCustomerEmail,
  AdminAddCustomerPhone as StoreAddCustomerPhone,
} from "../../../../admin/customer-identity/validators"
export type {
  AdminAddCustomerEmailType as StoreAddCustomerEmailType,
  AdminAddCustomerPhoneType as StoreAddCustomerPhoneType,
} from "../../../../admin/customer-identity/validators"

export type StoreConfirmVerificationType = z.infer<
  typeof StoreConfirmVerification
>
export const StoreConfirmVerification = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(
      new RegExp(`^\\d{${VERIFICATION_CODE_LENGTH}}$`),
      `code must be the ${VERIFICATION_CODE_LENGTH} digits that were sent`
    ),
})
