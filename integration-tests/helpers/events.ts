import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** An event as the app hands it to the event bus. */
export interface EmittedEvent {
  name: string
  data: any
}

/**
 * Records the events the app emits from now on: a spy on the event bus's
 * `emit`, which both buses go through before anything is queued, so a test
 * reads what a subscriber would get (a code Medusa sends through the
 * merchant's own subscriber, say). `jest.restoreAllMocks()` ends it.
 */
export function recordEvents(container: MedusaContainer) {
  const emit = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")
  return {
    named: (name: string): EmittedEvent[] =>
      emit.mock.calls
        .flatMap(([events]) => (Array.isArray(events) ? events : [events]))
        .filter((event: EmittedEvent) => event.name === name),
  }
}
