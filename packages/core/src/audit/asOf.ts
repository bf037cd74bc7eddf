import { fold } from '../kernel/decider.js'
import type { CaseType } from '../kernel/caseType.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import type { StreamVersion } from '../kernel/expectedVersion.js'
import type { Command, DomainEvent } from '../kernel/meta.js'
import { upcast } from '../kernel/upcast.js'

/** Which moment of a case to rebuild: up to a stream version, or up to a time (inclusive). */
export type AsOf = { readonly version: number } | { readonly time: string }

/** A case as it stood at a moment, with the events that made it so. */
export interface CaseAsOf<S> {
  readonly state: S
  /** The last event's version, or 'no-stream' when the case did not exist yet. */
  readonly version: StreamVersion
  readonly events: readonly RecordedEvent[]
}

/** Is this event's time at or before `limit`? Compares instants, so zones may differ. */
const atOrBefore = (limit: number) => (event: RecordedEvent): boolean => Date.parse(event.metadata.occurredAt) <= limit

/**
 * Rebuilds a case as of a version or a time from its stream (version order). "As of a time" is the
 * longest prefix of the stream whose events happened (occurredAt) at or before that time.
 */
export const caseAsOf = <C extends Command, E extends DomainEvent, S>(
  caseType: CaseType<C, E, S>,
  events: readonly RecordedEvent[],
  asOf: AsOf,
): CaseAsOf<S> => {
  const keep = 'version' in asOf ? (e: RecordedEvent) => e.version <= asOf.version : atOrBefore(Date.parse(asOf.time))
  const firstOutside = events.findIndex((e) => !keep(e))
  const prefix = (firstOutside === -1 ? events : events.slice(0, firstOutside)).map((e) => upcast(caseType.schema, e))
  // Recorded events are domain events with an envelope, as the command handler folds them.
  return { state: fold(caseType.decider, prefix as unknown as readonly E[]), version: prefix.at(-1)?.version ?? 'no-stream', events: prefix }
}
