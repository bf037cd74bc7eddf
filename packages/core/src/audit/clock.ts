import type { RecordedEvent } from '../kernel/envelope.js'

/**
 * The store's clock along the log: every event's `recordedAt` is set by the store as it appends, so in commit order it
 * only moves forward — but for the time one commit waits on another (PostgreSQL: a transaction's clock is read before
 * it takes the position lock) and the skew between the clocks of several servers. An event recorded earlier than one
 * before it by more than that is a backdated append: a correctly chained event written after the fact with a past
 * time (an insider's raw write; the next signed head then signs it), or a clock stepped back. Neither breaks a chain or
 * a head, so only this sees it; it is a warning, not an alteration (a clock corrected by NTP does the same).
 */
export interface ClockStep {
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly eventId: string
  readonly recordedAt: string
  /** The latest `recordedAt` before it in the log, and where that event stands. */
  readonly latestBefore: string
  readonly latestPosition: number
  /** How far back, in whole seconds (rounded down). */
  readonly backSeconds: number
}

export interface ClockReport {
  /** How far back an event may be recorded without a warning, in seconds. */
  readonly toleranceSeconds: number
  /** Events recorded more than the tolerance before an event earlier in the log. */
  readonly backwards: number
  /** The first of them (at most `CLOCK_STEPS_SHOWN`, or the scan's `keep`), in log order. */
  readonly steps: readonly ClockStep[]
  /** Events whose `recordedAt` is no time at all (a raw write; not counted in `backwards`), and the first of them. */
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
 * A scan of the log (events in commit order) for events recorded back in time; rides on a verify pass (`onEvent`).
 * `keep`: how many steps it lists (the server keeps more, to cut them to a reader's scope).
 */
export const clockScan = (toleranceSeconds: number = DEFAULT_CLOCK_TOLERANCE_SECONDS, keep: number = CLOCK_STEPS_SHOWN): ClockScan => {
  const tolerance = toleranceSeconds * 1000
  const steps: ClockStep[] = []
  let backwards = 0
  let unreadable = 0
  let firstUnreadable: ClockReport['firstUnreadable']
  let latest = Number.NEGATIVE_INFINITY
  let latestText = ''
  let latestPosition = -1
  return {
    push: (event) => {
      const recordedAt = event.metadata.recordedAt
      const at = Date.parse(recordedAt)
      if (Number.isNaN(at)) {
        unreadable += 1
        firstUnreadable ??= { streamId: event.streamId, position: event.position, recordedAt }
        return
      }
      if (at > latest) {
        latest = at
        latestText = recordedAt
        latestPosition = event.position
        return
      }
      if (latest - at <= tolerance) return
      backwards += 1
      if (steps.length < keep) {
        steps.push({ streamId: event.streamId, version: event.version, position: event.position, eventId: event.eventId, recordedAt, latestBefore: latestText, latestPosition, backSeconds: Math.floor((latest - at) / 1000) })
      }
    },
    result: () => ({ toleranceSeconds, backwards, steps: [...steps], unreadable, ...(firstUnreadable === undefined ? {} : { firstUnreadable }) }),
  }
}

/** The report in lines for a person (none when nothing was found). */
export const clockLines = (report: ClockReport): string[] => {
  const lines: string[] = []
  if (report.backwards > 0) {
    lines.push(`WARNING: ${report.backwards} event(s) recorded more than ${report.toleranceSeconds} s before an event earlier in the log (a backdated append, or the store's clock set back):`)
    for (const s of report.steps) lines.push(`  ${s.streamId} version ${s.version} (position ${s.position}, event ${s.eventId}) recorded ${s.recordedAt}, ${s.backSeconds} s before position ${s.latestPosition} (${s.latestBefore})`)
    if (report.backwards > report.steps.length) lines.push(`  … and ${report.backwards - report.steps.length} more (--json lists the first ${report.steps.length})`)
  }
  if (report.firstUnreadable !== undefined) {
    const u = report.firstUnreadable
    lines.push(`WARNING: ${report.unreadable} event(s) whose recorded time is no time; the first: ${u.streamId} at position ${u.position} (${JSON.stringify(u.recordedAt)})`)
  }
  return lines
}
