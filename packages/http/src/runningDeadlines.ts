import type { RecordedEvent } from '@gridcase/core'
import { caseDeadlinesAt, DUE_SOON_SHARE, standingOf, type CaseDeadline } from '@gridcase/core/projections'

/** The case types whose deadlines the dashboard counts (a complaint's, a dispute's): the others have no running deadlines. */
const COUNTED: ReadonlySet<string> = new Set(['complaint', 'dispute'])

/** What a case view says of its running deadlines (临期 / 超期) as of the server's now. */
export interface RunningDeadlinesView {
  readonly asOf: string
  readonly dueSoonShare: number
  readonly items: readonly {
    readonly kind: string
    readonly deadline: string
    readonly from: string
    readonly standing: CaseDeadline['standing']
    readonly since?: string
  }[]
}

/**
 * The deadlines running on a case now and where each stands — the dashboard's overdue and due-soon lists', the case
 * list's and the reminders' rule (core's `standingOf`), at the dashboard's default share (DUE_SOON_SHARE, 20%).
 * Undefined for a case type whose deadlines are not counted.
 */
export const runningDeadlinesView = (caseType: string, events: readonly RecordedEvent[], now: string): RunningDeadlinesView | undefined => {
  if (!COUNTED.has(caseType)) return undefined
  const at = Date.parse(now)
  return {
    asOf: new Date(at).toISOString(),
    dueSoonShare: DUE_SOON_SHARE,
    items: caseDeadlinesAt(events, at).map((d) => ({
      kind: d.kind,
      deadline: new Date(d.deadline).toISOString(),
      from: new Date(d.from).toISOString(),
      standing: d.standing,
      ...(d.since === undefined ? {} : { since: new Date(d.since).toISOString() }),
    })),
  }
}

/**
 * The part of a view's ETag that says where its deadlines stand (`t` and one letter a deadline: r running, d due soon, o
 * overdue), when one is due soon or overdue: the same version read after a deadline became 临期 or 超期 is another view, and
 * If-None-Match must not call the copy before it current. '' while every deadline runs (the ETag as before).
 */
export const standingsClass = (view: RunningDeadlinesView | undefined): string =>
  view === undefined || view.items.every((i) => i.standing === 'running') ? '' : `t${view.items.map((i) => i.standing[0]).join('').slice(0, 30)}`

/** Whether any of these running deadlines (kind, set at, falls at; epoch ms) is due soon (临期) at `now`, by the same rule. */
export const anyDueSoon = (running: readonly { readonly from: number; readonly deadline: number }[], now: number): boolean =>
  running.some((r) => standingOf(r, now).standing === 'due-soon')
