import { removeIdentifierRoute } from "../../../../route-handlers"

export const DELETE = removeIdentifierRoute("identifier")
