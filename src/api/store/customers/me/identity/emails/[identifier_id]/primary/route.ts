import { setPrimaryIdentifierRoute } from "../../../route-handlers"

export const POST = setPrimaryIdentifierRoute("email")
