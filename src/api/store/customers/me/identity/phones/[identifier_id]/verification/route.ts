import { requestVerificationRoute } from "../../../route-handlers"

export const POST = requestVerificationRoute("phone")
