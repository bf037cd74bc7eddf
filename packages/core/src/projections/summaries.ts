import type { Track } from '../kernel/actor.js'
import type { Level } from '../access/jurisdiction.js'
import { STATUSES as COMPLAINT_STATUS_LIST } from '../complaint/state.js'
import { STATUSES as DISPUTE_STATUS_LIST, type DisputeStatus } from '../dispute/state.js'

/**
 * The dashboard's read model: one compact summary per case, keyed by stream id, holding
 * only what the figures need, each fact with the time it happened (epoch ms). Every rollup
 * is computed by the view, so `apply` stays a few field writes and any "as of" time can be
 * answered from the same state by ignoring facts that came later.
 */
export interface DashboardState {
  readonly cases: Map<string, CaseRow>
  /** Handling units as first seen (承办单位), by id. */
  readonly units: Map<string, UnitInfo>
  /** Global position of the last event applied (-1 before any). */
  position: number
  /** occurredAt of the latest event applied: the default "as of". */
  lastAt: string | undefined
  lastAtMs: number
  /** One copy of each place and category name: a million replayed events then keep a few hundred strings, not a million. */
  readonly names: Map<string, string>
}

export interface UnitInfo {
  readonly id: string
  readonly name?: string
  readonly level: Level
  readonly jurisdiction: string
  readonly department?: string
}

/** A (time, code) pair list: `[t0, c0, t1, c1, …]`, in time order. Flat numbers keep replay cheap. */
export type Timeline = number[]

/** One dispatch of a complaint to a lead unit (派单), first or again (redispatch, 重办). */
export interface HandlingRound {
  readonly at: number
  readonly unitId: string
  readonly acknowledgeBy: number
  /** The result deadline as set at dispatch; extensions are in `resultByChanges`. */
  readonly resultBy: number
  /**
   * `acknowledgeBy`, `resultBy` (as set at dispatch) counted in hours at 23:59:59 China time, as their events' stamps say
   * (`hoursMark`): instants there, not a day's end (core's `deadlineClosesMs`). Absent: read as a day's end there.
   */
  readonly acknowledgeHours?: true
  readonly resultHours?: true
  /**
   * Since when the time of `resultBy` runs (the start of its 临期 window) when that is before the dispatch: a period counted
   * from acceptance (信访) that the round took over from the accepting office's clock, with that clock's window. Absent:
   * from the dispatch (`at`).
   */
  resultFrom?: number
  /** Extension approvals and re-bases: `[at, newResultBy, …]`; absent until one (most cases never have one). */
  resultByChanges?: Timeline
  /** Which entries of `resultByChanges` (by pair index) a re-base made, not an extension (see `DeadlineClock.rebased`). */
  resultByRebased?: number[]
  ackAt?: number
  ackOnTime?: boolean
  /** A superior acknowledged for the unit (`actsFor`): the acknowledgement is that office's, not the unit's. */
  ackUnitId?: string
  /**
   * 上报: the unit the round's case was escalated to (the last, when escalated twice), which leads it from then on and
   * answers for its result deadline — running, missed or met (absent: the dispatched unit leads).
   */
  leadUnitId?: string
  /** When it was escalated there (ms): before it, as of an earlier time, the dispatched unit led (absent: always). */
  leadUnitAt?: number
  resultAt?: number
  resultOnTime?: boolean
  resultUnitId?: string
  resultLevel?: Level
  /** 退单 by the unit: the round ends without a result. */
  returnedAt?: number
  /** 重办: the round's result was not accepted; the next round starts. */
  reopenedAt?: number
}

/** 回访 as the dashboard keeps it: the complainant's answers when reached and not declined. */
export interface Callback {
  readonly at: number
  /** The unit whose handling the complainant judged. */
  readonly unitId?: string
  readonly reached: boolean
  readonly declined?: boolean
  readonly contacted?: boolean
  readonly solved?: 'solved' | 'partly' | 'not-solved'
  readonly satisfaction?: 'satisfied' | 'basically-satisfied' | 'unsatisfied'
}

export interface Evaluation {
  readonly at: number
  readonly rating: 'satisfied' | 'basically-satisfied' | 'unsatisfied'
  /** The unit whose result was evaluated; absent for a consultation answered at registration. */
  readonly unitId?: string
  /** Was there a submitted result to evaluate? */
  readonly withResult: boolean
}

/**
 * Every kind of deadline a case carries (DOMAIN.md "Time"): 签收, 报到, 办结, 受理 (信访), mediation, the 司法确认
 * window, the court's 3 days to accept and 15 (+10) to decide, receipt (诉前委派: the centre's signing for a court
 * clerk's entrustment, DisputePolicy.entrustmentReceipt) and dispatch (派单: the dispatcher's, from acceptance and from
 * each 退单, DeadlinePolicy.dispatchWithin). Only ever appended to: names are a contract.
 */
export const DEADLINE_KINDS = ['accept', 'acknowledge', 'arrival', 'result', 'mediation', 'confirmation', 'court-accept', 'court-decide', 'receipt', 'dispatch'] as const
export type DeadlineKind = (typeof DEADLINE_KINDS)[number]

/** A deadline other than a handling round's: set at `at`, moved by `deadlines` (`[at, deadline, …]`), met or made moot at `doneAt`. */
export interface DeadlineClock {
  readonly kind: DeadlineKind
  readonly at: number
  readonly deadlines: Timeline
  doneAt?: number
  /**
   * `doneAt` is when the clock was stopped without being met: its round ended (a summoned department's 报到 when the
   * round that summoned it ended by 退单 or 重办). Late if its deadline had passed by then, else never due. A `result`
   * clock of no unit (a case referred before dispatch under 信访) ended counts nothing: the round a dispatch opened has
   * the same deadline, or it was the deadline of a referral that failed before taking the case up.
   */
  ended?: true
  /** Which entries of `deadlines` (by pair index) a re-base made: their 临期 window starts where the one they moved did. */
  rebased?: number[]
  /** Whose deadline it is (a summoned department's 报到). */
  readonly unitId?: string
  /** Counted in hours at 23:59:59 China time, as its event's stamp says (`hoursMark`): an instant, not a day's end. */
  readonly hours?: true
}

/** A complaint as the dashboard keeps it (one row per case; distinct from http's list `CaseSummary`). */
export interface ComplaintRow {
  readonly caseType: 'complaint'
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  readonly registeredAt: number
  /** Status changes: `[at, index into COMPLAINT_STATES, …]`. */
  readonly states: Timeline
  readonly rounds: HandlingRound[]
  evaluations?: Evaluation[]
  /** 回访, in order. */
  callbacks?: Callback[]
  /** 考评申诉 approved: the case is out of the assessment from `at`. */
  excluded?: { readonly at: number; readonly ground: string; readonly unitId: string }
  /** 退单: when, and by which unit. */
  returns?: { readonly at: number; readonly unitId: string }[]
  /** 重办: when, and whose result was sent back. */
  reopenings?: { readonly at: number; readonly unitId?: string }[]
  /** Deadlines outside the handling rounds (受理 under 信访, 派单, 报到, a 信访 handling period before dispatch). */
  clocks?: DeadlineClock[]
  /** 现场办结: resolved on the spot by the grid `unitId`, at registration. */
  onTheSpot?: { readonly at: number; readonly unitId: string }
  /** 以下评上: the summoning street's ratings of the summoned departments' help. */
  helpRatings?: { readonly at: number; readonly unitId: string; readonly rating: 'satisfied' | 'basically-satisfied' | 'unsatisfied' }[]
}

/** A day in milliseconds: what a conclusion's `days` are counted in (see `concludedMs`). */
export const DAY_MS = 86_400_000

export interface Conclusion {
  readonly at: number
  readonly track: Track
  readonly agreed: boolean
  /** Days from acceptance to this conclusion: (at − acceptedAt) / DAY_MS. */
  readonly days: number
}

/** One change of the committee a dispute is with (see `DisputeRow.holders`). */
export interface DisputeHolder {
  readonly at: number
  /** The unit id of the committee (调解委员会) mediating it (`committee:<id>`); absent: none (a transfer left it). */
  readonly committeeId?: string
  /** The unit id of the centre (矛调中心) that committee sits in (`centre:<id>`), if any. */
  readonly centreId?: string
  /** The track the committee mediates on (a transfer to another track takes the case from it). */
  readonly track?: Track
}

/** A dispute as the dashboard keeps it (the row; `DisputeSummary` in dispute/commands is the summary text codec). */
export interface DisputeRow {
  readonly caseType: 'dispute'
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  readonly reportedAt: number
  /** Status changes: `[at, index into DISPUTE_STATES, …]`. */
  readonly states: Timeline
  acceptedAt?: number
  declinedAt?: number
  litigationAt?: number
  /** Mediation deadline changes (accept, transfer, extension, re-base): `[at, deadline, …]`. */
  deadlines?: Timeline
  /** Which entries of `deadlines` (by pair index) a re-base made (see `DeadlineClock.rebased`). */
  deadlinesRebased?: number[]
  /**
   * When the 30 days the acceptance set started counting, if before the acceptance (诉前委派: the day the centre signed
   * for the court's materials, `receivedOn` at 00:00 China time — the DisputeAccepted's calendar `from`): the 临期 window
   * of the deadline set at `acceptedAt` starts here.
   */
  countedFrom?: number
  /** Tracks the case entered (assignment or transfer): `[at, index into TRACKS, …]`. */
  tracks?: Timeline
  conclusions?: Conclusion[]
  transfers?: { readonly at: number; readonly from: Track; readonly to: Track }[]
  /** 司法确认: applied for, accepted by the court (受理), granted or rejected, in order. */
  confirmations?: { readonly at: number; readonly what: 'applied' | 'accepted' | 'granted' | 'rejected' }[]
  /** Deadlines besides the mediation's: the 司法确认 window, the court's to accept and to decide. */
  clocks?: DeadlineClock[]
  /**
   * Whose the case is, for the deadlines a unit answers for (see `holderAt` and `disputeUnitOf` in overdue.ts): from `at`, the
   * committee it was routed to (分流, DisputeRouted) and that committee's centre if it sits in one; an entry with neither
   * when a transfer took the case to a track the committee does not mediate on. Absent until first routed.
   */
  holders?: DisputeHolder[]
  /** 风险等级 as graded, in order: `[at, index into RISK_GRADES, …]`. */
  risks?: Timeline
}

/** A dashboard row of either case type. */
export type CaseRow = ComplaintRow | DisputeRow

/** The complaint's states, as the case type defines them (codes in the read model are their indexes). */
export const COMPLAINT_STATES = COMPLAINT_STATUS_LIST
export type ComplaintStateName = (typeof COMPLAINT_STATES)[number]

/** The dispute's states but `none` (a case that was never reported has no summary). */
export const DISPUTE_STATES = DISPUTE_STATUS_LIST.filter((s): s is Exclude<DisputeStatus, 'none'> => s !== 'none')
export type DisputeStateName = (typeof DISPUTE_STATES)[number]

/** Complaint states after which nothing more is due. */
export const COMPLAINT_FINAL: ReadonlySet<string> = new Set(['rejected', 'merged', 'closed'])
/** Dispute states in which a mediation is under way (its deadline runs). */
export const DISPUTE_MEDIATING: ReadonlySet<string> = new Set(['accepted', 'mediator-assigned', 'session-held', 'transferred'])

export const emptyDashboardState = (): DashboardState => ({
  cases: new Map(),
  units: new Map(),
  position: -1,
  lastAt: undefined,
  lastAtMs: Number.NEGATIVE_INFINITY,
  names: new Map(),
})

/** The code of a timeline as of a time: the last entry recorded at or before it, or undefined. */
export const timelineAt = (timeline: Timeline, asOf: number): number | undefined => {
  let found: number | undefined
  // No early exit: "as of" means every fact that happened by then, even one recorded out of time order.
  for (let i = 0; i < timeline.length; i += 2) {
    if ((timeline[i] ?? Number.POSITIVE_INFINITY) <= asOf) found = timeline[i + 1]
  }
  return found
}

/** The unit leading a round as of a time: the one it was escalated to (上报) once it was, else the dispatched unit. */
export const leadUnitAsOf = (round: HandlingRound, asOf: number): string =>
  round.leadUnitId !== undefined && (round.leadUnitAt === undefined || round.leadUnitAt <= asOf) ? round.leadUnitId : round.unitId
