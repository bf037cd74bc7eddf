// An oracle for the figures units are ranked and judged by (DOMAIN.md "Dashboards", the "Complaint" callback paragraph,
// and "Time" for overdue): each figure recomputed straight from a list of events, written plainly and on purpose without
// any code of the projections (packages/core/src/projections, the read models) — only the event shapes are shared.
// tests/kpi-oracle.test.ts compares it with what the projections and read models give over random histories.
//
// Where DOMAIN.md leaves a choice, the oracle takes what a 12345 office would expect; each is said where it is made
// (look for "Choice:"). The oracle models what the sample logs hold (tests/support/sampleLog.ts with `assessment`, and
// `rebases`); an event it does not model (a failed referral back to no unit, the 信访 handling period from acceptance, a
// re-base of a deadline it does not keep) stops it with an error rather than let a figure pass unchecked.
//
// A re-base (DOMAIN.md "Time": when a new schedule is loaded, open cases' deadlines can be re-based by a command that
// records old and new deadline; history never changes) replaces a running deadline from its instant on: what was done
// before it was judged against the deadline then in force, what is done after against the new one, and a deadline
// that fell in a period is the one in force as of the time asked. The re-based deadline counts the same time again, so
// its 临期 window starts where the one it replaced did (an extension, a fresh grant of time, starts its own). A change
// whose deadline is its previous one (a confirmation: a provisional count the notice left on its day) moves nothing.
import type { RecordedEvent } from '@gridcase/core'
import type { RankingWeights, Rates } from '@gridcase/core/projections'

export interface OracleFilter {
  readonly jurisdiction?: string
  readonly from?: string
  readonly to?: string
  readonly asOf?: string
  readonly depth?: number
}

export interface OracleWeights {
  /** What "partly solved" counts towards the 解决率 (DOMAIN.md default 0). */
  readonly partlySolved: number
  /** What "basically satisfied" counts towards the 满意率 (DOMAIN.md default 1). */
  readonly basicallySatisfied: number
}
export const ORACLE_RATE_WEIGHTS: OracleWeights = { partlySolved: 0, basicallySatisfied: 1 }

// ---------------------------------------------------------------------------------------------------------------
// Time (DOMAIN.md "Time"): a day deadline is written as the last second of its China day and runs to 24:00 China time;
// a deadline counted in hours is met up to and including its instant.

const HOUR = 3_600_000
const DAY = 86_400_000
const CHINA = 8 * HOUR

const isLastSecondOfChinaDay = (t: number): boolean => {
  const local = new Date(t + CHINA)
  return local.getUTCHours() === 23 && local.getUTCMinutes() === 59 && local.getUTCSeconds() === 59 && local.getUTCMilliseconds() === 0
}
/** The first instant at which a deadline has passed. */
export const passedFrom = (deadline: number): number => (isLastSecondOfChinaDay(deadline) ? deadline + 1000 : deadline + 1)
/** Was something done at `at` within the deadline? */
const inTime = (at: number, deadline: number): boolean => at < passedFrom(deadline)

const ms = (iso: string): number => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new Error(`not a time: ${iso}`)
  return t
}
const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)

// ---------------------------------------------------------------------------------------------------------------
// Places

const LEVEL_NAMES = ['city', 'district', 'street', 'community', 'grid'] as const
const levelOfPlace = (place: string): string => LEVEL_NAMES[place.split('/').length - 1] ?? 'grid'
const under = (scope: string, place: string): boolean => scope === '' || place === scope || place.startsWith(`${scope}/`)

// ---------------------------------------------------------------------------------------------------------------
// A complaint as the events tell it

interface Unit {
  readonly id: string
  readonly level: string
}
const unitOf = (u: unknown): Unit => {
  const x = u as { id: string; level: string }
  return { id: x.id, level: x.level }
}

interface Round {
  readonly at: number
  /** The unit the round was dispatched to. */
  readonly unit: Unit
  /** The unit that has the case now: the dispatched one, or the one it was escalated (上报) to. */
  holder: Unit
  readonly ackBy: number
  /** The result deadline in force, and since when (the dispatch, or the extension that set it). */
  resultBy: number
  resultFrom: number
  ackAt?: number
  ackUnit?: string
  resultAt?: number
  resultUnit?: string
  resultLevel?: string
  returnedAt?: number
  reopenedAt?: number
}

interface Callback {
  readonly at: number
  readonly unit?: string
  readonly reached: boolean
  readonly declined: boolean
  readonly contacted?: boolean
  readonly solved?: string
  readonly satisfaction?: string
}

interface Arrival {
  readonly unit: string
  readonly from: number
  deadline: number
  metAt?: number
  /** The round that summoned it ended (退单, 重办) before the department came. */
  endedAt?: number
}

interface Complaint {
  readonly caseType: 'complaint'
  readonly id: string
  readonly jurisdiction: string
  readonly category: string
  readonly openedAt: number
  state: string
  /** When the case entered rejected / merged / closed. */
  finalAt?: number
  accept?: { readonly from: number; deadline: number; doneAt?: number }
  /** 派单时限: the dispatcher's, the latest one set (at acceptance, at a 退单); `doneAt` when a dispatch (or what stands for one) came. */
  dispatch?: { readonly from: number; deadline: number; doneAt?: number }
  readonly rounds: Round[]
  excluded?: { readonly at: number; readonly ground: string; readonly unit: string }
  readonly callbacks: Callback[]
  readonly ratings: { readonly at: number; readonly rating: string; readonly unit?: string }[]
  readonly returns: { readonly at: number; readonly unit: string }[]
  readonly reopenings: { readonly at: number; readonly unit?: string }[]
  readonly arrivals: Arrival[]
  onTheSpot?: { readonly at: number; readonly unit: string }
  readonly help: { readonly at: number; readonly unit: string; readonly rating: string }[]
}

const FINAL_COMPLAINT = new Set(['rejected', 'merged', 'closed'])

const complaintState: Record<string, string> = {
  ComplaintAccepted: 'accepted',
  ComplaintRejected: 'rejected',
  ComplaintDispatched: 'dispatched',
  ComplaintAcknowledged: 'acknowledged',
  ComplaintEscalated: 'escalated',
  ComplaintDepartmentsSummoned: 'departments-summoned',
  ComplaintResultSubmitted: 'result-submitted',
  ComplaintReturned: 'returned',
  ComplainantNotified: 'complainant-notified',
  ComplaintEvaluated: 'evaluated',
  ComplaintReopened: 'dispatched',
  ComplaintMerged: 'merged',
  ComplaintReferredToMediation: 'referred-to-mediation',
  ComplaintMediationConcluded: 'result-submitted',
  ComplaintClosed: 'closed',
}

const unsupported = (what: string): never => {
  throw new Error(`the KPI oracle does not model ${what}`)
}

/**
 * The dispatch deadline an acceptance or a 退单 names (`dispatchBy`), replacing any earlier one. Its 临期 window runs from
 * where its days were counted (`dispatchCalendar.from`, a 信访 count from registration) or else from the event.
 */
const setDispatchDeadline = (c: Complaint, d: Record<string, unknown>, at: number): void => {
  if (typeof d.dispatchBy !== 'string') return
  const counted = (d.dispatchCalendar as { from?: unknown } | undefined)?.from
  c.dispatch = { from: typeof counted === 'string' ? Math.min(at, ms(counted)) : at, deadline: ms(d.dispatchBy) }
}

const applyComplaint = (c: Complaint, type: string, d: Record<string, unknown>, at: number): void => {
  const next = complaintState[type]
  if (next !== undefined) {
    c.state = next
    if (FINAL_COMPLAINT.has(next) && c.finalAt === undefined) c.finalAt = at
  }
  const round = c.rounds[c.rounds.length - 1]
  const endArrivals = () => {
    for (const a of c.arrivals) if (a.metAt === undefined && a.endedAt === undefined) a.endedAt = at
  }
  switch (type) {
    case 'ComplaintAccepted':
      if (d.resultBy !== undefined) unsupported('a 信访 handling period counted from acceptance')
      if (c.accept !== undefined) c.accept.doneAt ??= at
      setDispatchDeadline(c, d, at)
      return
    case 'ComplaintRejected':
    case 'ComplaintMerged':
      if (c.accept !== undefined) c.accept.doneAt ??= at
      // Merged (a final state): nothing runs on it any more, the dispatch deadline with the rest.
      if (c.dispatch !== undefined) c.dispatch.doneAt ??= at
      return
    case 'ComplaintDispatched':
    case 'ComplaintReopened': {
      // 派单 meets the dispatcher's deadline (a 重办 comes after a dispatch: none runs then).
      if (c.dispatch !== undefined) c.dispatch.doneAt ??= at
      if (type === 'ComplaintReopened') {
        if (round !== undefined) round.reopenedAt = at
        endArrivals()
        const previous = d.previousUnit === undefined ? undefined : unitOf(d.previousUnit).id
        c.reopenings.push(previous === undefined ? { at } : { at, unit: previous })
      }
      const unit = unitOf(d.unit)
      c.rounds.push({ at, unit, holder: unit, ackBy: ms(d.acknowledgeBy as string), resultBy: ms(d.resultBy as string), resultFrom: at })
      return
    }
    case 'ComplaintAcknowledged':
      // Only the dispatched unit's 签收 answers the acknowledge deadline; a unit above signing for an escalation does not.
      if (round !== undefined && d.after === 'dispatch' && round.ackAt === undefined) {
        round.ackAt = at
        round.ackUnit = d.actingUnit === undefined ? round.unit.id : unitOf(d.actingUnit).id
      }
      return
    case 'ComplaintEscalated':
      if (round !== undefined) round.holder = unitOf(d.to)
      return
    case 'ComplaintDepartmentsSummoned':
      if (d.reportBy !== undefined) for (const u of d.departments as unknown[]) c.arrivals.push({ unit: unitOf(u).id, from: at, deadline: ms(d.reportBy as string) })
      return
    case 'ComplaintDepartmentArrived': {
      const id = unitOf(d.unit).id
      for (const a of c.arrivals) if (a.unit === id && a.metAt === undefined && a.endedAt === undefined) a.metAt = at
      return
    }
    case 'ComplaintDepartmentHelpRated':
      c.help.push({ at, unit: unitOf(d.unit).id, rating: d.rating as string })
      return
    case 'ComplaintExtensionApproved':
      // 延期 moves the result deadline; a fresh grant of time, so its 临期 window starts at the approval.
      if (round !== undefined) {
        round.resultBy = ms(d.resultBy as string)
        round.resultFrom = at
      }
      return
    case 'ComplaintResultSubmitted': {
      if (round === undefined) return
      const by = unitOf(d.actingUnit ?? d.unit)
      round.resultAt = at
      round.resultUnit = by.id
      round.resultLevel = by.level
      return
    }
    case 'ComplaintMediationConcluded':
      // A referred complaint stays in the figures until its dispute concludes: the conclusion is the round's result,
      // the unit that had the case its giver (no level: no unit produced it).
      if (round !== undefined && round.resultAt === undefined) {
        round.resultAt = at
        round.resultUnit = round.holder.id
      }
      return
    case 'ComplaintReferredToMediation':
      if (d.resultBy !== undefined) unsupported('a 信访 referral before dispatch')
      if (c.accept !== undefined) c.accept.doneAt ??= at
      // Choice: a referral to mediation from `accepted` routes the case (导入调解) as a dispatch would: the dispatcher's
      // deadline is answered, not left running while the dispute runs.
      if (c.dispatch !== undefined) c.dispatch.doneAt ??= at
      return
    case 'ComplaintReturned':
      if (d.resultBy !== undefined) unsupported('a 信访 return (the period runs on from acceptance)')
      if (round !== undefined) round.returnedAt = at
      // Back with the dispatcher: the return names a new dispatch deadline.
      setDispatchDeadline(c, d, at)
      endArrivals()
      c.returns.push({ at, unit: unitOf(d.actingUnit ?? d.unit).id })
      return
    case 'ComplaintEvaluated':
      c.ratings.push(d.unit === undefined ? { at, rating: d.rating as string } : { at, rating: d.rating as string, unit: unitOf(d.unit).id })
      return
    case 'ComplaintClosed':
      // A consultation answered at registration is rated when it closes (一事一评 of the hotline's answer).
      if (d.closedAs === 'answered' && d.rating !== undefined) c.ratings.push({ at, rating: d.rating as string })
      return
    case 'ComplaintCallbackRecorded':
      c.callbacks.push({
        at,
        ...(d.unit === undefined ? {} : { unit: unitOf(d.unit).id }),
        reached: d.reached === true,
        declined: d.declined === true,
        ...(d.contacted === undefined ? {} : { contacted: d.contacted as boolean }),
        ...(d.solved === undefined ? {} : { solved: d.solved as string }),
        ...(d.satisfaction === undefined ? {} : { satisfaction: d.satisfaction as string }),
      })
      return
    case 'ComplaintExclusionDecided':
      if (d.approved === true) c.excluded = { at, ground: d.ground as string, unit: unitOf(d.unit).id }
      return
    case 'ComplaintResolvedOnTheSpot':
      c.onTheSpot = { at, unit: unitOf(d.unit).id }
      return
    case 'ComplaintDeadlinesRebased':
      for (const change of d.changes as { kind: string; previous: string; deadline: string; units?: string[] }[]) {
        if (change.previous === change.deadline) continue
        const deadline = ms(change.deadline)
        if (change.kind === 'result') {
          // The round's result deadline, while it runs (its 临期 window as it was: `resultFrom` stays).
          if (round === undefined || round.resultAt !== undefined || round.returnedAt !== undefined) unsupported('a re-based result deadline no round has running')
          else round.resultBy = deadline
        } else if (change.kind === 'arrival') {
          // 报到 of the departments named, not yet come, in the round that summoned them.
          for (const a of c.arrivals) if (change.units?.includes(a.unit) === true && a.metAt === undefined && a.endedAt === undefined) a.deadline = deadline
        } else if (change.kind === 'accept' && c.accept !== undefined && c.accept.doneAt === undefined) c.accept.deadline = deadline
        else if (change.kind === 'dispatch' && c.dispatch !== undefined && c.dispatch.doneAt === undefined) c.dispatch.deadline = deadline
        else unsupported(`a re-based ${change.kind} deadline`)
      }
      return
    case 'ComplaintReferralFailed':
      // Back to a state with a round in hand: its 签收, 办结 and 报到 never stopped while referred, so nothing but the state
      // changes. Back to where no unit had it (the accept and dispatch clocks resume): not modelled.
      if (!['dispatched', 'acknowledged', 'escalated', 'departments-summoned'].includes(d.backTo as string)) return unsupported('a failed referral back to no unit')
      c.state = d.backTo as string
      return
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A dispute as the events tell it

interface Clock {
  readonly from: number
  deadline: number
  /** When the deadline in force was set (its 临期 window starts there). */
  since: number
  doneAt?: number
}

interface Dispute {
  readonly caseType: 'dispute'
  readonly id: string
  readonly jurisdiction: string
  readonly category: string
  readonly openedAt: number
  state: string
  acceptedAt?: number
  declinedAt?: number
  litigationAt?: number
  /** The mediation deadline in force and since when it runs. */
  mediation?: { readonly since: number; readonly deadline: number }
  readonly firstOnTrack: Map<string, number>
  readonly conclusions: { readonly at: number; readonly track: string; readonly agreed: boolean; readonly tookMs: number }[]
  readonly transfers: { readonly at: number; readonly from: string; readonly to: string }[]
  readonly confirmations: { readonly at: number; readonly what: 'applied' | 'accepted' | 'granted' | 'rejected' }[]
  readonly clocks: Map<string, Clock>
  holder?: { readonly committee?: string; readonly centre?: string; readonly track?: string }
}

const disputeState: Record<string, string> = {
  DisputeAccepted: 'accepted',
  DisputeDeclined: 'declined',
  MediatorAssigned: 'mediator-assigned',
  MediationSessionHeld: 'session-held',
  MediationAgreed: 'agreement-reached',
  MediationFailed: 'mediation-failed',
  DisputeTransferred: 'transferred',
  ReferredToLitigation: 'referred-to-litigation',
  JudicialConfirmationApplied: 'confirmation-applied',
  JudicialConfirmationAccepted: 'confirmation-accepted',
  JudicialConfirmationRefused: 'confirmation-refused',
  JudicialConfirmationGranted: 'confirmed',
  JudicialConfirmationRejected: 'confirmation-rejected',
  FulfilmentRecorded: 'fulfilment-recorded',
  EnforcementApplied: 'enforcement-applied',
  FollowUpVisited: 'followed-up',
  DisputeClosed: 'closed',
}
/** A mediation is under way (its deadline runs; the dispute is not concluded overall). */
const MEDIATING = new Set(['accepted', 'mediator-assigned', 'session-held', 'transferred'])
const DISPUTE_ENDED = new Set(['closed', 'declined', 'referred-to-litigation'])

const startClock = (x: Dispute, kind: string, at: number, deadline: unknown): void => {
  if (typeof deadline !== 'string') return
  x.clocks.set(kind, { from: at, since: at, deadline: ms(deadline) })
}
const stopClock = (x: Dispute, kind: string, at: number): void => {
  const clock = x.clocks.get(kind)
  if (clock !== undefined) clock.doneAt ??= at
}

const applyDispute = (x: Dispute, type: string, d: Record<string, unknown>, at: number, onClosed = false): void => {
  const next = disputeState[type]
  // A suit recorded on a closed case (人民调解法 art. 32, after the 回访) leaves it closed: `onClosed`, decided in the
  // log's order as the fold decides it, whatever the times say (casesAsOf).
  if (next !== undefined && !onClosed) x.state = next
  const setMediation = (deadline: unknown) => {
    if (typeof deadline === 'string') x.mediation = { since: at, deadline: ms(deadline) }
  }
  switch (type) {
    case 'DisputeAccepted':
      if (d.receivedOn !== undefined || (d.calendar as { from?: unknown } | undefined)?.from !== undefined) unsupported('an entrustment counted from its receipt')
      x.acceptedAt ??= at
      stopClock(x, 'receipt', at)
      setMediation(d.mediationDeadline)
      return
    case 'DisputeDeclined':
      x.declinedAt = at
      stopClock(x, 'receipt', at)
      return
    case 'MediatorAssigned':
      // Back to mediation (after a refusal): the 司法确认 window no longer runs there.
      stopClock(x, 'confirmation', at)
      if (!x.firstOnTrack.has(d.track as string)) x.firstOnTrack.set(d.track as string, at)
      setMediation(d.mediationDeadline)
      return
    case 'DisputeRouted':
      x.holder = { committee: `committee:${d.committeeId as string}`, track: d.track as string, ...(d.centre === undefined ? {} : { centre: `centre:${d.centre as string}` }) }
      return
    case 'DisputeTransferred':
      stopClock(x, 'confirmation', at)
      // 三调联动: the committee keeps the case only on its own track.
      if (x.holder?.committee !== undefined && x.holder.track !== d.to) x.holder = {}
      x.transfers.push({ at, from: d.from as string, to: d.to as string })
      if (!x.firstOnTrack.has(d.to as string)) x.firstOnTrack.set(d.to as string, at)
      setMediation(d.mediationDeadline)
      return
    case 'MediationExtended':
      setMediation(d.deadline)
      return
    case 'MediationAgreed':
    case 'MediationFailed':
      x.conclusions.push({ at, track: d.track as string, agreed: type === 'MediationAgreed', tookMs: x.acceptedAt === undefined ? 0 : at - x.acceptedAt })
      if (type === 'MediationAgreed') {
        startClock(x, 'confirmation', at, d.confirmationDeadline)
        // The 30 days are counted from the day it took effect (a written agreement's last signature, recorded days later,
        // maybe): its 临期 window from that day's 00:00 China time, once that day is before the recording's.
        const window = x.clocks.get('confirmation')
        const effective = typeof d.effectiveOn === 'string' ? ms(`${d.effectiveOn}T00:00:00+08:00`) : at
        if (window !== undefined && window.from === at && effective + DAY <= at) window.since = effective
      }
      return
    case 'ReferredToLitigation':
      x.litigationAt = at
      stopClock(x, 'confirmation', at)
      return
    case 'JudicialConfirmationApplied': {
      x.confirmations.push({ at, what: 'applied' })
      // The window met on the day the court received the application (filedOn, at noon China time), recorded later
      // maybe: not after the recording, not before the window (re)started.
      const open = x.clocks.get('confirmation')
      const filedAt = typeof d.filedOn === 'string' && open !== undefined ? Math.min(at, Math.max(ms(`${d.filedOn}T12:00:00+08:00`), open.from)) : at
      stopClock(x, 'confirmation', filedAt)
      startClock(x, 'court-accept', at, d.courtDecisionDeadline)
      // The court's 3 days run from the day it received the application (filedOn), recorded days later maybe: its 临期
      // window from that day's 00:00 China time, once that day is before the recording's.
      const window = x.clocks.get('court-accept')
      const filed = typeof d.filedOn === 'string' ? ms(`${d.filedOn}T00:00:00+08:00`) : at
      if (window !== undefined && window.from === at && filed + DAY <= at) window.since = filed
      return
    }
    case 'JudicialConfirmationAccepted':
      x.confirmations.push({ at, what: 'accepted' })
      stopClock(x, 'court-accept', at)
      startClock(x, 'court-decide', at, d.decideBy)
      return
    case 'JudicialConfirmationRefused': {
      stopClock(x, 'court-accept', at)
      // 不予受理 ends the application, not the 30 days: the window runs again, from the refusal, to the day it had.
      const window = x.clocks.get('confirmation')
      if (window !== undefined && passedFrom(window.deadline) > at) startClock(x, 'confirmation', at, new Date(window.deadline).toISOString())
      return
    }
    case 'JudicialConfirmationReviewExtended': {
      // The court's +10 days: a fresh grant of time.
      const clock = x.clocks.get('court-decide')
      if (clock !== undefined && clock.doneAt === undefined) {
        clock.deadline = ms(d.decideBy as string)
        clock.since = at
      }
      return
    }
    case 'JudicialConfirmationGranted':
    case 'JudicialConfirmationRejected':
      x.confirmations.push({ at, what: type === 'JudicialConfirmationGranted' ? 'granted' : 'rejected' })
      stopClock(x, 'court-accept', at)
      stopClock(x, 'court-decide', at)
      return
    case 'FulfilmentRecorded':
      stopClock(x, 'confirmation', at)
      return
    case 'DisputeDeadlinesRebased':
      for (const change of d.changes as { kind: string; previous: string; deadline: string }[]) {
        if (change.previous === change.deadline) continue
        if (change.kind === 'mediation') {
          // The mediation deadline in force, its 临期 window from where the one it replaces started.
          if (x.mediation === undefined) unsupported('a re-based mediation deadline with none running')
          else x.mediation = { since: x.mediation.since, deadline: ms(change.deadline) }
        } else {
          const clock = x.clocks.get(change.kind)
          if (clock === undefined || clock.doneAt !== undefined) unsupported(`a re-based ${change.kind} deadline with none running`)
          else clock.deadline = ms(change.deadline)
        }
      }
      return
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The history as of a time

type Case = Complaint | Dispute

/**
 * The suits recorded while their dispute's last state change in the log's order is its close (人民调解法 art. 32, after
 * the 回访): such a suit never moves the case, as the dashboard's fold (fold.ts) decides it in the log's order — so taken
 * from the whole log, even where the close happened after the time or the period a figure is read for.
 */
export const suitsOnClosedOf = (events: readonly RecordedEvent[]): ReadonlySet<RecordedEvent> => {
  const closedStreams = new Set<string>()
  const suits = new Set<RecordedEvent>()
  for (const e of events) {
    if (e.type === 'DisputeClosed') closedStreams.add(e.streamId)
    else if (e.type === 'ReferredToLitigation' && closedStreams.has(e.streamId)) suits.add(e)
    else if (disputeState[e.type] !== undefined) closedStreams.delete(e.streamId)
  }
  return suits
}

/** Every case as the events up to `asOf` (inclusive) tell it, by stream (`suitsOnClosed`: of the whole log, suitsOnClosedOf). */
export const casesAsOf = (events: readonly RecordedEvent[], asOf: number, suitsOnClosed: ReadonlySet<RecordedEvent> = suitsOnClosedOf(events)): Map<string, Case> => {
  const cases = new Map<string, Case>()
  for (const e of events) {
    const at = ms(e.metadata.occurredAt)
    if (at > asOf) continue
    const d = e.data as Record<string, unknown>
    if (e.type === 'ComplaintRegistered') {
      if (cases.has(e.streamId)) continue
      cases.set(e.streamId, {
        caseType: 'complaint',
        id: d.complaintId as string,
        jurisdiction: d.jurisdiction as string,
        category: d.category as string,
        openedAt: at,
        state: 'registered',
        ...(typeof d.acceptBy === 'string' ? { accept: { from: at, deadline: ms(d.acceptBy) } } : {}),
        rounds: [],
        callbacks: [],
        ratings: [],
        returns: [],
        reopenings: [],
        arrivals: [],
        help: [],
      })
      continue
    }
    if (e.type === 'DisputeReported') {
      if (cases.has(e.streamId)) continue
      const x: Dispute = {
        caseType: 'dispute',
        id: d.id as string,
        jurisdiction: d.jurisdiction as string,
        category: d.category as string,
        openedAt: at,
        state: 'reported',
        firstOnTrack: new Map(),
        conclusions: [],
        transfers: [],
        confirmations: [],
        clocks: new Map(),
      }
      if (typeof d.mediationDeadline === 'string') x.mediation = { since: at, deadline: ms(d.mediationDeadline) }
      startClock(x, 'receipt', at, d.receiptDeadline)
      cases.set(e.streamId, x)
      continue
    }
    const c = cases.get(e.streamId)
    if (c === undefined) continue
    if (c.caseType === 'complaint' && e.type.startsWith('Complain')) applyComplaint(c, e.type, d, at)
    else if (c.caseType === 'dispute' && !e.type.startsWith('Complain')) applyDispute(c, e.type, d, at, suitsOnClosed.has(e))
  }
  return cases
}

// ---------------------------------------------------------------------------------------------------------------
// Running deadlines (DOMAIN.md "Time": every deadline a case has can become overdue)

export interface Deadline {
  readonly caseType: 'complaint' | 'dispute'
  readonly caseId: string
  readonly kind: string
  readonly since: number
  readonly deadline: number
  readonly unitId?: string
}

/** The deadlines still running on a case at the time its state was taken. */
export const runningDeadlines = (c: Case): Deadline[] => {
  const out: Deadline[] = []
  const add = (kind: string, since: number, deadline: number, unitId?: string) =>
    out.push({ caseType: c.caseType, caseId: c.id, kind, since, deadline, ...(unitId === undefined ? {} : { unitId }) })
  if (c.caseType === 'complaint') {
    if (FINAL_COMPLAINT.has(c.state)) return out
    // 受理 (信访): the accepting office's, no handling unit's.
    if (c.accept !== undefined && c.accept.doneAt === undefined) add('accept', c.accept.from, c.accept.deadline)
    // 派单 (DOMAIN.md "Time"): the dispatcher's — the hotline's, no handling unit's (none has the case while it waits).
    if (c.dispatch !== undefined && c.dispatch.doneAt === undefined) add('dispatch', c.dispatch.from, c.dispatch.deadline)
    const round = c.rounds[c.rounds.length - 1]
    if (round !== undefined && round.returnedAt === undefined && round.resultAt === undefined) {
      // 签收 is possible only before the round has a result; a referred case stays on the list until its dispute concludes.
      if (round.ackAt === undefined) add('acknowledge', round.at, round.ackBy, round.unit.id)
      // Choice: the result deadline answers to the unit that has the case now — the one it was escalated (上报) to, if
      // escalated — the unit a late result is counted against when it comes (DOMAIN.md leaves this open).
      add('result', round.resultFrom, round.resultBy, round.holder.id)
    }
    for (const a of c.arrivals) if (a.metAt === undefined && a.endedAt === undefined) add('arrival', a.from, a.deadline, a.unit)
    return out
  }
  if (DISPUTE_ENDED.has(c.state)) return out
  const holder = c.holder
  if (c.mediation !== undefined && (MEDIATING.has(c.state) || (c.state === 'reported' && c.acceptedAt === undefined))) {
    // The committee mediating it (分流); none when never routed or a transfer took it to a track it does not mediate on.
    add('mediation', c.mediation.since, c.mediation.deadline, holder?.committee)
  }
  for (const [kind, clock] of c.clocks) {
    if (clock.doneAt !== undefined) continue
    // The centre signs for a court clerk's entrustment (its committee when in none); the court's and the parties'
    // deadlines are no unit's.
    add(kind, clock.since, clock.deadline, kind === 'receipt' ? (holder?.centre ?? holder?.committee) : undefined)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// The figures

type Count = Record<string, number>
const bump = (m: Map<string, Count>, unit: string | undefined, key: string): void => {
  if (unit === undefined) return
  const row = m.get(unit) ?? {}
  row[key] = (row[key] ?? 0) + 1
  m.set(unit, row)
}

// The shapes the product answers with (types only: the oracle shares no code with the projections, and its answers
// must have every field the product's have).
export type OracleRates = Omit<Rates, 'weights'>

const ratesFrom = (n: Count, w: OracleWeights): OracleRates => {
  const v = (k: string) => n[k] ?? 0
  const evaluated = v('calledBack') + v('ratedByResident')
  return {
    calledBack: v('calledBack'),
    contacted: v('contacted'),
    responseRate: share(v('contacted'), v('calledBack')),
    resolved: v('solved'),
    partlySolved: v('partly'),
    notSolved: v('not-solved'),
    resolutionRate: share(v('solved') + v('partly') * w.partlySolved, v('calledBack')),
    notReached: v('notReached'),
    declined: v('declined'),
    evaluated,
    ratedByResident: v('ratedByResident'),
    satisfied: v('satisfied'),
    basicallySatisfied: v('basically-satisfied'),
    unsatisfied: v('unsatisfied'),
    satisfactionRate: share(v('satisfied') + v('basically-satisfied') * w.basicallySatisfied, evaluated),
    dispatched: v('ackDue'),
    acknowledgedOnTime: v('ackOnTime'),
    onTimeAcknowledgementRate: share(v('ackOnTime'), v('ackDue')),
    results: v('resultDue'),
    resultsOnTime: v('resultOnTime'),
    onTimeCompletionRate: share(v('resultOnTime'), v('resultDue')),
    excluded: v('excluded'),
  }
}

export interface OracleUnit {
  readonly id: string
  readonly dispatched: number
  readonly acknowledgedOnTime: number
  readonly onTimeAcknowledgementRate: number | null
  readonly results: number
  readonly resultsOnTime: number
  readonly onTimeRate: number | null
  readonly calledBack: number
  readonly contacted: number
  readonly responseRate: number | null
  readonly resolved: number
  readonly resolutionRate: number | null
  readonly notReached: number
  readonly declined: number
  readonly evaluated: number
  readonly satisfied: number
  readonly satisfactionRate: number | null
  readonly returns: number
  readonly reopenings: number
  readonly exclusions: number
  readonly overdue: Record<string, number>
  readonly resolvedOnTheSpot: number
  readonly arrivals: { readonly due: number; readonly onTime: number; readonly onTimeRate: number | null }
  readonly helpRatings: { readonly rated: number; readonly satisfied: number; readonly basicallySatisfied: number; readonly unsatisfied: number; readonly satisfactionRate: number | null }
}

export interface OracleFigures {
  readonly asOf: number
  readonly counts: {
    readonly complaint: Tally
    readonly dispute: Tally
    readonly tree: readonly { readonly jurisdiction: string; readonly level: string; readonly complaint: Tally; readonly dispute: Tally }[]
  }
  readonly rates: OracleRates
  readonly exclusions: readonly { readonly caseId: string; readonly ground: string; readonly unitId: string }[]
  readonly resolutionLevels: {
    readonly total: number
    readonly byLevel: Record<string, { readonly count: number; readonly share: number | null }>
    readonly streetOrBelowShare: number | null
    readonly onTheSpot: { readonly count: number; readonly share: number | null }
  }
  readonly mediation: {
    readonly reported: number
    readonly accepted: number
    readonly declined: number
    readonly referredToLitigation: number
    readonly agreements: number
    readonly failures: number
    readonly concluded: number
    readonly successRate: number | null
    readonly meanDaysToConclude: number | null
    readonly byTrack: Record<string, { readonly entered: number; readonly agreements: number; readonly failures: number; readonly concluded: number; readonly successRate: number | null; readonly meanDaysToConclude: number | null }>
    readonly transfers: readonly { readonly from: string; readonly to: string; readonly count: number }[]
    readonly confirmations: { readonly applied: number; readonly accepted: number; readonly granted: number; readonly rejected: number }
  }
  readonly overdue: { readonly byKind: Record<string, number>; readonly items: readonly OverdueLine[] }
  readonly dueSoon: { readonly byKind: Record<string, number>; readonly items: readonly OverdueLine[] }
  readonly units: readonly OracleUnit[]
}

export interface OverdueLine {
  readonly caseType: string
  readonly caseId: string
  readonly deadlineKind: string
  readonly deadline: string
  readonly hoursOverdue: number
  readonly unitId?: string
}

export interface Tally {
  total: number
  byState: Record<string, number>
  byCategory: Record<string, number>
  byStateAndCategory: Record<string, Record<string, number>>
}
const tally = (): Tally => ({ total: 0, byState: {}, byCategory: {}, byStateAndCategory: {} })
const addTally = (t: Tally, state: string, category: string): void => {
  t.total += 1
  t.byState[state] = (t.byState[state] ?? 0) + 1
  t.byCategory[category] = (t.byCategory[category] ?? 0) + 1
  const row = (t.byStateAndCategory[state] ??= {})
  row[category] = (row[category] ?? 0) + 1
}

export const DEADLINE_KIND_NAMES = ['accept', 'acknowledge', 'arrival', 'result', 'mediation', 'confirmation', 'court-accept', 'court-decide', 'receipt', 'dispatch'] as const
const zeroKinds = (): Record<string, number> => Object.fromEntries(DEADLINE_KIND_NAMES.map((k) => [k, 0]))

/**
 * What a complaint counts in the assessment of the period `[from, to)` as of the time its state was taken: facts
 * `[key, at, unit?]`, each counted in the period when `at` falls in it. Kept in one place so the place's figures and the
 * units' are the same facts.
 */
const complaintFacts = (c: Complaint, asOf: number, from: number, to: number): { key: string; at: number; unit?: string }[] => {
  const facts: { key: string; at: number; unit?: string }[] = []
  const fact = (key: string, at: number, unit?: string) => facts.push(unit === undefined ? { key, at } : { key, at, unit })
  // A merged duplicate counts nothing: its primary counts (DOMAIN.md "Denominator rules").
  if (c.state === 'merged') return facts
  // Excluded after a 考评申诉: out of every denominator, counted (and listed) as excluded at the approval. Its 退单 and
  // 重办 stay on the units' record: DOMAIN.md says the case leaves the denominators, and the unit evaluation's returns
  // and reopenings are counts of what happened on a unit's handling, not denominators.
  if (c.excluded !== undefined) {
    fact('excluded', c.excluded.at, c.excluded.unit)
    for (const r of c.returns) fact('returns', r.at, r.unit)
    for (const r of c.reopenings) fact('reopenings', r.at, r.unit)
    return facts
  }
  const open = !FINAL_COMPLAINT.has(c.state)
  for (const round of c.rounds) {
    // A round its unit returned (退单) "within the window" counts neither for nor against it: the case counts for the unit
    // it went to next. Choice: the window of a deadline is the time until it passes — a deadline that had passed when the
    // unit returned the case stays its own (signed for on time or not; a result missed), so that returning a case never
    // undoes a missed deadline (DOMAIN.md: not finishing never scores better).
    if (round.returnedAt !== undefined) {
      if (passedFrom(round.ackBy) <= round.returnedAt) {
        if (round.ackAt !== undefined) {
          fact('ackDue', round.ackBy, round.ackUnit)
          if (inTime(round.ackAt, round.ackBy)) fact('ackOnTime', round.ackBy, round.ackUnit)
        } else fact('ackDue', round.ackBy, round.unit.id)
      }
      if (passedFrom(round.resultBy) <= round.returnedAt) fact('resultDue', round.resultBy, round.holder.id)
      continue
    }
    // On-time 签收: over dispatches whose acknowledge deadline fell in the period. Signed: due, on time or not. Never
    // signed: late once the deadline passed while the round ran, and for good once the round had its result.
    if (round.ackAt !== undefined) {
      fact('ackDue', round.ackBy, round.ackUnit)
      if (inTime(round.ackAt, round.ackBy)) fact('ackOnTime', round.ackBy, round.ackUnit)
    } else if (round.resultAt !== undefined || (open && passedFrom(round.ackBy) <= asOf)) fact('ackDue', round.ackBy, round.unit.id)
    // 按期办结率: over rounds whose result deadline (after extensions) fell in the period; a round still open past it is late.
    if (round.resultAt !== undefined) {
      fact('resultDue', round.resultBy, round.resultUnit)
      if (inTime(round.resultAt, round.resultBy)) fact('resultOnTime', round.resultBy, round.resultUnit)
    } else if (open && passedFrom(round.resultBy) <= asOf) fact('resultDue', round.resultBy, round.holder.id)
  }
  // 三率 from the callbacks (回访) made in the period (DOMAIN.md "Dashboards"): the complainant's answers. Choice
  // (docs/kpis.md): one matter, one evaluation in the period — a case counts once, by its latest callback made in the
  // period that got answers; where none did, its latest callback made in the period is counted apart (not reached /
  // declined) and the resident's own latest 一事一评 rating made in the period counts for the 满意率 only. What was made
  // after the period does not exist for it (its figures never move); all time is the period with no ends.
  const madeInPeriod = <T extends { readonly at: number }>(list: readonly T[]): T[] => list.filter((x) => x.at >= from && x.at < to)
  const callbacks = madeInPeriod(c.callbacks)
  const answered = callbacks.filter((b) => b.reached && !b.declined)
  const call = answered[answered.length - 1]
  if (call !== undefined) {
    fact('calledBack', call.at, call.unit)
    if (call.contacted === true) fact('contacted', call.at, call.unit)
    if (call.solved !== undefined) fact(call.solved, call.at, call.unit)
    if (call.satisfaction !== undefined) fact(call.satisfaction, call.at, call.unit)
  } else {
    const missed = callbacks[callbacks.length - 1]
    if (missed !== undefined) fact(missed.reached ? 'declined' : 'notReached', missed.at, missed.unit)
    const ratings = madeInPeriod(c.ratings)
    const rating = ratings[ratings.length - 1]
    if (rating !== undefined) {
      fact('ratedByResident', rating.at, rating.unit)
      fact(rating.rating, rating.at, rating.unit)
    }
  }
  for (const r of c.returns) fact('returns', r.at, r.unit)
  for (const r of c.reopenings) fact('reopenings', r.at, r.unit)
  // 报到 of summoned departments: due at their deadline; late if never met by then while the case and round ran.
  for (const a of c.arrivals) {
    if (a.metAt !== undefined) {
      fact('arrivalDue', a.deadline, a.unit)
      if (inTime(a.metAt, a.deadline)) fact('arrivalOnTime', a.deadline, a.unit)
      continue
    }
    const stoppedAt = a.endedAt ?? c.finalAt ?? asOf
    if (passedFrom(a.deadline) <= stoppedAt) fact('arrivalDue', a.deadline, a.unit)
  }
  if (c.onTheSpot !== undefined) fact('resolvedOnTheSpot', c.onTheSpot.at, c.onTheSpot.unit)
  for (const h of c.help) {
    fact('helpRated', h.at, h.unit)
    fact(`help:${h.rating}`, h.at, h.unit)
  }
  return facts
}

/** Every figure of DOMAIN.md "Dashboards" for a filter, from the events alone. */
export const oracleFigures = (events: readonly RecordedEvent[], filter: OracleFilter = {}, options: { readonly dueSoonShare?: number; readonly weights?: OracleWeights } = {}): OracleFigures => {
  const latest = events.reduce((m, e) => Math.max(m, ms(e.metadata.occurredAt)), Number.NEGATIVE_INFINITY)
  const asOf = filter.asOf === undefined ? latest : ms(filter.asOf)
  const from = filter.from === undefined ? Number.NEGATIVE_INFINITY : ms(filter.from)
  const to = filter.to === undefined ? Number.POSITIVE_INFINITY : ms(filter.to)
  const scope = filter.jurisdiction ?? ''
  const depth = filter.depth ?? 2
  const inPeriod = (at: number) => at >= from && at < to
  const weights = options.weights ?? ORACLE_RATE_WEIGHTS
  const dueSoonShare = options.dueSoonShare ?? 0.2
  const cases = [...casesAsOf(events, asOf).values()].filter((c) => under(scope, c.jurisdiction))

  // Counts: cases opened in the period, by their state as of the time, rolled up the tree.
  const counts = { complaint: tally(), dispute: tally() }
  const nodes = new Map<string, { jurisdiction: string; level: string; complaint: Tally; dispute: Tally }>()
  const rootDepth = scope === '' ? 0 : scope.split('/').length
  for (const c of cases) {
    if (!inPeriod(c.openedAt)) continue
    addTally(counts[c.caseType], c.state, c.category)
    const parts = c.jurisdiction.split('/')
    for (let d = Math.max(rootDepth, 1); d <= Math.min(parts.length, rootDepth + depth); d += 1) {
      const place = parts.slice(0, d).join('/')
      const node = nodes.get(place) ?? { jurisdiction: place, level: levelOfPlace(place), complaint: tally(), dispute: tally() }
      addTally(node[c.caseType], c.state, c.category)
      nodes.set(place, node)
    }
  }

  // 三率, timeliness, unit records.
  const place: Count = {}
  const units = new Map<string, Count>()
  const exclusions: { caseId: string; ground: string; unitId: string }[] = []
  const levels: Record<string, number> = { city: 0, district: 0, street: 0, community: 0, grid: 0 }
  let onTheSpot = 0
  for (const c of cases) {
    if (c.caseType !== 'complaint') continue
    for (const f of complaintFacts(c, asOf, from, to)) {
      if (!inPeriod(f.at)) continue
      place[f.key] = (place[f.key] ?? 0) + 1
      bump(units, f.unit, f.key)
    }
    // Listed as it is counted (complaintFacts): a merged duplicate counts nothing, its exclusion neither (excluded before
    // the merge or after it), so it is not listed.
    if (c.excluded !== undefined && c.state !== 'merged' && inPeriod(c.excluded.at)) exclusions.push({ caseId: c.id, ground: c.excluded.ground, unitId: c.excluded.unit })
    // Resolution level: where the accepted result (the latest one not sent back by 重办) was produced; 现场办结 at grid.
    // An excluded case counts in none.
    if (c.excluded !== undefined) continue
    if (c.onTheSpot !== undefined) {
      if (inPeriod(c.onTheSpot.at)) {
        levels.grid = (levels.grid ?? 0) + 1
        onTheSpot += 1
      }
      continue
    }
    const last = [...c.rounds].reverse().find((r) => r.resultAt !== undefined)
    if (last?.resultAt !== undefined && last.reopenedAt === undefined && last.resultLevel !== undefined && inPeriod(last.resultAt)) {
      levels[last.resultLevel] = (levels[last.resultLevel] ?? 0) + 1
    }
  }
  exclusions.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
  const levelTotal = Object.values(levels).reduce((a, b) => a + b, 0)
  const resolutionLevels = {
    total: levelTotal,
    byLevel: Object.fromEntries(Object.entries(levels).map(([k, n]) => [k, { count: n, share: share(n, levelTotal) }])),
    streetOrBelowShare: share((levels.street ?? 0) + (levels.community ?? 0) + (levels.grid ?? 0), levelTotal),
    onTheSpot: { count: onTheSpot, share: share(onTheSpot, levelTotal) },
  }

  // Mediation.
  const tracks = ['people', 'administrative', 'judicial']
  const med = { reported: 0, accepted: 0, declined: 0, referredToLitigation: 0 }
  const perTrack = Object.fromEntries(tracks.map((t) => [t, { entered: 0, agreements: 0, failures: 0, ms: 0 }])) as Record<string, { entered: number; agreements: number; failures: number; ms: number }>
  const overall = { agreements: 0, failures: 0, ms: 0 }
  const hops = new Map<string, number>()
  const confirmations = { applied: 0, accepted: 0, granted: 0, rejected: 0 }
  // The disputes as they stood at the period's end (the events before it, and by the time asked).
  const endOfPeriod = new Map<string, Dispute>()
  for (const x of Number.isFinite(to) ? casesAsOf(events.filter((e) => ms(e.metadata.occurredAt) < to), asOf, suitsOnClosedOf(events)).values() : cases) {
    if (x.caseType === 'dispute') endOfPeriod.set(x.id, x)
  }
  for (const x of cases) {
    if (x.caseType !== 'dispute') continue
    if (inPeriod(x.openedAt)) med.reported += 1
    if (x.acceptedAt !== undefined && inPeriod(x.acceptedAt)) med.accepted += 1
    if (x.declinedAt !== undefined && inPeriod(x.declinedAt)) med.declined += 1
    if (x.litigationAt !== undefined && inPeriod(x.litigationAt)) med.referredToLitigation += 1
    for (const [track, at] of x.firstOnTrack) if (inPeriod(at)) (perTrack[track] as { entered: number }).entered += 1
    // By track: each track's own attempts.
    for (const k of x.conclusions) {
      if (!inPeriod(k.at)) continue
      const t = perTrack[k.track] as { agreements: number; failures: number; ms: number }
      if (k.agreed) t.agreements += 1
      else t.failures += 1
      t.ms += k.tookMs
    }
    // Overall, per dispute (docs/kpis.md "Mediation"): its outcome as of the period's end — its last conclusion before
    // then, unless a mediation was under way again then (not concluded overall) — counted in the period when that
    // conclusion was made in it. What happened after the period does not exist for it: a published month never moves.
    const atEnd = endOfPeriod.get(x.id)
    const outcome = atEnd?.conclusions[atEnd.conclusions.length - 1]
    if (atEnd !== undefined && outcome !== undefined && !MEDIATING.has(atEnd.state) && inPeriod(outcome.at)) {
      if (outcome.agreed) overall.agreements += 1
      else overall.failures += 1
      overall.ms += outcome.tookMs
    }
    for (const h of x.transfers) if (inPeriod(h.at)) hops.set(`${h.from}>${h.to}`, (hops.get(`${h.from}>${h.to}`) ?? 0) + 1)
    for (const k of x.confirmations) if (inPeriod(k.at)) confirmations[k.what] += 1
  }
  const meanDays = (sumMs: number, n: number) => (n === 0 ? null : sumMs / DAY / n)
  const concluded = overall.agreements + overall.failures
  const mediation = {
    ...med,
    agreements: overall.agreements,
    failures: overall.failures,
    concluded,
    successRate: share(overall.agreements, concluded),
    meanDaysToConclude: meanDays(overall.ms, concluded),
    byTrack: Object.fromEntries(
      tracks.map((t) => {
        const f = perTrack[t] as { entered: number; agreements: number; failures: number; ms: number }
        const n = f.agreements + f.failures
        return [t, { entered: f.entered, agreements: f.agreements, failures: f.failures, concluded: n, successRate: share(f.agreements, n), meanDaysToConclude: meanDays(f.ms, n) }]
      }),
    ),
    transfers: tracks.flatMap((a) => tracks.map((b) => ({ from: a, to: b, count: hops.get(`${a}>${b}`) ?? 0 }))).filter((h) => h.count > 0),
    confirmations,
  }

  // Overdue and due soon (临期), as of the time, whatever the period.
  const overdue = { byKind: zeroKinds(), items: [] as OverdueLine[] }
  const dueSoon = { byKind: zeroKinds(), items: [] as OverdueLine[] }
  const unitOverdue = new Map<string, Record<string, number>>()
  for (const c of cases) {
    for (const r of runningDeadlines(c)) {
      const line: OverdueLine = {
        caseType: r.caseType,
        caseId: r.caseId,
        deadlineKind: r.kind,
        deadline: new Date(r.deadline).toISOString(),
        hoursOverdue: (asOf - r.deadline) / HOUR,
        ...(r.unitId === undefined ? {} : { unitId: r.unitId }),
      }
      if (passedFrom(r.deadline) <= asOf) {
        overdue.byKind[r.kind] = (overdue.byKind[r.kind] ?? 0) + 1
        overdue.items.push(line)
        if (r.unitId !== undefined) {
          const row = unitOverdue.get(r.unitId) ?? zeroKinds()
          row[r.kind] = (row[r.kind] ?? 0) + 1
          unitOverdue.set(r.unitId, row)
        }
      } else if (r.deadline - asOf <= dueSoonShare * (r.deadline - r.since)) {
        // 临期: at most the share of its time left (remaining ≤ share × (deadline − set)).
        dueSoon.byKind[r.kind] = (dueSoon.byKind[r.kind] ?? 0) + 1
        dueSoon.items.push(line)
      }
    }
  }

  // Unit evaluation: every unit with something counted in the period, or a deadline overdue now.
  const ids = [...new Set([...units.keys(), ...unitOverdue.keys()])].sort()
  const unitRows: OracleUnit[] = ids.map((id) => {
    const n = units.get(id) ?? {}
    const v = (k: string) => n[k] ?? 0
    const r = ratesFrom(n, weights)
    return {
      id,
      dispatched: r.dispatched,
      acknowledgedOnTime: r.acknowledgedOnTime,
      onTimeAcknowledgementRate: r.onTimeAcknowledgementRate,
      results: r.results,
      resultsOnTime: r.resultsOnTime,
      onTimeRate: r.onTimeCompletionRate,
      calledBack: r.calledBack,
      contacted: r.contacted,
      responseRate: r.responseRate,
      resolved: r.resolved,
      resolutionRate: r.resolutionRate,
      notReached: r.notReached,
      declined: r.declined,
      evaluated: r.evaluated,
      satisfied: r.satisfied + r.basicallySatisfied,
      satisfactionRate: r.satisfactionRate,
      returns: v('returns'),
      reopenings: v('reopenings'),
      exclusions: v('excluded'),
      overdue: unitOverdue.get(id) ?? zeroKinds(),
      resolvedOnTheSpot: v('resolvedOnTheSpot'),
      arrivals: { due: v('arrivalDue'), onTime: v('arrivalOnTime'), onTimeRate: share(v('arrivalOnTime'), v('arrivalDue')) },
      helpRatings: {
        rated: v('helpRated'),
        satisfied: v('help:satisfied'),
        basicallySatisfied: v('help:basically-satisfied'),
        unsatisfied: v('help:unsatisfied'),
        satisfactionRate: share(v('help:satisfied') + v('help:basically-satisfied') * weights.basicallySatisfied, v('helpRated')),
      },
    }
  })

  return {
    asOf,
    counts: { complaint: counts.complaint, dispute: counts.dispute, tree: [...nodes.values()].sort((a, b) => (a.jurisdiction < b.jurisdiction ? -1 : a.jurisdiction > b.jurisdiction ? 1 : 0)) },
    rates: ratesFrom(place, weights),
    exclusions,
    resolutionLevels,
    mediation,
    overdue,
    dueSoon,
    units: unitRows,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 考核排名: the composite score (docs/kpis.md: 100 × Σ wₖ·rₖ / Σ wₖ over the known rates; ties share a rank)

export type OracleRankingWeights = RankingWeights
export const ORACLE_RANKING_WEIGHTS: OracleRankingWeights = { responseRate: 10, resolutionRate: 30, satisfactionRate: 30, onTimeAcknowledgementRate: 5, onTimeCompletionRate: 15, departmentRating: 10 }

export const oracleScore = (rates: { readonly [K in keyof OracleRankingWeights]?: number | null }, w: OracleRankingWeights = ORACLE_RANKING_WEIGHTS): { score: number | null; coverage: number } => {
  let all = 0
  let known = 0
  let sum = 0
  for (const k of Object.keys(w) as (keyof OracleRankingWeights)[]) {
    if (w[k] <= 0) continue
    all += w[k]
    const r = rates[k]
    if (r === null || r === undefined) continue
    known += w[k]
    sum += w[k] * r
  }
  return { score: known === 0 ? null : (100 * sum) / known, coverage: all === 0 ? 0 : known / all }
}

/**
 * Ranks by score, best first; equal scores share the rank (1, 2, 2, 4); unscored last, without a rank. An item's rank is 1
 * + the number of items that scored better — by more than a billionth of a point (docs/kpis.md: a score computed in
 * floating point differs in its last bits by the order of its terms; scores equal by hand are equal) — and items of one
 * rank come in the order of their keys.
 */
export const oracleRanks = <T>(items: readonly T[], score: (t: T) => number | null, key: (t: T) => string): { item: T; rank: number | null }[] => {
  const ranked = items.map((item) => {
    const s = score(item)
    if (s === null) return { item, rank: null }
    return { item, rank: 1 + items.filter((o) => { const x = score(o); return x !== null && x - s > 1e-9 }).length }
  })
  return ranked.sort((a, b) => {
    if (a.rank !== b.rank) return a.rank === null ? 1 : b.rank === null ? -1 : a.rank - b.rank
    return key(a.item) < key(b.item) ? -1 : key(a.item) > key(b.item) ? 1 : 0
  })
}
