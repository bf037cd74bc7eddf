import type { EventStore, RecordedEvent } from '@gridcase/core'
import { peopleInHistory } from '@gridcase/core/privacy'

/** Cases whose names are remembered at most; beyond, the memory starts again. */
const REMEMBERED = 20_000

/**
 * The names of the people an event's case names anywhere in its history — its opening event's (`peopleNamed`) and the
 * respondents a referral names (core's `peopleInHistory`, as the HTTP history and `audit history --mask` take them) —
 * for masking one event at a time where the events come in log order, not case by case (a masked export): a case's
 * stream is read once, when the case is first met, so a name masks the events before the one that names it too, and an
 * export that starts after a referral (`--from`) still knows its respondents. At most `remembered` cases are kept.
 */
export const caseHistoryNamesOf = (store: Pick<EventStore, 'readStream'>, remembered = REMEMBERED) => {
  const known = new Map<string, readonly string[]>()
  return async (event: Pick<RecordedEvent, 'streamId'>): Promise<readonly string[]> => {
    const hit = known.get(event.streamId)
    if (hit !== undefined) return hit
    const events = await store.readStream(event.streamId)
    const names = peopleInHistory(events[0]?.data, events)
    if (known.size >= remembered) known.clear()
    known.set(event.streamId, names)
    return names
  }
}
