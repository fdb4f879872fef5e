import { addIdentifierRoute } from "../../../route-handlers"

export const POST = addIdentifierRoute("identifier")
