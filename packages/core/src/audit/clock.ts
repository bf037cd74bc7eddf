import type { RecordedEvent } from '../kernel/envelope.js'

/**
 * The store's clock along the log: every event's `recordedAt` is set by the store as it appends, so in commit order it
 * only moves forward — but for the time one commit waits on another (PostgreSQL: a transaction's clock is read before
 * it takes the position lock) and the skew between the clocks of several servers. A step back by more than that is a
 * backdated append (a correctly chained event written after the fact with a past time: an insider's raw write, which
 * the next signed head then signs) or a clock set wrong — the one before the step set ahead, or the one after it set
 * back. Neither breaks a chain or a head, so only this sees it; it is a warning, not an alteration (NTP stepping a
 * clock does the same), and it names both sides of the step: which of the two is wrong the times alone cannot say.
 *
 * Each event is compared with the one just before it in the log, not with the latest time seen so far: an event
 * stamped ahead then makes one step (the event after it), not one for every correct event until real time catches up
 * (found in review: it flooded the report, and blamed events of other cases).
 */
export interface ClockStep {
  /** The event recorded back in time against the one before it in the log. */
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly eventId: string
  readonly recordedAt: string
  /** The event just before it in the log. */
  readonly previousStreamId: string
  readonly previousPosition: number
  readonly previousRecordedAt: string
  /** How far back, in whole seconds (rounded down). */
  readonly backSeconds: number
}

export interface ClockReport {
  /** How far back an event may be recorded without a warning, in seconds. */
  readonly toleranceSeconds: number
  /** Steps back by more than the tolerance. */
  readonly backwards: number
  /** The first of them (at most the scan's `keep`), in log order. */
  readonly steps: readonly ClockStep[]
  /** Events whose `recordedAt` is no time at all (a raw write; not compared), and the first of them. */
  readonly unreadable: number
  readonly firstUnreadable?: { readonly streamId: string; readonly position: number; readonly recordedAt: string }
}

/** How many steps a report lists (the count is whole). */
export const CLOCK_STEPS_SHOWN = 20

/** The default tolerance: a minute, far above a commit's wait and the skew of servers kept by NTP. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60

export interface ClockScan {
  readonly push: (event: RecordedEvent) => void
  readonly result: () => ClockReport
}

/**
 * A scan of the log (events in commit order) for steps back in recorded time; rides on a verify pass (`onEvent`).
 * `keep`: how many steps it lists (the server keeps more, to cut them to a reader's scope).
 */
export const clockScan = (toleranceSeconds: number = DEFAULT_CLOCK_TOLERANCE_SECONDS, keep: number = CLOCK_STEPS_SHOWN): ClockScan => {
  const tolerance = toleranceSeconds * 1000
  const steps: ClockStep[] = []
  let backwards = 0
  let unreadable = 0
  let firstUnreadable: ClockReport['firstUnreadable']
  let previous: { readonly at: number; readonly event: RecordedEvent } | undefined
  return {
    push: (event) => {
      const recordedAt = event.metadata.recordedAt
      const at = Date.parse(recordedAt)
      if (Number.isNaN(at)) {
        unreadable += 1
        firstUnreadable ??= { streamId: event.streamId, position: event.position, recordedAt }
        return
      }
      const before = previous
      previous = { at, event }
      if (before === undefined || before.at - at <= tolerance) return
      backwards += 1
      if (steps.length < keep) {
        steps.push({
          streamId: event.streamId,
          version: event.version,
          position: event.position,
          eventId: event.eventId,
          recordedAt,
          previousStreamId: before.event.streamId,
          previousPosition: before.event.position,
          previousRecordedAt: before.event.metadata.recordedAt,
          backSeconds: Math.floor((before.at - at) / 1000),
        })
      }
    },
    result: () => ({ toleranceSeconds, backwards, steps: [...steps], unreadable, ...(firstUnreadable === undefined ? {} : { firstUnreadable }) }),
  }
}

/** The report in lines for a person (none when nothing was found). */
export const clockLines = (report: ClockReport): string[] => {
  const lines: string[] = []
  if (report.backwards > 0) {
    lines.push(`WARNING: the recorded time steps back by more than ${report.toleranceSeconds} s at ${report.backwards} place(s) in the log (a backdated append, or a clock set wrong: the event before the step set ahead, or the one after it set back):`)
    for (const s of report.steps) {
      lines.push(`  ${s.streamId} version ${s.version} (position ${s.position}, event ${s.eventId}) recorded ${s.recordedAt}, ${s.backSeconds} s before ${s.previousStreamId} at position ${s.previousPosition} (${s.previousRecordedAt})`)
    }
    if (report.backwards > report.steps.length) lines.push(`  … and ${report.backwards - report.steps.length} more (--json lists the first ${report.steps.length})`)
  }
  if (report.firstUnreadable !== undefined) {
    const u = report.firstUnreadable
    lines.push(`WARNING: ${report.unreadable} event(s) whose recorded time is no time; the first: ${u.streamId} at position ${u.position} (${JSON.stringify(u.recordedAt)})`)
  }
  return lines
}
