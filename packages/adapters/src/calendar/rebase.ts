// The re-base of every open case after a holiday schedule is loaded (重新计算期限): one pass over the cases, and the
// `calendar-rebase` process that runs it once across every server over the log, under the process runner's lease.
import * as E from 'fp-ts/lib/Either.js'
import { execute, load, streamIdOf, type CaseType, type Decider, type DomainEvent, type EventStore, type ExecuteOptions, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { HOLIDAY_SCHEDULE_LOADED } from '@gridcase/core/calendar'
import { derivedId, processActor } from '@gridcase/core/processes'
import type { Clock } from '../clock.js'
import { ProcessInterrupted, type ProcessDefinition } from '../processes/runner.js'
import type { CalendarInLog } from './log.js'

/** The process every re-base after a load acts as (an admin of each case's own jurisdiction), whoever loaded the schedule. */
export const CALENDAR_REBASE_PROCESS = 'calendar-rebase'

/**
 * What a re-base did: the cases it counted again, those whose deadlines the load moved or confirmed (a provisional one
 * left on its day: by this pass or an earlier one cut short, each case's command id is the load's), those refused.
 */
export interface RebaseOutcome {
  readonly cases: number
  readonly rebased: number
  readonly failed: number
}

/** A case to count again: its type and id. */
export interface CaseToRebase {
  readonly caseType: CaseType
  readonly caseId: string
}

/** The re-base a pass is for: the load's id (it derives each case's command id), the reason each case records. */
export interface RebaseOf {
  readonly id: string
  readonly reason: string
  /** Who re-bases (a marker of an earlier release names its admin); absent: the process, an admin of each case's jurisdiction. */
  readonly actor?: Actor
}

// Refusals for good: the case is closed with no deadline left (invalid-transition), or refused by its own rules; trying again changes nothing.
const FOR_GOOD: ReadonlySet<string> = new Set(['validation', 'forbidden', 'not-found', 'invalid-transition', 'deadline-passed'])

/**
 * Counts the deadlines of every case in `cases` again (`rebase-deadlines`) with the calendar the case types count with
 * now (`version`). Each case's command id is derived from the load, the version and the case: a case an interrupted
 * pass already re-based is a replay and writes nothing, and two passes at once write each case once (the second's
 * append loses the race on the stream's version, its retry finds the first's command). A closed case refuses
 * (invalid-transition) when it has no deadline left to move — counted neither moved nor failed; a closed complaint whose
 * summoned department is not rated yet and never came, or came with no part, still has its 报到 deadline (it decides when the department may be
 * rated, 以下评上), and is re-based like an open case. `unsettled` counts refusals that trying again may overcome (a
 * conflict the retries did not resolve): the re-base is not complete while there are any. `signal` stops the pass
 * between two cases (it throws `ProcessInterrupted`); `alive` is called after each case (the runner's stall bound).
 */
export const rebaseCases = async (options: {
  readonly store: EventStore
  readonly cases: Iterable<CaseToRebase> | AsyncIterable<CaseToRebase>
  readonly due: RebaseOf
  readonly version: string
  readonly at: () => string
  readonly execute?: ExecuteOptions
  readonly signal?: AbortSignal
  readonly alive?: () => void
  readonly onRefused?: (caseId: string, error: { readonly code: string; readonly message: string }) => void
}): Promise<RebaseOutcome & { readonly unsettled: number }> => {
  const { store, due } = options
  let cases = 0
  let rebased = 0
  let failed = 0
  let unsettled = 0
  for await (const { caseType, caseId } of options.cases) {
    if (options.signal?.aborted === true) throw new ProcessInterrupted('the re-base stopped between two cases: it is finished by whoever runs it next')
    if (caseType.commands['rebase-deadlines'] === undefined) continue
    cases += 1
    const actor = due.actor ?? (await caseActor(store, caseType, caseId))
    if (actor !== undefined) {
      const commandId = derivedId(`gridcase:calendar-rebase:${due.id}:${options.version}:${caseType.streamPrefix}:${caseId}`)
      const outcome = await execute(store, caseType, caseId, 'rebase-deadlines', { reason: due.reason }, { commandId, actor, at: options.at() }, options.execute)
      // A replay (this load's command already in the case's history: a pass cut short, another pass at once) answers
      // with the events that command wrote: counted all the same, so the completion records every case this load
      // moved, whichever pass wrote it — not a count that depends on where a stop or a lost lease cut the first pass.
      if (E.isRight(outcome)) rebased += outcome.right.events.length > 0 ? 1 : 0
      else if (outcome.left.code !== 'invalid-transition') {
        failed += 1
        if (!FOR_GOOD.has(outcome.left.code)) unsettled += 1
        options.onRefused?.(caseId, outcome.left)
      }
    }
    options.alive?.()
  }
  return { cases, rebased, failed, unsettled }
}

/** The process's actor on a case: an admin of the case's own jurisdiction (undefined: the case has none, nothing to do). */
const caseActor = async (store: EventStore, caseType: CaseType, caseId: string): Promise<Actor | undefined> => {
  const { state } = await load(store, caseType.decider as Decider<never, DomainEvent, unknown>, streamIdOf(caseType, caseId), { schema: caseType.schema })
  const scope = caseType.scope(state)
  return scope === undefined ? undefined : processActor(CALENDAR_REBASE_PROCESS, scope.jurisdiction)
}

/** How many events a scan of the log reads at a time. */
const SCAN_PAGE = 1000

/**
 * Every case the log held at `position` (its stream opened at or before it), in the order they were opened: read from
 * the log itself, for a runner that has no read model beside it (`gridcase processes` beside EventStoreDB). A case
 * opened later was counted with the load already (or is re-based by the `calendar-stale` process).
 */
export const casesInLog = (store: EventStore, caseTypes: readonly CaseType[]) => async (position: number, alive?: () => void): Promise<readonly CaseToRebase[]> => {
  const byPrefix = [...caseTypes].sort((a, b) => b.streamPrefix.length - a.streamPrefix.length)
  const seen = new Set<string>()
  const found: CaseToRebase[] = []
  for (let from = 0; from <= position; ) {
    const page = await store.readAll({ fromPosition: from, limit: SCAN_PAGE })
    for (const event of page) {
      if (event.position > position) break
      if (seen.has(event.streamId)) continue
      seen.add(event.streamId)
      const caseType = byPrefix.find((c) => event.streamId.startsWith(c.streamPrefix))
      if (caseType !== undefined) found.push({ caseType, caseId: event.streamId.slice(caseType.streamPrefix.length) })
    }
    // A long log is a long scan, not a stall: each page read is progress.
    alive?.()
    const last = page.at(-1)
    if (last === undefined || page.length < SCAN_PAGE) break
    from = last.position + 1
  }
  return found
}

/**
 * 重新计算期限, once across the servers: a `HolidayScheduleLoaded` calls for every open case to be counted again, and
 * this process does it where the other processes run (one runner per name across every server over the log, on a
 * lease), then records `CalendarRebaseCompleted`. Its checkpoint passes the load only once the completion is in the
 * log: a runner that dies or stops during the pass leaves the load to the lease's next holder (or itself after a
 * restart), which goes over the cases again — each case's command id is derived from the load, so a case already
 * re-based writes nothing. A case refused for a reason trying again may overcome (a conflict) fails the pass: the
 * runner handles the load again after its backoff, not only at the next start. A load already completed (a `POST
 * /api/v1/calendar` of a library app that re-based itself) or superseded by a later one (whose own re-base, counted
 * with every schedule, covers it) is passed over. Starts, the first time, just before the log's due load (none: where
 * the read models are), so a deployment that adds the process walks no history.
 */
export const calendarRebaseProcess = (options: {
  readonly inLog: CalendarInLog
  readonly caseTypes: readonly CaseType[]
  readonly clock: Clock
  /** The cases the log held at a position (default: read from the log, `casesInLog`); a server passes its case list. */
  readonly cases?: (position: number, alive?: () => void) => Promise<Iterable<CaseToRebase> | AsyncIterable<CaseToRebase>>
  /** How far the log is known to reach (the read models' checkpoint): where the process starts the first time when nothing is due. */
  readonly logEnd?: () => Promise<number | undefined> | number | undefined
  /** Options for each case's command (a server's queue, its stream memory). */
  readonly execute?: ExecuteOptions
  /** A pass over the open cases starts for a load (the server logs it). */
  readonly onRebasing?: (load: RecordedEvent) => void
  /** A re-base finished and recorded: the server logs it. */
  readonly onRebased?: (load: RecordedEvent, outcome: RebaseOutcome) => void
  readonly onRefused?: (caseId: string, error: { readonly code: string; readonly message: string }) => void
}): ProcessDefinition => ({
  name: CALENDAR_REBASE_PROCESS,
  handles: [HOLIDAY_SCHEDULE_LOADED],
  startAfter: async (checkpoint) => {
    if (checkpoint >= 0) return checkpoint
    // The log's end read before its due load: a load recorded after that read lies after the end read.
    const end = (await options.logEnd?.()) ?? -1
    const due = (await options.inLog.refresh()).due
    return due === undefined ? Math.max(checkpoint, end) : Math.min(Math.max(checkpoint, end), due.position - 1)
  },
  react: async (event, { store, signal, alive }) => {
    const log = await options.inLog.refresh()
    const due = log.due
    if (due === undefined || due.load !== event.eventId) return E.right([])
    options.onRebasing?.(event)
    const cases = await (options.cases ?? casesInLog(store, options.caseTypes))(event.position, alive)
    const outcome = await rebaseCases({
      store,
      cases,
      due: { id: due.load, reason: due.reason },
      // The version the case types count with now: the log's (just read), every schedule in it.
      version: log.version,
      at: () => options.clock.now(),
      ...(options.execute === undefined ? {} : { execute: options.execute }),
      ...(signal === undefined ? {} : { signal }),
      ...(alive === undefined ? {} : { alive }),
      ...(options.onRefused === undefined ? {} : { onRefused: options.onRefused }),
    })
    const { unsettled, ...counts } = outcome
    if (unsettled > 0) throw new Error(`the re-base after the holiday schedule loaded at position ${event.position}: ${unsettled} cases refused for a reason trying again may overcome; tried again`)
    await options.inLog.complete(due, counts, options.clock.now())
    options.onRebased?.(event, counts)
    return E.right([])
  },
})
