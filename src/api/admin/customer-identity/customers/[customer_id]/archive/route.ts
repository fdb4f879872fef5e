import { statusRoute } from "../../../route-handlers"

export const POST = statusRoute("archive")
