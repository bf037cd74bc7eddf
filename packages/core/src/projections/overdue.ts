import { deadlineClosesMs } from '../calendar/dates.js'
import { inPlace, type Scope } from './filter.js'
import {
  COMPLAINT_FINAL,
  DEADLINE_KINDS,
  DISPUTE_MEDIATING,
  timelineAt,
  type ComplaintRow,
  type DashboardState,
  type DeadlineClock,
  type DeadlineKind,
  type DisputeHolder,
  type DisputeRow,
  leadUnitAsOf,
  type HandlingRound,
  type Timeline,
} from './summaries.js'
import { stateAsOf } from './counts.js'

/** One deadline an open case has missed (超期), or is about to (临期). */
export interface OverdueItem {
  readonly caseType: 'complaint' | 'dispute'
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  /**
   * Which deadline: acknowledge (签收), arrival (报到 of a summoned department), result (办结), accept (受理, 信访), mediation, confirmation (the
   * 司法确认 window), court-accept (the court's 3 days), court-decide (its 15 days, +10), receipt (诉前委派: the centre's
   * signing for a court clerk's entrustment), dispatch (派单: the dispatcher's, from acceptance and from each 退单).
   */
  readonly deadlineKind: DeadlineKind
  readonly deadline: string
  /** Hours past the deadline (negative: hours left, on the due-soon list). */
  readonly hoursOverdue: number
  /**
   * The unit that answers for it: a complaint's handling unit (acknowledge, result) or summoned department (arrival);
   * a dispute's committee (mediation) or centre (receipt), see `disputeUnitOf`. None for 受理 under 信访 and a referred
   * 信访 case's handling clock (the accepting office's, not a handling unit's), 派单 (the dispatcher's: the hotline or
   * 信访部门 that accepted the case — no unit has it yet, and a unit that returned it (退单) no longer has it), the court's
   * deadlines and the parties' window.
   */
  readonly unitId?: string
}

export type CountsByKind = Readonly<Record<DeadlineKind, number>>

export interface Overdue {
  readonly acknowledge: number
  readonly result: number
  readonly mediation: number
  /** Overdue deadlines by kind, every kind a case can carry. */
  readonly byKind: CountsByKind
  /** The most overdue first, at most `limit` of them (all of them are counted above). */
  readonly items: readonly OverdueItem[]
  readonly truncated: boolean
  /** 临期: open deadlines not yet passed with at most `share` of their time left. */
  readonly dueSoon: { readonly share: number; readonly byKind: CountsByKind; readonly items: readonly OverdueItem[]; readonly truncated: boolean }
}

/** Default share of a deadline's time left under which it is due soon (临期): 20%. */
export const DUE_SOON_SHARE = 0.2

const HOUR_MS = 3_600_000

/** One running deadline: its kind, since when it runs to what, and whose it is. */
export interface Running {
  readonly kind: DeadlineKind
  readonly from: number
  readonly deadline: number
  readonly unitId?: string
  /** Counted in hours at 23:59:59 China time, as its event's stamp says: an instant, closing 1 ms after (`deadlineClosesMs`). */
  readonly hours?: true
}

/**
 * The deadline of a timeline in force at a time, and since when its time runs (the start of its 临期 window): when the
 * entry was made — an extension or a new hop is a fresh grant of time — or, for an entry a re-base made (`rebased`, by
 * pair index), the start of the deadline it moved (the same time counted again with a new holiday schedule). An entry
 * before the timeline's first made by a re-base starts at `setAt`.
 */
export const entryAt = (timeline: Timeline, asOf: number, rebased?: readonly number[], setAt?: number): readonly [number, number] | undefined => {
  let found: number | undefined
  for (let i = 0; i < timeline.length; i += 2) {
    const at = timeline[i] ?? Number.POSITIVE_INFINITY
    if (at <= asOf && timeline[i + 1] !== undefined) found = i
  }
  if (found === undefined) return undefined
  const deadline = timeline[found + 1] ?? Number.POSITIVE_INFINITY
  let start = found
  while (start >= 0 && rebased?.includes(start / 2) === true) start -= 2
  const from = start < 0 ? setAt : timeline[start]
  return [from ?? timeline[found] ?? Number.POSITIVE_INFINITY, deadline]
}

/** The round a complaint was in at a time: the last dispatch by then. */
const roundAsOf = (summary: ComplaintRow, asOf: number): HandlingRound | undefined => {
  let found: HandlingRound | undefined
  for (const round of summary.rounds) if (round.at <= asOf) found = round
  return found
}

/** The result deadline in force at a time: the original, or the last extension approved by then. */
export const resultByAsOf = (round: HandlingRound, asOf: number): number => timelineAt(round.resultByChanges ?? [], asOf) ?? round.resultBy

// The deadline clocks running at a time.
const clocksAt = (clocks: readonly DeadlineClock[] | undefined, asOf: number, out: Running[]): void => {
  for (const clock of clocks ?? []) {
    if (clock.at > asOf || (clock.doneAt !== undefined && clock.doneAt <= asOf)) continue
    const entry = entryAt(clock.deadlines, asOf, clock.rebased, clock.at)
    if (entry !== undefined) out.push({ kind: clock.kind, from: entry[0], deadline: entry[1], ...(clock.unitId === undefined ? {} : { unitId: clock.unitId }), ...(clock.hours === true ? { hours: true } : {}) })
  }
}

const complaintRunning = (summary: ComplaintRow, asOf: number): Running[] => {
  const name = stateAsOf(summary, asOf)
  if (name === undefined || COMPLAINT_FINAL.has(name)) return []
  const out: Running[] = []
  clocksAt(summary.clocks, asOf, out)
  const round = roundAsOf(summary, asOf)
  if (round === undefined || (round.returnedAt !== undefined && round.returnedAt <= asOf)) return out
  const ended = round.resultAt !== undefined && round.resultAt <= asOf
  // 签收 (AcknowledgeComplaint) is possible only while the round is dispatched: once the round has a result (a
  // submitted one, or a referral's conclusion — a referred case stays on the list until its dispute concludes) it can
  // never come, and the missed 签收 is counted late for good (rateFacts), not listed on.
  if (!(round.ackAt !== undefined && round.ackAt <= asOf) && !ended) out.push({ kind: 'acknowledge', from: round.at, deadline: round.acknowledgeBy, unitId: round.unitId, ...(round.acknowledgeHours === true ? { hours: true } : {}) })
  if (!ended) {
    const setAt = round.resultFrom ?? round.at
    const changed = entryAt(round.resultByChanges ?? [], asOf, round.resultByRebased, setAt)
    // The unit leading the round answers for its result deadline: the one it was escalated to (上报), if any.
    // Counted in hours as set at dispatch (an extension or a re-base counts days).
    out.push({ kind: 'result', from: changed?.[0] ?? setAt, deadline: changed?.[1] ?? round.resultBy, unitId: leadUnitAsOf(round, asOf), ...(changed === undefined && round.resultHours === true ? { hours: true } : {}) })
  }
  return out
}

const DISPUTE_ENDED: ReadonlySet<string> = new Set(['closed', 'declined', 'referred-to-litigation'])

/** The committee a dispute was with at a time (the last routing or transfer by then), if any. */
const holderAt = (summary: DisputeRow, asOf: number): DisputeHolder | undefined => {
  let found: DisputeHolder | undefined
  for (const h of summary.holders ?? []) if (h.at <= asOf) found = h
  return found
}

/**
 * Whose a dispute's deadline is, for the unit evaluation (考核; DOMAIN.md "Time": it sees every deadline a unit answers
 * for), from what the events say and as of the time asked:
 * - mediation (人民调解 一个月, 委派调解 30 days, 委托调解 15 — as the events carry them —, each hop's again): the committee (调解委员会) the case is routed to then
 *   (DisputeRouted); a transfer to a track that committee does not mediate on takes the case from it, until routed
 *   again. Never routed (a mediator assigned directly): no unit — a mediator is a person, not a unit.
 * - receipt (诉前委派: signing for a court clerk's entrustment): the centre (矛调中心) of the committee the entrustment
 *   was routed to, or that committee itself when it sits in no centre. Not routed: no unit — nobody has received it
 *   yet, and who will is known only from a later event (an "as of" never looks ahead).
 * - court-accept, court-decide: the court's (法释〔2011〕5号 arts. 4–5). A court is not a unit gridcase evaluates: no
 *   unit; the overdue list shows them.
 * - confirmation (the 30 days to apply for 司法确认): the parties' — they are not units: no unit.
 */
const disputeUnitOf = (kind: DeadlineKind, holder: DisputeHolder | undefined): string | undefined =>
  kind === 'mediation' ? holder?.committeeId : kind === 'receipt' ? (holder?.centreId ?? holder?.committeeId) : undefined

const disputeRunning = (summary: DisputeRow, asOf: number): Running[] => {
  const name = stateAsOf(summary, asOf)
  if (name === undefined || DISPUTE_ENDED.has(name)) return []
  const out: Running[] = []
  // A court-entrusted case the centre recorded has its mediation deadline from that receipt (法释〔2016〕14号 art. 27): it
  // runs before acceptance too. A clerk's entrustment not yet received runs its receipt clock (kind `receipt`, below).
  if (DISPUTE_MEDIATING.has(name) || (name === 'reported' && summary.deadlines !== undefined)) {
    const entry = entryAt(summary.deadlines ?? [], asOf, summary.deadlinesRebased)
    // The 临期 window of the deadline the acceptance set starts where its days started counting (receivedOn).
    const from = entry !== undefined && entry[0] === summary.acceptedAt && summary.countedFrom !== undefined ? summary.countedFrom : entry?.[0]
    if (entry !== undefined && from !== undefined) out.push({ kind: 'mediation', from, deadline: entry[1] })
  }
  clocksAt(summary.clocks, asOf, out)
  if (summary.holders === undefined) return out
  const holder = holderAt(summary, asOf)
  return out.map((r) => {
    const unitId = disputeUnitOf(r.kind, holder)
    return unitId === undefined ? r : { ...r, unitId }
  })
}

/** The deadlines running on a case at a time (a complaint's or a dispute's). */
export const runningAt = (row: ComplaintRow | DisputeRow, asOf: number): Running[] =>
  row.caseType === 'complaint' ? complaintRunning(row, asOf) : disputeRunning(row, asOf)

/** The deadlines running on a case after its latest event, in the order the overdue list takes them (for a read model that keeps them). */
export const runningNow = (row: ComplaintRow | DisputeRow): Running[] =>
  row.caseType === 'complaint' ? complaintRunning(row, Number.POSITIVE_INFINITY) : disputeRunning(row, Number.POSITIVE_INFINITY)

/** Where a running deadline stands at a time: running, 临期 (due soon) or 超期 (overdue), and since when. */
export interface Standing {
  readonly standing: 'running' | 'due-soon' | 'overdue'
  /** Since when it is due soon or overdue, epoch ms (absent while it is running). */
  readonly since?: number
}

/**
 * The one rule of the overdue and due-soon lists, the case list and the reminders (DOMAIN.md "Dashboards"): 超期 once the
 * deadline has closed — a day deadline (23:59:59+08:00) at 24:00 China time of its day, any other 1 ms after it
 * (`deadlineClosesMs`; 民法典 art. 203: a period ends at 24:00 of its last day) —; before that, 临期 once at most `share` of
 * its time is left (deadline − at ≤ share × (deadline − from), from when its time runs).
 */
export const standingOf = (r: Pick<Running, 'from' | 'deadline' | 'hours'>, at: number, share: number = DUE_SOON_SHARE): Standing => {
  const closes = deadlineClosesMs(r.deadline, r.hours)
  if (closes <= at) return { standing: 'overdue', since: closes }
  if (r.deadline - at <= share * (r.deadline - r.from)) return { standing: 'due-soon', since: Math.max(r.from, Math.ceil(r.deadline - share * (r.deadline - r.from))) }
  return { standing: 'running' }
}

const zero = (): Record<DeadlineKind, number> => Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>
const byHours = (a: OverdueItem, b: OverdueItem) => b.hoursOverdue - a.hoursOverdue || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)

/**
 * 超期 and 临期 — open cases past a deadline as of the scope's time, whenever they were opened, by kind;
 * and those with at most `dueSoonShare` of their time left (remaining ≤ share × (deadline − set)).
 */
export const overdue = (state: DashboardState, scope: Scope, limit = 100, dueSoonShare = DUE_SOON_SHARE): Overdue => {
  const late: OverdueItem[] = []
  const soon: OverdueItem[] = []
  const asOf = scope.asOf
  for (const summary of state.cases.values()) {
    if (!inPlace(scope, summary.jurisdiction)) continue
    const running = summary.caseType === 'complaint' ? complaintRunning(summary, asOf) : disputeRunning(summary, asOf)
    for (const r of running) {
      const item: OverdueItem = {
        caseType: summary.caseType,
        caseId: summary.caseId,
        jurisdiction: summary.jurisdiction,
        category: summary.category,
        deadlineKind: r.kind,
        deadline: new Date(r.deadline).toISOString(),
        hoursOverdue: (asOf - r.deadline) / HOUR_MS,
        ...(r.unitId === undefined ? {} : { unitId: r.unitId }),
      }
      const { standing } = standingOf(r, asOf, dueSoonShare)
      if (standing === 'overdue') late.push(item)
      else if (standing === 'due-soon') soon.push(item)
    }
  }
  const countOf = (items: readonly OverdueItem[]) => {
    const counts = zero()
    for (const i of items) counts[i.deadlineKind] += 1
    return counts
  }
  const byKind = countOf(late)
  late.sort(byHours)
  // Due soon: the least time left first.
  soon.sort(byHours)
  return {
    acknowledge: byKind.acknowledge,
    result: byKind.result,
    mediation: byKind.mediation,
    byKind,
    items: late.slice(0, limit),
    truncated: late.length > limit,
    dueSoon: { share: dueSoonShare, byKind: countOf(soon), items: soon.slice(0, limit), truncated: soon.length > limit },
  }
}
