import { deadlineClosesMs } from '../calendar/dates.js'
import type { CalendarStamp } from '../calendar/stamp.js'
import { TRACKS, type Track } from '../kernel/actor.js'
import { ancestors, levelOf } from '../access/jurisdiction.js'
import type { EventData as ComplaintData } from '../complaint/events.js'
import type { DisputeEventOf, DisputeEventType } from '../dispute/events.js'
import { RISK_GRADES, type RiskGrade } from '../dispute/commands.js'
import { partyActedAt } from '../dispute/policy.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { isoMs } from './time.js'
import { entryAt } from './overdue.js'
import { centreUnitId, committeeUnitId } from './committeeUnits.js'
import {
  COMPLAINT_STATES,
  DAY_MS,
  DISPUTE_STATES,
  type ComplaintStateName,
  type ComplaintRow,
  type DashboardState,
  type DeadlineClock,
  type DeadlineKind,
  type DisputeHolder,
  type DisputeStateName,
  type DisputeRow,
  type HandlingRound,
  type UnitInfo,
  timelineAt,
} from './summaries.js'

// Events are read as recorded: they were decoded when decided and the hash chain guards them,
// so replay does not decode them again (that would cost more than parsing the log).
type DisputeData<T extends DisputeEventType> = DisputeEventOf<T>['data']

const complaintCode = Object.fromEntries(COMPLAINT_STATES.map((s, i) => [s, i])) as Record<ComplaintStateName, number>
const disputeCode = Object.fromEntries(DISPUTE_STATES.map((s, i) => [s, i])) as Record<DisputeStateName, number>
const trackCode = Object.fromEntries(TRACKS.map((t, i) => [t, i])) as Record<Track, number>
const riskCode = Object.fromEntries(RISK_GRADES.map((g, i) => [g, i])) as Record<RiskGrade, number>

/** The status each complaint event moves the case to; events absent here leave it where it is. */
const complaintTransitions: Readonly<Record<string, ComplaintStateName>> = {
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

const disputeTransitions: Readonly<Record<string, DisputeStateName>> = {
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


/** Starts a deadline clock (a later one of the same kind ends the earlier). */
const startClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind, at: number, deadline: string | undefined, stamp?: CalendarStamp): void => {
  if (deadline === undefined) return
  stopClock(row, kind, at)
  row.clocks = append(row.clocks, { kind, at, deadlines: [at, isoMs(deadline)], ...hoursOf(stamp) })
}
/** `{ hours: true }` for a deadline its stamp says was counted in hours (marked at 23:59:59 China time: `hoursMark`). */
const hoursOf = (stamp: CalendarStamp | undefined): { hours?: true } => (stamp?.hours === true ? { hours: true } : {})
/**
 * Moves the open clock of a kind to a new deadline: an extension (a fresh grant of time: its 临期 window starts now) or
 * a re-base (`rebase`: the same time counted again, its window still from when the deadline was set).
 */
const moveClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind, at: number, deadline: string, rebase: boolean): void => {
  for (const clock of row.clocks ?? []) if (clock.kind === kind && clock.doneAt === undefined) moveTo(clock, at, deadline, rebase)
}
const moveTo = (clock: DeadlineClock, at: number, deadline: string, rebase: boolean): void => {
  clock.deadlines.push(at, isoMs(deadline))
  if (rebase) clock.rebased = append(clock.rebased, clock.deadlines.length / 2 - 1)
}
/** The 报到 clocks still open end with the round that summoned them (退单, 重办: the decider's new round has no summons). */
const endArrivals = (row: ComplaintRow, at: number): void => {
  for (const c of row.clocks ?? []) {
    if (c.kind !== 'arrival' || c.doneAt !== undefined) continue
    c.doneAt = at
    c.ended = true
  }
}
/** The open clock of a kind is met (or no longer runs). */
const stopClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind, at: number): void => {
  for (const c of row.clocks ?? []) if (c.kind === kind && c.doneAt === undefined) c.doneAt = at
}
/** The open clock of a kind ends unmet and counts nothing: another deadline answers for the same time, or none runs. */
const endClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind, at: number): void => {
  for (const c of row.clocks ?? []) {
    if (c.kind !== kind || c.doneAt !== undefined) continue
    c.doneAt = at
    c.ended = true
  }
}
/** The open clock of a kind, if any. */
const openClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind): DeadlineClock | undefined => (row.clocks ?? []).find((c) => c.kind === kind && c.doneAt === undefined)
/** The last clock of a kind, running or not. */
const lastClock = (row: { clocks?: DeadlineClock[] }, kind: DeadlineKind): DeadlineClock | undefined => {
  const clocks = row.clocks ?? []
  for (let i = clocks.length - 1; i >= 0; i--) if (clocks[i]?.kind === kind) return clocks[i]
  return undefined
}

/** Appends to a list that is only created when first needed (most cases never need it). */
const append = <T>(list: T[] | undefined, ...items: T[]): T[] => {
  if (list === undefined) return items
  list.push(...items)
  return list
}

/** The unit's id as first stored, so summaries share one string per unit. */
const remember = (state: DashboardState, unit: UnitInfo): string => {
  const known = state.units.get(unit.id)
  if (known !== undefined) return known.id
  const { id, name, level, jurisdiction, department } = unit
  state.units.set(id, { id, level, jurisdiction, ...(name === undefined ? {} : { name }), ...(department === undefined ? {} : { department }) })
  return id
}

/** The shared copy of a repeated name (a place, a category). */
const intern = (state: DashboardState, name: string): string => {
  const known = state.names.get(name)
  if (known !== undefined) return known
  state.names.set(name, name)
  return name
}

const newRound = (state: DashboardState, at: number, d: { unit: UnitInfo; acknowledgeBy: string; resultBy: string; acknowledgeCalendar?: CalendarStamp; calendar?: CalendarStamp }): HandlingRound => ({
  at,
  unitId: remember(state, d.unit),
  acknowledgeBy: isoMs(d.acknowledgeBy),
  resultBy: isoMs(d.resultBy),
  ...(d.acknowledgeCalendar?.hours === true ? { acknowledgeHours: true } : {}),
  ...(d.calendar?.hours === true ? { resultHours: true } : {}),
})

/**
 * Starts the dispatch clock (派单时限, the dispatcher's: no unit) — at acceptance, at a 退单 — its 临期 window from where
 * its count started (信访: registration, art. 22), or from `at` (an hours span, a count starting then).
 */
const startDispatchClock = (row: ComplaintRow, at: number, deadline: string | undefined, stamp: CalendarStamp | undefined): void => {
  if (deadline === undefined) return
  stopClock(row, 'dispatch', at)
  const from = stamp?.from
  const start = from === undefined ? at : Math.min(at, isoMs(from))
  row.clocks = append(row.clocks, { kind: 'dispatch', at, deadlines: [start, isoMs(deadline)], ...hoursOf(stamp) })
}

/** Is the case referred to mediation now (its last state)? */
const referredNow = (row: ComplaintRow): boolean => row.states[row.states.length - 1] === complaintCode['referred-to-mediation']

/** Folds one complaint event into its summary (registration creates it). */
const applyComplaint = (state: DashboardState, event: RecordedEvent, at: number): void => {
  if (event.type === 'ComplaintRegistered') {
    if (state.cases.has(event.streamId)) return
    const d = event.data as ComplaintData<'ComplaintRegistered'>
    const summary: ComplaintRow = {
      caseType: 'complaint',
      caseId: d.complaintId,
      jurisdiction: intern(state, d.jurisdiction),
      category: intern(state, d.category),
      registeredAt: at,
      states: [at, complaintCode.registered],
      rounds: [],
    }
    startClock(summary, 'accept', at, d.acceptBy, d.calendar)
    state.cases.set(event.streamId, summary)
    return
  }
  const summary = state.cases.get(event.streamId)
  if (summary === undefined || summary.caseType !== 'complaint') return
  const next = complaintTransitions[event.type]
  if (next !== undefined) summary.states.push(at, complaintCode[next])
  const round = summary.rounds[summary.rounds.length - 1]
  switch (event.type) {
    case 'ComplaintAccepted': {
      stopClock(summary, 'accept', at)
      // 信访: the handling period runs from acceptance, before any dispatch too — a clock of no unit (the accepting
      // office's), its 临期 window from the acceptance, until a dispatch takes it over (the round has the same deadline:
      // the clock ends counting nothing) or a referral counts its own. Absent under 12345 policies and on older events.
      const d = event.data as ComplaintData<'ComplaintAccepted'>
      if (d.resultBy !== undefined) {
        endClock(summary, 'result', at)
        summary.clocks = append(summary.clocks, { kind: 'result', at, deadlines: [at, isoMs(d.resultBy)], ...hoursOf(d.calendar) })
      }
      // 派单时限: the case can be dispatched from now (absent on older events and under a policy that sets none).
      startDispatchClock(summary, at, d.dispatchBy, d.dispatchCalendar)
      return
    }
    case 'ComplaintRejected':
      stopClock(summary, 'accept', at)
      return
    case 'ComplaintMerged':
      stopClock(summary, 'accept', at)
      // Merged into another case before any dispatch: nothing is left to dispatch (the case is final; counted nothing).
      endClock(summary, 'dispatch', at)
      return
    case 'ComplaintDeadlinesRebased':
      for (const change of (event.data as ComplaintData<'ComplaintDeadlinesRebased'>).changes) {
        // A confirmation (a provisional count the loaded schedule leaves on its day) moves no clock.
        if (change.previous === change.deadline) continue
        // A re-base counts the same time again: each moved deadline keeps the 临期 window it was set with (`rebased`).
        if (change.kind === 'accept') moveClock(summary, 'accept', at, change.deadline, true)
        // … and, while referred, the accept clock the referral stopped: a failed referral resumes it on the moved deadline.
        if (change.kind === 'accept' && referredNow(summary)) {
          const stopped = lastClock(summary, 'accept')
          if (stopped?.doneAt !== undefined) moveTo(stopped, at, change.deadline, true)
        }
        // 派单时限 (信访, counted in statutory days), and, while referred, the one the referral stopped, as the accept clock.
        if (change.kind === 'dispatch') moveClock(summary, 'dispatch', at, change.deadline, true)
        if (change.kind === 'dispatch' && referredNow(summary)) {
          const stopped = lastClock(summary, 'dispatch')
          if (stopped?.doneAt !== undefined) moveTo(stopped, at, change.deadline, true)
        }
        // The handling deadline of a case referred before dispatch (访调对接 under 信访) is a clock, not a round's.
        if (change.kind === 'result') moveClock(summary, 'result', at, change.deadline, true)
        if (change.kind === 'result' && round !== undefined) {
          round.resultByChanges = append(round.resultByChanges, at, isoMs(change.deadline))
          round.resultByRebased = append(round.resultByRebased, round.resultByChanges.length / 2 - 1)
        }
        // 报到: the open arrival clocks of the departments the change names.
        if (change.kind === 'arrival') {
          for (const c of summary.clocks ?? []) {
            if (c.kind === 'arrival' && c.doneAt === undefined && c.unitId !== undefined && change.units?.includes(c.unitId) === true) moveTo(c, at, change.deadline, true)
          }
        }
      }
      return
    case 'ComplaintDepartmentsSummoned': {
      const d = event.data as ComplaintData<'ComplaintDepartmentsSummoned'>
      if (d.reportBy !== undefined) {
        const deadline = isoMs(d.reportBy)
        for (const unit of d.departments) summary.clocks = append(summary.clocks, { kind: 'arrival', at, deadlines: [at, deadline], unitId: remember(state, unit), ...hoursOf(d.calendar) })
      }
      return
    }
    case 'ComplaintDepartmentArrived': {
      const unitId = (event.data as ComplaintData<'ComplaintDepartmentArrived'>).unit.id
      for (const c of summary.clocks ?? []) if (c.kind === 'arrival' && c.unitId === unitId && c.doneAt === undefined) c.doneAt = at
      return
    }
    case 'ComplaintDispatched': {
      // The handling deadline of a case referred before dispatch whose referral failed (信访, counted from acceptance)
      // is the round's from now on (the same deadline, the unit's): the clock of no unit ends, counting nothing. The
      // round takes its 临期 window over with it: the period's time has run since the acceptance (or the extension, a
      // fresh grant), not since this dispatch.
      const d = event.data as ComplaintData<'ComplaintDispatched'>
      const taken = openClock(summary, 'result')
      const entry = taken === undefined ? undefined : entryAt(taken.deadlines, at, taken.rebased, taken.at)
      endClock(summary, 'result', at)
      // 派单: the dispatcher's deadline is met (on time or late).
      stopClock(summary, 'dispatch', at)
      const next = newRound(state, at, d)
      if (entry !== undefined && entry[1] === next.resultBy && entry[0] < at) next.resultFrom = entry[0]
      summary.rounds.push(next)
      return
    }
    case 'ComplaintResolvedOnTheSpot':
      summary.onTheSpot = { at, unitId: remember(state, (event.data as ComplaintData<'ComplaintResolvedOnTheSpot'>).unit) }
      return
    case 'ComplaintDepartmentHelpRated': {
      const d = event.data as ComplaintData<'ComplaintDepartmentHelpRated'>
      summary.helpRatings = append(summary.helpRatings, { at, unitId: remember(state, d.unit), rating: d.rating })
      return
    }
    case 'ComplaintReopened': {
      const d = event.data as ComplaintData<'ComplaintReopened'>
      if (round !== undefined) round.reopenedAt = at
      endArrivals(summary, at)
      // Whose result was sent back; none when it was a mediation's on a case never dispatched (访调对接).
      summary.reopenings = append(summary.reopenings, d.previousUnit === undefined ? { at } : { at, unitId: remember(state, d.previousUnit) })
      summary.rounds.push(newRound(state, at, d))
      return
    }
    case 'ComplaintAcknowledged': {
      const d = event.data as ComplaintData<'ComplaintAcknowledged'>
      // The response rate is about the dispatched unit signing for it; a unit above signing for an escalation is not.
      if (round !== undefined && d.after === 'dispatch' && round.ackAt === undefined) {
        round.ackAt = at
        round.ackOnTime = d.onTime ?? at < deadlineClosesMs(round.acknowledgeBy, round.acknowledgeHours)
        if (d.actingUnit !== undefined) round.ackUnitId = remember(state, d.actingUnit)
      }
      return
    }
    case 'ComplaintEscalated':
      // 上报 (DOMAIN.md "Complaint": escalated to the next level): the unit above takes the lead (the case's `lead`); the
      // round's result deadline is its from now on, missed or met (the 签收 was the dispatched unit's).
      if (round !== undefined) {
        round.leadUnitId = remember(state, (event.data as ComplaintData<'ComplaintEscalated'>).to)
        round.leadUnitAt = at
      }
      return
    case 'ComplaintExtensionApproved':
      if (round !== undefined) round.resultByChanges = append(round.resultByChanges, at, isoMs((event.data as ComplaintData<'ComplaintExtensionApproved'>).resultBy))
      return
    case 'ComplaintResultSubmitted': {
      const d = event.data as ComplaintData<'ComplaintResultSubmitted'>
      if (round === undefined) return
      round.resultAt = at
      round.resultOnTime = d.onTime
      // The unit that submitted it: a superior acting for the lead is credited, not the lead.
      const by = d.actingUnit ?? d.unit
      round.resultUnitId = remember(state, by)
      round.resultLevel = by.level
      return
    }
    case 'ComplaintReferredToMediation': {
      // The referral takes the case up (导入调解): nothing is left to accept. Referred before dispatch under 信访, its
      // handling deadline runs on as a clock of no unit (the accepting hotline's), counted from acceptance.
      stopClock(summary, 'accept', at)
      // Referred from `accepted` or `returned`: the referral routes the case, as a dispatch would (the dispatch clock is met).
      stopClock(summary, 'dispatch', at)
      const d = event.data as ComplaintData<'ComplaintReferredToMediation'>
      if (d.resultBy !== undefined) {
        // Referred again after a failed referral: the earlier referral's clock ends (not met), this one counts.
        endClock(summary, 'result', at)
        const from = d.calendar?.from === undefined ? at : Math.min(at, isoMs(d.calendar.from))
        summary.clocks = append(summary.clocks, { kind: 'result', at, deadlines: [from, isoMs(d.resultBy)] })
      }
      return
    }
    case 'ComplaintReferralFailed': {
      // The referral could not open its dispute: the case is back in the state it was referred from, on the clocks it
      // had there. The referral did not take the case up, so its deadlines run on as if it had not stopped them (the
      // time spent waiting on it is not excused): back to `registered`, the accept clock the referral stopped resumes
      // (its deadline and 临期 window as set at registration), and the handling deadline the referral counted from
      // itself (信访) ends, counting nothing; back to `accepted` or `returned`, that deadline, counted from acceptance,
      // runs on (no unit's) until a dispatch. A round's deadlines (签收, 办结, 报到) never stopped.
      const { backTo } = event.data as ComplaintData<'ComplaintReferralFailed'>
      summary.states.push(at, complaintCode[backTo])
      if (backTo === 'registered') {
        const stopped = lastClock(summary, 'accept')
        if (stopped?.doneAt !== undefined) {
          summary.clocks = append(summary.clocks, { kind: 'accept', at, deadlines: [...stopped.deadlines], ...(stopped.rebased === undefined ? {} : { rebased: [...stopped.rebased] }), ...(stopped.hours === true ? { hours: true } : {}) })
        }
        endClock(summary, 'result', at)
      }
      // Back to `accepted` or `returned`: the dispatch clock the referral stopped resumes, its deadline and 临期 window as
      // set (the referral did not route the case after all; the time spent on it is not excused).
      if (backTo === 'accepted' || backTo === 'returned') {
        const stopped = lastClock(summary, 'dispatch')
        if (stopped?.doneAt !== undefined && stopped.ended !== true) {
          summary.clocks = append(summary.clocks, { kind: 'dispatch', at, deadlines: [...stopped.deadlines], ...(stopped.rebased === undefined ? {} : { rebased: [...stopped.rebased] }), ...(stopped.hours === true ? { hours: true } : {}) })
        }
      }
      return
    }
    case 'ComplaintMediationConcluded':
      // The dispute's conclusion is the result: a clock of a case referred before dispatch is met (on time or late).
      stopClock(summary, 'result', at)
      // A referred complaint stays in the figures until its dispute concludes: the conclusion is the round's result.
      if (round !== undefined && round.resultAt === undefined) {
        round.resultAt = at
        const changed = timelineAt(round.resultByChanges ?? [], at)
        round.resultOnTime = at < deadlineClosesMs(changed ?? round.resultBy, changed === undefined ? round.resultHours : undefined)
      }
      return
    case 'ComplaintReturned': {
      const d = event.data as ComplaintData<'ComplaintReturned'>
      if (round !== undefined) round.returnedAt = at
      endArrivals(summary, at)
      summary.returns = append(summary.returns, { at, unitId: remember(state, d.actingUnit ?? d.unit) })
      // Back with the dispatcher: a new dispatch deadline from the return.
      startDispatchClock(summary, at, d.dispatchBy, d.dispatchCalendar)
      // 信访: the period counted from acceptance runs on while no unit has the case — a clock of no unit with the round's
      // deadline and 临期 window (extensions and re-bases kept), until the redispatch's round takes it over (ending it,
      // counting nothing) or a referral counts its own. Under 12345 policies the return names none: nothing runs.
      if (d.resultBy !== undefined) {
        const deadlines = round === undefined ? [at, isoMs(d.resultBy)] : [round.resultFrom ?? round.at, round.resultBy, ...(round.resultByChanges ?? [])]
        if (deadlines[deadlines.length - 1] !== isoMs(d.resultBy)) deadlines.push(at, isoMs(d.resultBy))
        const rebased = round?.resultByRebased?.map((i) => i + 1)
        endClock(summary, 'result', at)
        summary.clocks = append(summary.clocks, { kind: 'result', at, deadlines, ...(rebased === undefined ? {} : { rebased }) })
      }
      return
    }
    case 'ComplaintEvaluated': {
      const d = event.data as ComplaintData<'ComplaintEvaluated'>
      summary.evaluations = append(summary.evaluations, { at, rating: d.rating, ...(d.unit === undefined ? {} : { unitId: remember(state, d.unit) }), withResult: round?.resultAt !== undefined })
      return
    }
    case 'ComplaintCallbackRecorded': {
      const d = event.data as ComplaintData<'ComplaintCallbackRecorded'>
      const unitId = d.unit === undefined ? undefined : remember(state, d.unit)
      summary.callbacks = append(summary.callbacks, {
        at,
        reached: d.reached,
        ...(unitId === undefined ? {} : { unitId }),
        ...(d.declined === undefined ? {} : { declined: d.declined }),
        ...(d.contacted === undefined ? {} : { contacted: d.contacted }),
        ...(d.solved === undefined ? {} : { solved: d.solved }),
        ...(d.satisfaction === undefined ? {} : { satisfaction: d.satisfaction }),
      })
      return
    }
    case 'ComplaintExclusionDecided': {
      const d = event.data as ComplaintData<'ComplaintExclusionDecided'>
      if (d.approved) summary.excluded = { at, ground: d.ground, unitId: remember(state, d.unit) }
      return
    }
    case 'ComplaintClosed': {
      const d = event.data as ComplaintData<'ComplaintClosed'>
      // A consultation answered at registration is rated when it closes (一事一评 without a result).
      if (d.closedAs === 'answered' && d.rating !== undefined) summary.evaluations = append(summary.evaluations, { at, rating: d.rating, withResult: false })
      return
    }
  }
}

/**
 * A committee or centre as a unit (UnitInfo), from what the events say: DisputeRouted names the committee (id, name,
 * kind) and its centre (id), not their places. A committee's place holds the dispute's (centre.ts `committeeFor`): a
 * people's committee's is taken as the dispute's community (its street when the dispute lies above a community), a
 * specialist committee's and its centre's as the dispute's district (the 矛调中心 is the district's). As first seen,
 * like every unit; the HTTP evaluation puts the configured committee file's name and place over it.
 */
const committeeUnit = (id: string, name: string | undefined, specialist: boolean, dispute: string): UnitInfo => {
  const line = ancestors(dispute)
  const jurisdiction = (specialist ? line[1] : line[3]) ?? dispute
  return { id, level: levelOf(jurisdiction), jurisdiction, ...(name === undefined ? {} : { name }) }
}

/** The committee a dispute is with now (the last holder), if any. */
const holderNow = (summary: DisputeRow): DisputeHolder | undefined => summary.holders?.[summary.holders.length - 1]

/** Folds one dispute event into its summary (the report creates it). */
const applyDispute = (state: DashboardState, event: RecordedEvent, at: number): void => {
  if (event.type === 'DisputeReported') {
    if (state.cases.has(event.streamId)) return
    const d = event.data as DisputeData<'DisputeReported'>
    const summary: DisputeRow = {
      caseType: 'dispute',
      caseId: d.id,
      jurisdiction: intern(state, d.jurisdiction),
      category: intern(state, d.category),
      reportedAt: at,
      states: [at, disputeCode.reported],
      // 诉前委派: a court-entrusted case the centre recorded has its mediation period from that receipt (法释〔2016〕14号 art. 27).
      ...(d.mediationDeadline === undefined ? {} : { deadlines: [at, isoMs(d.mediationDeadline)] }),
    }
    // … and a clerk's entrustment, until the centre accepts or declines it, its receipt clock (kind receipt).
    startClock(summary, 'receipt', at, d.receiptDeadline)
    state.cases.set(event.streamId, summary)
    return
  }
  const summary = state.cases.get(event.streamId)
  if (summary === undefined || summary.caseType !== 'dispute') return
  const next = disputeTransitions[event.type]
  // A suit recorded on a case closed after its 回访 (人民调解法 art. 32) leaves it closed, as the case file does (dispute
  // state.ts `litigationAfterClose`): counted as a referral to litigation below, not as a case back among the open.
  const closedOn = event.type === 'ReferredToLitigation' && summary.states[summary.states.length - 1] === disputeCode.closed
  if (next !== undefined && !closedOn) summary.states.push(at, disputeCode[next])
  switch (event.type) {
    case 'DisputeAccepted':
      summary.acceptedAt ??= at
      stopClock(summary, 'receipt', at)
      {
        const accepted = event.data as DisputeData<'DisputeAccepted'>
        summary.deadlines = append(summary.deadlines, at, isoMs(accepted.mediationDeadline))
        const from = accepted.calendar?.from === undefined ? at : isoMs(accepted.calendar.from)
        if (summary.acceptedAt === at && from < at) summary.countedFrom = from
      }
      return
    case 'DisputeDeclined':
      summary.declinedAt = at
      stopClock(summary, 'receipt', at)
      return
    case 'DisputeRiskGraded':
      summary.risks = append(summary.risks, at, riskCode[(event.data as DisputeData<'DisputeRiskGraded'>).grade])
      return
    case 'MediatorAssigned': {
      const d = event.data as DisputeData<'MediatorAssigned'>
      // Back to mediation after a refusal: no application is taken there; the window a new agreement opens is its own.
      endClock(summary, 'confirmation', at)
      summary.tracks = append(summary.tracks, at, trackCode[d.track])
      // Back to mediation after the court: the new period's deadline (the old one ended with the agreement).
      if (d.mediationDeadline !== undefined) summary.deadlines = append(summary.deadlines, at, isoMs(d.mediationDeadline))
      return
    }
    case 'DisputeRouted': {
      // 分流: the committee takes the case — its mediation period, and a clerk's entrustment's receipt (its centre's).
      const d = event.data as DisputeData<'DisputeRouted'>
      const committeeId = remember(state, committeeUnit(committeeUnitId(d.committeeId), d.committeeName, d.kind !== 'people', summary.jurisdiction))
      const centreId = d.centre === undefined ? undefined : remember(state, committeeUnit(centreUnitId(d.centre), undefined, true, summary.jurisdiction))
      summary.holders = append(summary.holders, { at, committeeId, track: d.track, ...(centreId === undefined ? {} : { centreId }) })
      return
    }
    case 'DisputeTransferred': {
      const d = event.data as DisputeData<'DisputeTransferred'>
      endClock(summary, 'confirmation', at)
      // 三调联动: the committee keeps the case only on its own track (as the dispute's state has it).
      const holder = holderNow(summary)
      if (holder?.committeeId !== undefined && holder.track !== d.to) summary.holders = append(summary.holders, { at })
      summary.transfers = append(summary.transfers, { at, from: d.from, to: d.to })
      summary.tracks = append(summary.tracks, at, trackCode[d.to])
      summary.deadlines = append(summary.deadlines, at, isoMs(d.mediationDeadline))
      return
    }
    case 'MediationExtended':
      summary.deadlines = append(summary.deadlines, at, isoMs((event.data as DisputeData<'MediationExtended'>).deadline))
      return
    case 'MediationAgreed':
    case 'MediationFailed': {
      const { track } = event.data as DisputeData<'MediationAgreed' | 'MediationFailed'>
      const days = summary.acceptedAt === undefined ? 0 : (at - summary.acceptedAt) / DAY_MS
      summary.conclusions = append(summary.conclusions, { at, track, agreed: event.type === 'MediationAgreed', days })
      if (event.type === 'MediationAgreed') {
        // The 30 days run from the day the agreement took effect (人民调解法 art. 33), which for a written one (the last
        // signature) may be days before it is recorded: the 临期 window is the window's own time, from that day's 00:00
        // China time (as a clerk's entrustment's from its receipt), not the part of it left at the recording. Recorded the
        // day it took effect, the window starts at the recording as before.
        const agreed = event.data as DisputeData<'MediationAgreed'>
        startClock(summary, 'confirmation', at, agreed.confirmationDeadline)
        const effective = Date.parse(`${agreed.effectiveOn}T00:00:00+08:00`)
        const window = summary.clocks?.[summary.clocks.length - 1]
        if (window?.kind === 'confirmation' && window.at === at && effective + DAY_MS <= at) window.deadlines[0] = effective
      }
      return
    }
    case 'ReferredToLitigation':
      summary.litigationAt = at
      endClock(summary, 'confirmation', at)
      return
    case 'JudicialConfirmationApplied': {
      const applied = event.data as DisputeData<'JudicialConfirmationApplied'>
      summary.confirmations = append(summary.confirmations, { at, what: 'applied' })
      // The 30 days bound the parties' application, not its recording (人民调解法 art. 33; 民事诉讼法 art. 205, 2023
      // numbering): one filed in time (`filedOn`) and recorded later met the window on the day it was filed, at the
      // instant the decider judged it by (`partyActedAt`, noon China time) — not later than the recording, not before
      // the window (re)started (a refusal's day is taken for a new filing, decide.ts). Before, the window ran on to the
      // recording: filed on the last day and recorded the next, it was 超期 in between.
      stopClock(summary, 'confirmation', applied.filedOn === undefined ? at : Math.min(at, Math.max(Date.parse(partyActedAt(applied.filedOn)), openClock(summary, 'confirmation')?.at ?? at)))
      startClock(summary, 'court-accept', at, applied.courtDecisionDeadline)
      // The court's 3 days to accept (法释〔2011〕5号 art. 4) run from the day it received the application (`filedOn`), which
      // may be days before it is recorded: the 临期 window is the 3 days' own time, from that day's 00:00 China time (as the
      // 司法确认 window's from the effective day above), not the part of it left at the recording. Filed the day it is
      // recorded, or no filedOn: from the recording, as before.
      if (applied.filedOn !== undefined) {
        const filed = Date.parse(`${applied.filedOn}T00:00:00+08:00`)
        const window = summary.clocks?.[summary.clocks.length - 1]
        if (window?.kind === 'court-accept' && window.at === at && filed + DAY_MS <= at) window.deadlines[0] = filed
      }
      return
    }
    case 'JudicialConfirmationAccepted':
      summary.confirmations = append(summary.confirmations, { at, what: 'accepted' })
      stopClock(summary, 'court-accept', at)
      startClock(summary, 'court-decide', at, (event.data as DisputeData<'JudicialConfirmationAccepted'>).decideBy)
      return
    case 'JudicialConfirmationRefused': {
      stopClock(summary, 'court-accept', at)
      // 不予受理 ends that application, not the 30 days: the parties may apply again (民事诉讼法 art. 205, 2023 numbering),
      // so the window runs again, to the deadline it had (as the dispute's state keeps it), from the refusal — if any of
      // it is left: a refusal after day 30 leaves none to use, and an application made in time is not a window missed.
      // (Day 30 runs to 24:00, its last second too: the deadline's close, not the instant it is written as.)
      const window = [...(summary.clocks ?? [])].reverse().find((c) => c.kind === 'confirmation')
      const deadline = window?.deadlines[window.deadlines.length - 1]
      if (deadline !== undefined && deadlineClosesMs(deadline) > at) startClock(summary, 'confirmation', at, new Date(deadline).toISOString())
      return
    }
    case 'JudicialConfirmationReviewExtended':
      // The court's extension of its review (+10 days) is a fresh grant of time, not a re-base.
      moveClock(summary, 'court-decide', at, (event.data as DisputeData<'JudicialConfirmationReviewExtended'>).decideBy, false)
      return
    case 'JudicialConfirmationGranted':
      // Its `enforcementBy` (the 2 years to apply for enforcement, 民事诉讼法 art. 250) starts no clock here: that window is
      // the parties', not the office's to meet, so no overdue list or evaluation counts it (a rebase's `enforcement`
      // change is passed over below for the same reason).
      summary.confirmations = append(summary.confirmations, { at, what: 'granted' })
      // Older streams go from the application straight to the ruling: that answers the 3 days too.
      stopClock(summary, 'court-accept', at)
      stopClock(summary, 'court-decide', at)
      return
    case 'JudicialConfirmationRejected':
      summary.confirmations = append(summary.confirmations, { at, what: 'rejected' })
      stopClock(summary, 'court-accept', at)
      stopClock(summary, 'court-decide', at)
      return
    case 'FulfilmentRecorded':
      // The parties went on without applying: the overdue list no longer shows their window (they may still apply within
      // it, and the court's clocks start then).
      stopClock(summary, 'confirmation', at)
      return
    case 'DisputeDeadlinesRebased':
      for (const change of (event.data as DisputeData<'DisputeDeadlinesRebased'>).changes) {
        // A confirmation moves no clock (as a complaint's).
        if (change.previous === change.deadline) continue
        // As a complaint's: each moved deadline keeps the 临期 window it was set with.
        if (change.kind === 'mediation') {
          summary.deadlines = append(summary.deadlines, at, isoMs(change.deadline))
          summary.deadlinesRebased = append(summary.deadlinesRebased, summary.deadlines.length / 2 - 1)
        } else if (change.kind === 'confirmation' || change.kind === 'court-accept' || change.kind === 'court-decide' || change.kind === 'receipt') moveClock(summary, change.kind, at, change.deadline, true)
      }
      return
  }
}

/** One event into the dashboard's read model, in place; events of other case types are skipped. */
export const applyToDashboard = (state: DashboardState, event: RecordedEvent): DashboardState => {
  const at = isoMs(event.metadata.occurredAt)
  if (event.type.startsWith('Complain')) applyComplaint(state, event, at)
  else applyDispute(state, event, at)
  state.position = event.position
  if (at >= state.lastAtMs) {
    state.lastAtMs = at
    state.lastAt = event.metadata.occurredAt
  }
  return state
}
