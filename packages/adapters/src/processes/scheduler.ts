import * as E from 'fp-ts/lib/Either.js'
import type Database from 'better-sqlite3'
import { execute, type CaseType, type DomainError } from '@gridcase/core'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { processActor, processCommandId } from '@gridcase/core/processes'
import { standingOf } from '@gridcase/core/projections'
import type { EventStore } from '@gridcase/core'
import { jitteredBackoff } from '../backoff.js'
import type { Clock } from '../clock.js'
import { within } from './bounded.js'
import type { LeaseStore } from './lease.js'

/** A running deadline of a case, as the dashboard read model keeps it (`dashboard_deadlines`). */
export interface DueDeadline {
  /** The row: the case's stream and the deadline's place among its running deadlines. */
  readonly streamId: string
  readonly seq: number
  readonly caseType: 'complaint' | 'dispute'
  readonly caseId: string
  readonly jurisdiction: string
  /** accept, acknowledge, result, arrival, mediation, confirmation, court-accept, court-decide, receipt, dispatch. */
  readonly kind: string
  /** When it falls and when it was set, ms since the epoch. */
  readonly deadline: number
  readonly setAt: number
  /**
   * When it closes (the dashboard's `closes`: a day deadline at 24:00 China time, one counted in hours 1 ms after its
   * instant, at 23:59:59 too — its stamp says so). Absent: read from `deadline` alone (core's `deadlineClosesMs`).
   */
  readonly closes?: number
}

/**
 * The running deadlines the scheduler has to look at. Each row carries when the scheduler next needs to look at it
 * (`remind_at`): 0 when the dashboard has just written it, the time of its next reminder once looked at, NULL once
 * every reminder of it has fired. A pass reads only the rows whose time has come (a partial index on `remind_at`),
 * not every past deadline: what it reads is bounded by the deadlines new since the last pass and the reminders due,
 * not by the history. The dashboard keeps a row's `remind_at` when it writes the case's deadlines again unchanged.
 */
export interface DeadlineSource {
  /** The rows to look at at `nowMs` (their `remind_at` is at most it), at most `limit`, the longest waiting first. */
  due(nowMs: number, limit: number): Promise<readonly DueDeadline[]>
  /** After a look: when to look again (undefined: never, every reminder fired) — if the row still holds that deadline. */
  settle(deadline: DueDeadline, nextMs: number | undefined): Promise<void>
}

type DeadlineRow = { stream_id: string; seq: number; case_type: 'complaint' | 'dispute'; case_id: string; jurisdiction: string; kind: string; deadline: number; set_at: number; closes?: number | null }

export const dueDeadlineOf = (r: DeadlineRow): DueDeadline => ({
  streamId: r.stream_id,
  seq: r.seq,
  caseType: r.case_type,
  caseId: r.case_id,
  jurisdiction: r.jurisdiction,
  kind: r.kind,
  deadline: r.deadline,
  setAt: r.set_at,
  ...(r.closes === undefined || r.closes === null ? {} : { closes: Number(r.closes) }),
})

/** Reads the running deadlines from the dashboard read model's table in its SQLite file (kept by the projection runner). */
export const sqliteDeadlineSource = (db: Database.Database): DeadlineSource => {
  const due = db.prepare<[{ now: number; limit: number }], DeadlineRow>(
    `SELECT stream_id, seq, case_type, case_id, jurisdiction, kind, deadline, set_at, closes FROM dashboard_deadlines
     WHERE remind_at <= @now ORDER BY remind_at, deadline, case_id, seq LIMIT @limit`,
  )
  const settle = db.prepare<[{ streamId: string; seq: number; kind: string; deadline: number; setAt: number; next: number | null }]>(
    `UPDATE dashboard_deadlines SET remind_at = @next
     WHERE stream_id = @streamId AND seq = @seq AND kind = @kind AND deadline = @deadline AND set_at = @setAt`,
  )
  return {
    due: async (now, limit) => due.all({ now, limit }).map(dueDeadlineOf),
    settle: async (d, next) => {
      settle.run({ streamId: d.streamId, seq: d.seq, kind: d.kind, deadline: d.deadline, setAt: d.setAt, next: next ?? null })
    },
  }
}

/**
 * When a deadline's next reminder falls at `now`, once the ones due have fired (undefined: none is left). Always later
 * than `now`: a row not yet due is not read again in the same pass. Due soon: at most `share` of its time left; overdue:
 * once it has closed (core's `deadlineClosesMs`: a day deadline, written 23:59:59+08:00, at 24:00 China time; one counted
 * in hours 1 ms after it); urged (complaints): `urgeAfterMs` after the deadline, once closed.
 */
export const nextReminderAt = (d: DueDeadline, now: number, share: number, urgeAfterMs: number | undefined): number | undefined => {
  const later = (at: number): number => Math.max(Math.ceil(at), now + 1)
  if (d.deadline - now > share * (d.deadline - d.setAt)) return later(d.deadline - share * (d.deadline - d.setAt))
  const closes = d.closes ?? deadlineClosesMs(d.deadline)
  if (!(closes <= now)) return later(closes)
  if (urgeAfterMs !== undefined && d.deadline + urgeAfterMs > now) return later(d.deadline + urgeAfterMs)
  return undefined
}

export const DEADLINE_SCHEDULER = 'deadline-scheduler'
// Rows read at a time, and pages at most per pass (the rest at the next): a pass after a long time down stays bounded.
const PAGE = 100
const MAX_PAGES = 10

export interface DeadlineSchedulerOptions {
  readonly store: EventStore
  readonly caseTypes: readonly CaseType[]
  readonly deadlines: DeadlineSource
  /** The clock port: what "now" is (a manual clock in tests: simulated time). */
  readonly clock: Clock
  readonly leases: LeaseStore
  readonly holder: string
  /** Due soon (临期) at most this share of the time given left (default 0.2, as the dashboard). */
  readonly dueSoonShare?: number
  /** 督办: a complaint still past a deadline this long after it is urged automatically (default 24 h). */
  readonly urgeAfterMs?: number
  /** How often to look (default every minute). Only a trigger: what is due is read from the read model each time. */
  readonly everyMs?: number
  readonly leaseMs?: number
  /**
   * A pass that has not ended after this long (default: leaseMs) is a stall (a query or a command that never answers):
   * `tick` rejects with it (reported through `onError`), and the next pass goes on instead of waiting behind it.
   */
  readonly stallMs?: number
  readonly onError?: (error: unknown) => void
  readonly onRefused?: (key: string, error: DomainError) => void
  /**
   * How many reminders this instance remembers as recorded (default 10,000), the oldest forgotten first: only a
   * shortcut past the pipeline (a reminder's command id is derived, so one forgotten and issued again is replayed, not
   * recorded twice), so a server that runs for years does not keep every reminder it ever sent.
   */
  readonly rememberAtMost?: number
}

export interface DeadlineScheduler {
  /** Records every reminder due now and not yet recorded; returns how many it recorded (0 without the lease). */
  tick(): Promise<number>
  /** How many reminders it remembers as recorded now (at most `rememberAtMost`). */
  remembered(): number
  start(): void
  stop(): Promise<void>
}

// Refusals that trying again will not change: the case moved on (closed, the deadline met) since the read model saw it.
const FOR_GOOD: ReadonlySet<DomainError['code']> = new Set(['validation', 'forbidden', 'not-found', 'invalid-transition', 'already-exists', 'deadline-passed', 'unknown-attachment'])

/**
 * 定时提醒 — turns deadlines into events: 临期预警 (due soon) and 超期 (overdue) on the case, for every deadline kind
 * the read model keeps, and 督办 (urging the responsible unit) of a complaint still overdue after `urgeAfterMs`.
 * Nothing lives only in a timer: what is due is read from the read model at each tick, and each reminder's command id
 * is derived from (reminder, case, deadline kind, deadline), so after a restart every reminder due while the
 * scheduler was down is recorded once, and one recorded before is not recorded again. A pass reads only the deadlines
 * with a reminder due or not yet looked at (`DeadlineSource`), not every past one.
 */
export const deadlineScheduler = (options: DeadlineSchedulerOptions): DeadlineScheduler => {
  const { store, clock, leases, holder } = options
  const share = options.dueSoonShare ?? 0.2
  const urgeAfterMs = options.urgeAfterMs ?? 24 * 3600_000
  const everyMs = options.everyMs ?? 60_000
  const leaseMs = options.leaseMs ?? Math.max(15_000, everyMs * 3)
  const stallMs = options.stallMs ?? leaseMs
  // Reminders known to be in the log (or refused for good): not sent through the pipeline again by this instance.
  const done = new Set<string>()
  const rememberAtMost = options.rememberAtMost ?? 10_000
  const remember = (key: string): void => {
    done.add(key)
    // A Set keeps insertion order: its first key is the one remembered longest ago.
    if (done.size > rememberAtMost) done.delete(done.values().next().value as string)
  }
  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<number> = Promise.resolve(0)

  const issue = async (key: string, caseType: CaseType, caseId: string, command: string, data: unknown, jurisdiction: string, at: string): Promise<boolean> => {
    if (done.has(key)) return false
    const meta = { commandId: processCommandId(DEADLINE_SCHEDULER, key), actor: processActor(DEADLINE_SCHEDULER, jurisdiction), at }
    const outcome = await execute(store, caseType, caseId, command, data, meta, { backoff: jitteredBackoff() })
    if (E.isLeft(outcome)) {
      if (!FOR_GOOD.has(outcome.left.code)) throw new Error(`${key}: ${outcome.left.code}: ${outcome.left.message}`)
      options.onRefused?.(key, outcome.left)
      remember(key)
      return false
    }
    remember(key)
    return !outcome.right.replayed
  }

  const once = async (): Promise<number> => {
    const at = clock.now()
    const now = Date.parse(at)
    if (!(await leases.acquire(DEADLINE_SCHEDULER, holder, now, leaseMs))) return 0
    let recorded = 0
    // Pages until none is left, each row moved past `now` (or retired) as it is looked at; bounded per pass all the same.
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const rows = await options.deadlines.due(now, PAGE)
      let settled = 0
      for (const d of rows) {
        // A case type this scheduler does not run stays for one that does (not settled, nor read again in this pass).
        const caseType = options.caseTypes.find((c) => c.name === d.caseType)
        if (caseType === undefined) continue
        settled += 1
        const deadline = new Date(d.deadline).toISOString()
        const base = `${d.caseType}:${d.caseId}:${d.kind}:${deadline}`
        const remind = (reminder: 'due-soon' | 'overdue') =>
          issue(`${reminder}:${base}`, caseType, d.caseId, 'record-deadline-reminder', { kind: d.kind, deadline, reminder }, d.jurisdiction, at)
        // Where it stands by the one rule of the dashboard's lists, the case list and the case view (core's `standingOf`).
        const { standing } = standingOf({ from: d.setAt, deadline: d.deadline }, now, share)
        // Due soon first, even when it is found already past (the scheduler was down): each reminder once, in order.
        if (standing !== 'running' && (await remind('due-soon'))) recorded += 1
        // Overdue once it has closed: a day deadline at 24:00 China time, not in its last second (as the overdue list).
        const closed = standing === 'overdue'
        if (closed && (await remind('overdue'))) recorded += 1
        const urges = d.caseType === 'complaint'
        if (urges && closed && d.deadline + urgeAfterMs <= now) {
          const note = `自动督办 automatic urging: the ${d.kind} deadline ${deadline} passed`
          // A missed 报到 names its deadline, so the urging names the departments that owe it (the command id is unchanged).
          const data = d.kind === 'arrival' ? { note, kind: d.kind, deadline } : { note }
          if (await issue(`urge:${base}`, caseType, d.caseId, 'urge', data, d.jurisdiction, at)) recorded += 1
        }
        // Only once what was due is in the log (a failure above throws, and the row is read again at the next pass).
        await options.deadlines.settle(d, nextReminderAt(d, now, share, urges ? urgeAfterMs : undefined))
      }
      if (rows.length < PAGE || settled === 0) break
    }
    return recorded
  }

  const tick = (): Promise<number> => {
    // One tick at a time: a slow one is not overlapped by the next.
    const next = running.then(() => within(once(), stallMs, `${DEADLINE_SCHEDULER}: a pass`))
    running = next.catch(() => 0)
    return next
  }

  return {
    tick,
    remembered: () => done.size,
    start: () => {
      if (timer !== undefined) return
      const run = () => void tick().catch((error: unknown) => options.onError?.(error))
      run()
      timer = setInterval(run, everyMs)
    },
    stop: async () => {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      await running.catch(() => 0)
      await within(leases.release(DEADLINE_SCHEDULER, holder), stallMs, `${DEADLINE_SCHEDULER}: giving its lease up`).catch(() => undefined)
    },
  }
}
