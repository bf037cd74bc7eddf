import * as E from 'fp-ts/lib/Either.js'
import type Database from 'better-sqlite3'
import { execute, type CaseType, type DomainError } from '@gridcase/core'
import { processActor, processCommandId } from '@gridcase/core/processes'
import type { EventStore } from '@gridcase/core'
import { jitteredBackoff } from '../backoff.js'
import type { Clock } from '../clock.js'
import type { LeaseStore } from './lease.js'

/** A running deadline of a case, as the dashboard read model keeps it (`dashboard_deadlines`). */
export interface DueDeadline {
  readonly caseType: 'complaint' | 'dispute'
  readonly caseId: string
  readonly jurisdiction: string
  /** accept, acknowledge, result, arrival, mediation, confirmation, court-accept, court-decide. */
  readonly kind: string
  /** When it falls and when it was set, ms since the epoch. */
  readonly deadline: number
  readonly setAt: number
}

/** The running deadlines that are due soon or past at `nowMs` (due soon: at most `share` of their time left). */
export interface DeadlineSource {
  due(nowMs: number, share: number): Promise<readonly DueDeadline[]>
}

/** Reads the running deadlines from the dashboard read model's table in its SQLite file (kept by the projection runner). */
export const sqliteDeadlineSource = (db: Database.Database): DeadlineSource => {
  const statement = db.prepare<[{ now: number; share: number }], { case_type: 'complaint' | 'dispute'; case_id: string; jurisdiction: string; kind: string; deadline: number; set_at: number }>(
    // Past ones too (deadline − now < 0): a reminder due while the scheduler was down still fires, once.
    `SELECT case_type, case_id, jurisdiction, kind, deadline, set_at FROM dashboard_deadlines
     WHERE deadline - @now <= @share * (deadline - set_at) ORDER BY deadline, case_id, seq`,
  )
  return {
    due: async (now, share) =>
      statement.all({ now, share }).map((r) => ({ caseType: r.case_type, caseId: r.case_id, jurisdiction: r.jurisdiction, kind: r.kind, deadline: r.deadline, setAt: r.set_at })),
  }
}

export const DEADLINE_SCHEDULER = 'deadline-scheduler'

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
  readonly onError?: (error: unknown) => void
  readonly onRefused?: (key: string, error: DomainError) => void
}

export interface DeadlineScheduler {
  /** Records every reminder due now and not yet recorded; returns how many it recorded (0 without the lease). */
  tick(): Promise<number>
  start(): void
  stop(): Promise<void>
}

// Refusals that trying again will not change: the case moved on (closed, the deadline met) since the read model saw it.
const FOR_GOOD: ReadonlySet<DomainError['code']> = new Set(['validation', 'forbidden', 'not-found', 'invalid-transition', 'deadline-passed', 'unknown-attachment'])

/**
 * 定时提醒 — turns deadlines into events: 临期预警 (due soon) and 超期 (overdue) on the case, for every deadline kind
 * the read model keeps, and 督办 (urging the responsible unit) of a complaint still overdue after `urgeAfterMs`.
 * Nothing lives only in a timer: what is due is read from the read model at each tick, and each reminder's command id
 * is derived from (reminder, case, deadline kind, deadline), so after a restart every reminder due while the
 * scheduler was down is recorded once, and one recorded before is not recorded again.
 */
export const deadlineScheduler = (options: DeadlineSchedulerOptions): DeadlineScheduler => {
  const { store, clock, leases, holder } = options
  const share = options.dueSoonShare ?? 0.2
  const urgeAfterMs = options.urgeAfterMs ?? 24 * 3600_000
  const everyMs = options.everyMs ?? 60_000
  const leaseMs = options.leaseMs ?? Math.max(15_000, everyMs * 3)
  // Reminders known to be in the log (or refused for good): not sent through the pipeline again by this instance.
  const done = new Set<string>()
  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<number> = Promise.resolve(0)

  const issue = async (key: string, caseType: CaseType, caseId: string, command: string, data: unknown, jurisdiction: string, at: string): Promise<boolean> => {
    if (done.has(key)) return false
    const meta = { commandId: processCommandId(DEADLINE_SCHEDULER, key), actor: processActor(DEADLINE_SCHEDULER, jurisdiction), at }
    const outcome = await execute(store, caseType, caseId, command, data, meta, { backoff: jitteredBackoff() })
    if (E.isLeft(outcome)) {
      if (!FOR_GOOD.has(outcome.left.code)) throw new Error(`${key}: ${outcome.left.code}: ${outcome.left.message}`)
      options.onRefused?.(key, outcome.left)
      done.add(key)
      return false
    }
    done.add(key)
    return !outcome.right.replayed
  }

  const once = async (): Promise<number> => {
    const at = clock.now()
    const now = Date.parse(at)
    if (!(await leases.acquire(DEADLINE_SCHEDULER, holder, now, leaseMs))) return 0
    let recorded = 0
    for (const d of await options.deadlines.due(now, share)) {
      const caseType = options.caseTypes.find((c) => c.name === d.caseType)
      if (caseType === undefined) continue
      const deadline = new Date(d.deadline).toISOString()
      const base = `${d.caseType}:${d.caseId}:${d.kind}:${deadline}`
      const remind = (reminder: 'due-soon' | 'overdue') =>
        issue(`${reminder}:${base}`, caseType, d.caseId, 'record-deadline-reminder', { kind: d.kind, deadline, reminder }, d.jurisdiction, at)
      // Due soon first, even when it is found already past (the scheduler was down): each reminder once, in order.
      if (await remind('due-soon')) recorded += 1
      if (d.deadline < now && (await remind('overdue'))) recorded += 1
      if (d.caseType === 'complaint' && d.deadline + urgeAfterMs <= now) {
        const note = `自动督办 automatic urging: the ${d.kind} deadline ${deadline} passed`
        if (await issue(`urge:${base}`, caseType, d.caseId, 'urge', { note }, d.jurisdiction, at)) recorded += 1
      }
    }
    return recorded
  }

  const tick = (): Promise<number> => {
    // One tick at a time: a slow one is not overlapped by the next.
    const next = running.then(once, once)
    running = next.catch(() => 0)
    return next
  }

  return {
    tick,
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
      await leases.release(DEADLINE_SCHEDULER, holder).catch(() => undefined)
    },
  }
}
