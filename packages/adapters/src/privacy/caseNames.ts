import type { EventStore, RecordedEvent } from '@gridcase/core'
import { peopleInHistory, peopleNamed } from '@gridcase/core/privacy'

/** Cases whose names are remembered at most (a case's complainant and parties are set when it is opened); beyond, the memory starts again. */
const REMEMBERED = 20_000

/** The event that opened an event's case (its stream's version 0): the event itself when it is that one, else one event read. */
export const openingEventOf = async (
  store: Pick<EventStore, 'readStream'>,
  event: Pick<RecordedEvent, 'streamId' | 'version' | 'data'>,
): Promise<Pick<RecordedEvent, 'data'> | undefined> =>
  event.version === 0 ? event : (await store.readStream(event.streamId, { fromVersion: 0, toVersion: 0 }))[0]

/** A case's names, worked out once per case by `namesOf` and remembered (at most `remembered` cases; beyond, the memory starts again). */
const rememberedPerCase = <Event extends Pick<RecordedEvent, 'streamId'>>(namesOf: (event: Event) => Promise<readonly string[]>, remembered: number) => {
  const known = new Map<string, readonly string[]>()
  return async (event: Event): Promise<readonly string[]> => {
    const hit = known.get(event.streamId)
    if (hit !== undefined) return hit
    const names = await namesOf(event)
    if (known.size >= remembered) known.clear()
    known.set(event.streamId, names)
    return names
  }
}

/**
 * The names of the people an event's case names — core's `peopleNamed` (the HTTP event log's) of the event that opened
 * the case — for masking them in free text one event at a time (an export's page, a webhook delivery): a case met
 * again costs nothing, a case met first after its opening event one read of that event.
 */
export const caseNamesOf = (store: Pick<EventStore, 'readStream'>, remembered = REMEMBERED) =>
  rememberedPerCase(async (event: Pick<RecordedEvent, 'streamId' | 'version' | 'data'>) => peopleNamed((await openingEventOf(store, event))?.data), remembered)

/**
 * The names of the people an event's case names anywhere in its history — its opening event's (`peopleNamed`) and the
 * respondents a referral names (core's `peopleInHistory`, as the HTTP history and `audit history --mask` take them) —
 * for masking one event at a time where the events come in log order, not case by case (a masked export): a case's
 * stream is read once, when the case is first met, so a name masks the events before the one that names it too, and an
 * export that starts after a referral (`--from`) still knows its respondents.
 */
export const caseHistoryNamesOf = (store: Pick<EventStore, 'readStream'>, remembered = REMEMBERED) =>
  rememberedPerCase(async (event: Pick<RecordedEvent, 'streamId'>) => {
    const events = await store.readStream(event.streamId)
    return peopleInHistory(events[0]?.data, events)
  }, remembered)
