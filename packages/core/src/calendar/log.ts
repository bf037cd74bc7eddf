// The holiday schedules a deployment loaded, kept in the event log itself (the `calendar` stream) rather than beside
// one server: every server over the log counts with the same schedules, a deadline on any event can be checked
// against the calendar that was in effect at its position, and an auditor replays the calendar with the cases.
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Actor } from '../kernel/actor.js'
import { decode, text } from '../kernel/codec.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import type { DomainError } from '../kernel/errors.js'
import { CHINESE_WORKDAYS, chineseCalendar } from './calendar.js'
import { HolidayScheduleData, type HolidaySchedule } from './schedule.js'

/** The stream that holds every schedule loaded and every re-base finished after one. */
export const CALENDAR_STREAM = 'calendar'
/** A 国务院办公厅 notice's schedule for a year, loaded (over HTTP, with the CLI, or taken over from a schedule file). */
export const HOLIDAY_SCHEDULE_LOADED = 'HolidayScheduleLoaded'
/** Every open case was counted again after the load `load` (its event id): nothing of that re-base is left due. */
export const CALENDAR_REBASE_COMPLETED = 'CalendarRebaseCompleted'

const Count = new t.Type<number, number, unknown>(
  'Count',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, 'expected a whole number, 0 or more')),
  t.identity,
)

export const HolidayScheduleLoadedData = t.exact(
  t.type({
    schedule: HolidayScheduleData,
    /** The calendar's version once this schedule is loaded (what deadlines counted with it name). */
    version: t.string,
    /** Recorded on each case the load re-bases. */
    reason: text(2000, 'Reason'),
  }),
  'HolidayScheduleLoadedData',
)
export type HolidayScheduleLoadedData = t.TypeOf<typeof HolidayScheduleLoadedData>

export const CalendarRebaseCompletedData = t.exact(
  t.type({ load: t.string, version: t.string, cases: Count, rebased: Count, failed: Count }),
  'CalendarRebaseCompletedData',
)
export type CalendarRebaseCompletedData = t.TypeOf<typeof CalendarRebaseCompletedData>

/** The re-base of open cases that a load calls for and that has not been recorded as finished. */
export interface RebaseDueInLog {
  /** The load's event id: with the calendar version and a case, it derives the case's re-base command id. */
  readonly load: string
  readonly version: string
  readonly reason: string
  /**
   * Who loaded the schedule: over HTTP, the admin; from the CLI or a file taken over, a process actor. Absent when the
   * event's metadata names no actor that reads (a log written by an older build, an imported event): the load is due
   * all the same.
   */
  readonly actor?: Actor
  readonly at: string
  readonly position: number
}

/** What the `calendar` stream says: the schedules in effect, when each version took effect, and what is still due. */
export interface CalendarLog {
  /** Every schedule loaded, in log order (a later one for a year replaces an earlier one, as `chineseCalendar` does). */
  readonly schedules: readonly HolidaySchedule[]
  /** The calendar version with every schedule here (what a server that has read the stream counts with). */
  readonly version: string
  /** The stream's version (-1: no stream): a server that read it knows whether anything was loaded since. */
  readonly streamVersion: number
  /** The calendar version in effect at a global position: with the schedules loaded at earlier positions. */
  versionAt(position: number): string
  /** The position of the last load before `position`, if any (the load a stale deadline missed). */
  loadBefore(position: number): number | undefined
  /** The latest load whose re-base has not been recorded as finished. */
  readonly due: RebaseDueInLog | undefined
  /**
   * The re-base recorded as finished that covers the load at `position`: its own, or that of a later load (which
   * superseded it before its re-base finished, and counted every open case again with every schedule); undefined while
   * none is recorded.
   */
  completionCovering(position: number): (CalendarRebaseCompletedData & { readonly position: number }) | undefined
  /** Events of the stream that did not read (named, skipped): a hand-made event, or one of a later release. */
  readonly unread: readonly { readonly position: number; readonly error: DomainError }[]
}

/** The calendar stream folded: `events` are its events in order (`readStream(CALENDAR_STREAM)`). */
export const calendarLogOf = (events: readonly RecordedEvent[]): CalendarLog => {
  const schedules: HolidaySchedule[] = []
  const effective: { readonly position: number; readonly version: string }[] = []
  const unread: { position: number; error: DomainError }[] = []
  let due: RebaseDueInLog | undefined
  const loadPositions = new Map<string, number>()
  const completions: (CalendarRebaseCompletedData & { readonly position: number; readonly loadPosition: number })[] = []
  for (const event of events) {
    if (event.type === HOLIDAY_SCHEDULE_LOADED) {
      const data = decode(HolidayScheduleLoadedData, event.data)
      if (E.isLeft(data)) {
        unread.push({ position: event.position, error: data.left })
        continue
      }
      schedules.push(data.right.schedule)
      // Counted here, not taken from the event: the version is what this release's calendar makes of the schedules.
      const version = chineseCalendar(schedules).version
      effective.push({ position: event.position, version })
      loadPositions.set(event.eventId, event.position)
      // The metadata is read as it is, not trusted: an actor that does not decode is left out (the load stays due).
      const actor = Actor.decode((event.metadata as { readonly actor?: unknown } | undefined)?.actor)
      const at = (event.metadata as { readonly occurredAt?: unknown } | undefined)?.occurredAt
      due = {
        load: event.eventId,
        version,
        reason: data.right.reason,
        ...(E.isRight(actor) ? { actor: actor.right } : {}),
        at: typeof at === 'string' ? at : '',
        position: event.position,
      }
    } else if (event.type === CALENDAR_REBASE_COMPLETED) {
      const data = decode(CalendarRebaseCompletedData, event.data)
      if (E.isLeft(data)) unread.push({ position: event.position, error: data.left })
      else {
        const loadPosition = loadPositions.get(data.right.load)
        if (loadPosition !== undefined) completions.push({ ...data.right, position: event.position, loadPosition })
        if (due !== undefined && data.right.load === due.load) due = undefined
      }
    }
  }
  const base = chineseCalendar().version
  const latest = (position: number): number => {
    // The last load strictly before `position` (a load's own position counts as before the events after it).
    let i = effective.length - 1
    while (i >= 0 && (effective[i] as { position: number }).position >= position) i -= 1
    return i
  }
  return {
    schedules,
    version: effective.at(-1)?.version ?? base,
    streamVersion: (events.at(-1)?.version ?? -1),
    versionAt: (position) => {
      const i = latest(position)
      return i < 0 ? base : (effective[i] as { version: string }).version
    },
    loadBefore: (position) => {
      const i = latest(position)
      return i < 0 ? undefined : (effective[i] as { position: number }).position
    },
    due,
    completionCovering: (position) => {
      const found = completions.find((c) => c.loadPosition >= position)
      if (found === undefined) return undefined
      const { loadPosition: _, ...completion } = found
      return completion
    },
    unread,
  }
}

/** The calendar stamps an event's data carries: its own (`calendar`), and one level down (an extension's, a summons'). */
export const stampsOf = (data: unknown): readonly { readonly id: string; readonly version: string }[] => {
  const found: { id: string; version: string }[] = []
  const take = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return
    const { id, version } = v as { id?: unknown; version?: unknown }
    if (typeof id === 'string' && typeof version === 'string') found.push({ id, version })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return found
  for (const [key, value] of Object.entries(data)) {
    if (key === 'calendar') take(value)
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) take((value as { calendar?: unknown }).calendar)
  }
  return found
}

/**
 * The working-day stamps of an event counted with another calendar than the one the log had in effect at its position:
 * a server that had not yet heard of a load decided with the schedules before it. Empty when every stamp is current.
 */
export const staleStamps = (event: Pick<RecordedEvent, 'position' | 'data'>, log: Pick<CalendarLog, 'versionAt'>): readonly string[] => {
  const stamps = stampsOf(event.data)
  if (stamps.length === 0) return []
  const current = log.versionAt(event.position)
  return stamps.filter((s) => s.id === CHINESE_WORKDAYS && s.version !== current).map((s) => s.version)
}
