import { confirmVerificationRoute } from "../../../../route-handlers"

export const POST = confirmVerificationRoute("email")
