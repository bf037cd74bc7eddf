import type { Level } from '../access/jurisdiction.js'
import type { AttachmentRef } from '../attachments/refs.js'
import type { Complainant } from './complainant.js'
import type { Channel, ExclusionGround, Source, Kind, MediationDevelopment, MediationOutcome, NotifyMethod, Outcome, Rating, SolvedAnswer } from './commands.js'
import type { Urgency } from './config.js'
import type { ComplaintEvent, ReferredFrom } from './events.js'
import type { HandlingUnit } from './unit.js'
import type { DaySpan } from './deadlines.js'
import { chain, inHours, type CalendarStamp } from '../calendar/stamp.js'
import { withinDeadline } from '../calendar/dates.js'
import { withKeys } from '../kernel/copy.js'

export const STATUSES = [
  'registered',
  'accepted',
  'rejected',
  'dispatched',
  'acknowledged',
  'escalated',
  'departments-summoned',
  'result-submitted',
  'complainant-notified',
  'evaluated',
  'closed',
  'returned',
  'merged',
  'referred-to-mediation',
] as const
export type ComplaintStatus = (typeof STATUSES)[number]

/** A mediation's conclusion as a complaint's result: an agreement solves it; litigation explains the way on; else not solvable here. */
const MEDIATION_RESULT: Readonly<Record<MediationOutcome, Outcome>> = { agreement: 'resolved', litigation: 'explained', failed: 'unresolvable', declined: 'unresolvable' }

/**
 * States in which nothing more happens to the case. `referred-to-mediation` is not one: the complaint waits on the
 * dispute it was referred to (诉调对接), stays on the overdue list, and takes the dispute's conclusion back.
 */
export const FINAL_STATUSES: readonly ComplaintStatus[] = ['rejected', 'closed', 'merged']

export interface CoHandling {
  readonly unit: HandlingUnit
  readonly task?: string
  readonly reportedAt?: string
  readonly report?: string
  readonly attachments?: readonly AttachmentRef[]
}

export interface Summons {
  readonly unit: HandlingUnit
  /** Who summoned it (吹哨: the street or a unit above); absent on older events. */
  readonly by?: HandlingUnit
  readonly arrivedAt?: string
  /** Its part, as it reported it. */
  readonly part?: { readonly report: string; readonly at: string; readonly photos?: readonly string[] }
  /** 以下评上: the summoning unit's rating of its help. */
  readonly rating?: { readonly rating: Rating; readonly comment: string; readonly at: string }
  /** 报到 deadline (absent on older events), and how the calendar counted it: what a rebase counts again (`hours`: an instant). */
  readonly reportBy?: string
  readonly counted?: CalendarStamp
}

/** One 补充: when, and the detail or files added (at least one of them). */
export interface Supplement {
  readonly at: string
  readonly text?: string
  readonly attachments?: readonly AttachmentRef[]
}

export interface ComplaintCase {
  readonly status: ComplaintStatus
  readonly id: string
  readonly channel: Channel
  readonly kind: Kind
  readonly category: string
  readonly urgency: Urgency
  readonly title: string
  readonly description: string
  readonly jurisdiction: string
  readonly address?: string
  /** `patrol`: 巡查发现, found by a grid worker, no complainant; absent: someone raised it. */
  readonly source?: Source
  /** Photos of the problem, by sha-256. */
  readonly photos?: readonly string[]
  readonly location?: { readonly longitude: number; readonly latitude: number }
  readonly complainant: Complainant
  /** Photos or documents of the problem, attached at registration (by hash: `GET /api/v1/attachments/{sha256}`). */
  readonly attachments?: readonly AttachmentRef[]
  /** The resident whose case it is ("residents see their own cases"). */
  readonly ownerId?: string
  readonly policy: string
  readonly registeredAt: string
  readonly updatedAt: string
  readonly acceptBy?: string
  readonly acceptedAt?: string
  /**
   * 派单时限: the dispatcher's deadline, set at acceptance and again at each 退单; it runs while the case waits in
   * `accepted` or `returned` (and is met by the dispatch: kept after it as the deadline that dispatch met).
   */
  readonly dispatchBy?: string
  readonly rejectionReason?: string
  /** 1 at the first dispatch, +1 per 重办; 0 before dispatch. */
  readonly round: number
  /** The lead unit now (首接负责制); after 上报, the unit above. */
  readonly lead?: HandlingUnit
  /** The first unit the case was dispatched to. */
  readonly firstLead?: HandlingUnit
  readonly acknowledgeBy?: string
  readonly resultBy?: string
  readonly acknowledgedAt?: string
  readonly coHandlers: readonly CoHandling[]
  readonly summoned: readonly Summons[]
  readonly pendingExtension?: { readonly days: number; readonly reason: string; readonly requestedAt: string }
  /** An extension of the result deadline has been approved on this case (in some round: `extension` says which). */
  readonly extended: boolean
  /**
   * The latest approved extension: how long, and the round of handling it was granted in (`round`, and `returns`, the
   * 退单 count then) — what decides whether the running deadline may be extended again and what a 信访 redispatch keeps.
   */
  readonly extension?: { readonly days: number; readonly dayUnit: DaySpan['unit']; readonly round: number; readonly returns: number }
  /** The conclusion of the dispute the complaint was referred to, recorded back by the referral process. */
  readonly mediation?: {
    readonly disputeId: string
    readonly outcome: MediationOutcome
    readonly concludedAt: string
    /**
     * What a concluded dispute came to after (ComplaintMediationUpdated), the latest: the conclusion above stays the
     * result. `disputeId`: this dispute's, or an earlier one's.
     */
    readonly latest?: { readonly disputeId: string; readonly outcome: MediationDevelopment; readonly at: string }
    /** The disputes concluded before this one (a complaint referred again after a 重办): their later outcomes are taken too. */
    readonly earlier?: readonly string[]
  }
  readonly result?: {
    readonly unit: HandlingUnit
    readonly text: string
    readonly outcome: Outcome
    readonly submittedAt: string
    readonly onTime: boolean
    /** A superior who submitted it for the lead (`actsFor`): the unit credited with it. */
    readonly actingUnit?: HandlingUnit
    readonly photos?: readonly string[]
    /** 现场办结: resolved by the grid on the spot, at registration. */
    readonly onTheSpot?: boolean
    /** Photos or documents of the result. */
    readonly attachments?: readonly AttachmentRef[]
  }
  readonly notified?: { readonly at: string; readonly method: NotifyMethod }
  readonly evaluation?: { readonly rating: Rating; readonly comment?: string; readonly unit?: HandlingUnit; readonly level?: Level }
  readonly returns: number
  readonly reopenings: number
  readonly urgings: number
  readonly notes: number
  readonly callbacks: number
  /** The latest 回访 of this handling round: the complainant's answers when reached and not declined. */
  readonly callback?: {
    readonly at: string
    readonly reached: boolean
    readonly declined?: boolean
    readonly contacted?: boolean
    readonly solved?: SolvedAnswer
    readonly satisfaction?: Rating
  }
  /** 考评申诉: pending, approved (the case is out of the assessment) or rejected. */
  readonly exclusion?: { readonly status: 'pending' | 'approved' | 'rejected'; readonly ground: ExclusionGround; readonly unit: HandlingUnit }
  readonly mergedInto?: string
  /** 补充诉求 / 补充材料: what the complainant added while the case was open, in order (absent until the first). */
  readonly supplements?: readonly Supplement[]
  /** The dispute the complaint is referred to, while it is (a failed referral clears it). */
  readonly disputeId?: string
  /** How many times the complaint was referred to mediation (转调解): numbers the referral a derived dispute id is for. */
  readonly referrals?: number
  /** The state it was referred from: where a failed referral puts it back. */
  readonly referredFrom?: ReferredFrom
  readonly closedAs?: 'evaluated' | 'no-evaluation' | 'answered' | 'resolved-on-the-spot' | 'verified'
  readonly closedAt?: string
  /**
   * How the deadlines were counted (first count, then extensions): what a rebase counts again (those the calendar
   * counts: a `from`), and which were counted in hours (`hours`: instants, met up to and including themselves, not a
   * day's end — `inHours`). `acknowledge`: the round's 签收 deadline (absent on older events).
   */
  readonly counted?: {
    readonly accept?: readonly CalendarStamp[]
    readonly dispatch?: readonly CalendarStamp[]
    readonly result?: readonly CalendarStamp[]
    readonly acknowledge?: readonly CalendarStamp[]
  }
}

/** Before registration the case does not exist. */
export type ComplaintState = { readonly status: 'none' } | ComplaintCase

export const initialState: ComplaintState = { status: 'none' }

export const exists = (state: ComplaintState): state is ComplaintCase => state.status !== 'none'

export const isOpen = (state: ComplaintState): state is ComplaintCase => exists(state) && !FINAL_STATUSES.includes(state.status)

// A new handling round (first dispatch, redispatch, 重办) starts with no acknowledgement,
// co-handlers, summons, result, feedback or evaluation.
const freshRound = {
  acknowledgedAt: undefined,
  coHandlers: [],
  summoned: [],
  pendingExtension: undefined,
  result: undefined,
  notified: undefined,
  evaluation: undefined,
  callback: undefined,
} as const

// `withKeys` (../kernel/copy.ts): `{ ...s, ...patch }` for the steps that give the case keys it may not have had yet
// (acceptance, dispatch, closing…), built so that cases with the same keys share a V8 map.

/**
 * A stamp the case keeps: one a rebase can count again (a `from`), or one of a deadline counted in hours (an instant:
 * the verdicts need to know it is not a day's end). Others (natural days, older events) say nothing a step reads.
 */
const keptStamp = (stamp: CalendarStamp | undefined): CalendarStamp | undefined => (stamp?.from !== undefined || stamp?.hours === true ? stamp : undefined)

/** The round's 签收 deadline stamp kept in `counted` (`acknowledge`), replacing the last round's. */
const countedAcknowledge = (counted: ComplaintCase['counted'], stamp: CalendarStamp | undefined): ComplaintCase['counted'] => {
  if (stamp?.hours === true) return Object.assign({}, counted, { acknowledge: [stamp] })
  if (counted?.acknowledge === undefined) return counted
  const { acknowledge: _previous, ...rest } = counted
  return rest
}

/** `{ ...s.counted, result }`, made as `withKeys` makes its copy (a registration's `counted` has no `result` yet). */
const countedResult = (s: ComplaintCase, result: readonly CalendarStamp[] | undefined): ComplaintCase['counted'] => Object.assign({}, s.counted, { result })

/**
 * A dispatch deadline set (at acceptance, at a 退单): the deadline and how it was counted — a calendar-counted one (信访's
 * statutory days) starts its own count; an hours one has none to count again (and drops an earlier count).
 */
const dispatchDeadline = (s: ComplaintCase, dispatchBy: string | undefined, calendar: CalendarStamp | undefined) => {
  if (dispatchBy === undefined) return {}
  const kept = keptStamp(calendar)
  const dispatch = kept === undefined ? undefined : [kept]
  return dispatch === undefined && s.counted?.dispatch === undefined ? { dispatchBy } : { dispatchBy, counted: Object.assign({}, s.counted, { dispatch }) }
}

/** The state after one more event; events for a case that does not exist (yet) are ignored. */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintRegistered') {
    if (exists(state)) return state
    const d = event.data
    const registered: ComplaintCase = {
      status: 'registered',
      id: d.complaintId,
      channel: d.channel,
      kind: d.kind,
      category: d.category,
      urgency: d.urgency,
      title: d.title,
      description: d.description,
      jurisdiction: d.jurisdiction,
      ...(d.address === undefined ? {} : { address: d.address }),
      ...(d.source === undefined ? {} : { source: d.source }),
      ...(d.photos === undefined ? {} : { photos: d.photos }),
      ...(d.location === undefined ? {} : { location: d.location }),
      complainant: d.complainant,
      ...(d.attachments === undefined ? {} : { attachments: d.attachments }),
      ...(d.ownerId === undefined ? {} : { ownerId: d.ownerId }),
      policy: d.policy,
      registeredAt: d.at,
      updatedAt: d.at,
      ...(d.acceptBy === undefined ? {} : { acceptBy: d.acceptBy }),
      ...(keptStamp(d.calendar) === undefined ? {} : { counted: { accept: [d.calendar as CalendarStamp] } }),
      round: 0,
      coHandlers: [],
      summoned: [],
      extended: false,
      returns: 0,
      reopenings: 0,
      urgings: 0,
      notes: 0,
      callbacks: 0,
    }
    // Written once more, the same value: V8 then records the field as one that changes, before any copy of the case
    // is made. Left as the literal wrote it (a field that never changed), every copy a step makes (`{ ...s, … }`)
    // took a map whose `updatedAt` was again unchanging, and the stamp below went to the runtime to widen it: on
    // every event, 40,000 times in 10,000 cases (node --trace-generalization; tests/perf/v8-shapes.test.ts).
    ;(registered as { updatedAt: string }).updatedAt = d.at
    return registered
  }
  if (!exists(state)) return state
  // A reminder is time passing, not the case moving: it leaves `updatedAt` as it was.
  const next = caseAfter(state, event)
  // A step returns a fresh copy of the case (or the case itself): the copy is stamped here, once, so the state is
  // copied once per event (not once to stamp and once to change) and no step can forget to stamp it.
  if (next !== state && event.type !== 'ComplaintReferredToMediation' && event.type !== 'ComplaintDeadlineReminder') {
    ;(next as { updatedAt: string }).updatedAt = event.data.at
  }
  return next
}

/** The case after one event (not a registration), before `evolve` stamps `updatedAt`. */
const caseAfter = (s: ComplaintCase, event: Exclude<ComplaintEvent, { readonly type: 'ComplaintRegistered' }>): ComplaintCase => {
  switch (event.type) {
    case 'ComplaintAccepted': {
      // Under 信访 the handling period runs from acceptance: the acceptance sets its deadline (see decide's periodFromAcceptance).
      const { resultBy, calendar, policy, dispatchBy, dispatchCalendar } = event.data
      const deadline = resultBy === undefined ? {} : { resultBy, ...(policy === undefined ? {} : { policy }), counted: countedResult(s, chain(s.counted?.result, calendar, true)) }
      const accepted = withKeys(s, { status: 'accepted', acceptedAt: event.data.at, ...deadline })
      // 派单时限 (absent on older events and under a policy that sets none).
      return dispatchBy === undefined ? accepted : withKeys(accepted, dispatchDeadline(accepted, dispatchBy, dispatchCalendar))
    }
    case 'ComplaintRejected':
      return withKeys(s, { status: 'rejected', rejectionReason: event.data.reason })
    case 'ComplaintDispatched': {
      // A 信访 redispatch keeps the period's approved extension: counted again from its first count, then extended.
      const carried = event.data.extension?.calendar
      const counted = chain(s.counted?.result, event.data.calendar, true)
      return withKeys(s, freshRound, {
        status: 'dispatched',
        lead: event.data.unit,
        firstLead: s.firstLead ?? event.data.unit,
        round: event.data.round,
        policy: event.data.policy,
        acknowledgeBy: event.data.acknowledgeBy,
        resultBy: event.data.resultBy,
        counted: countedAcknowledge(countedResult(s, carried === undefined ? counted : chain(counted, carried, false)), event.data.acknowledgeCalendar),
      })
    }
    case 'ComplaintAcknowledged':
      return { ...s, status: 'acknowledged', acknowledgedAt: s.acknowledgedAt ?? event.data.at }
    case 'ComplaintEscalated':
      return { ...s, status: 'escalated', lead: event.data.to }
    case 'ComplaintDepartmentsSummoned': {
      const { reportBy, calendar, by } = event.data
      const summons = (unit: HandlingUnit): Summons => ({
        unit,
        by,
        ...(reportBy === undefined ? {} : { reportBy }),
        ...(keptStamp(calendar) === undefined ? {} : { counted: calendar }),
      })
      return { ...s, status: 'departments-summoned', summoned: [...s.summoned, ...event.data.departments.map(summons)] }
    }
    case 'ComplaintDepartmentArrived': {
      const id = event.data.unit.id
      const at = event.data.at
      return { ...s, summoned: s.summoned.map((x) => (x.unit.id === id && x.arrivedAt === undefined ? { ...x, arrivedAt: at } : x)) }
    }
    case 'ComplaintDepartmentPartReported': {
      const { unit, report, at, photos } = event.data
      const part = { report, at, ...(photos === undefined ? {} : { photos }) }
      return { ...s, summoned: s.summoned.map((x) => (x.unit.id === unit.id && x.part === undefined ? { ...x, part } : x)) }
    }
    case 'ComplaintDepartmentHelpRated': {
      const { unit, rating, comment, at } = event.data
      return { ...s, summoned: s.summoned.map((x) => (x.unit.id === unit.id && x.rating === undefined ? { ...x, rating: { rating, comment, at } } : x)) }
    }
    case 'ComplaintResolvedOnTheSpot': {
      const { unit, result, outcome, at, photos } = event.data
      return withKeys(s, {
        lead: unit,
        firstLead: s.firstLead ?? unit,
        result: { unit, text: result, outcome, submittedAt: at, onTime: true, onTheSpot: true, ...(photos === undefined ? {} : { photos }) },
      })
    }
    case 'ComplaintCoHandlerAdded':
      return {
        ...s,
        coHandlers: [...s.coHandlers, { unit: event.data.unit, ...(event.data.task === undefined ? {} : { task: event.data.task }) }],
      }
    case 'ComplaintCoHandlingReported': {
      const { unit, report, at, attachments } = event.data
      return { ...s, coHandlers: s.coHandlers.map((c) => (c.unit.id === unit.id ? { ...c, report, reportedAt: at, ...(attachments === undefined ? {} : { attachments }) } : c)) }
    }
    case 'ComplaintExtensionRequested':
      return { ...s, pendingExtension: { days: event.data.days, reason: event.data.reason, requestedAt: event.data.at } }
    case 'ComplaintExtensionApproved':
      return withKeys(s, {
        pendingExtension: undefined,
        extended: true,
        extension: { days: event.data.days, dayUnit: event.data.dayUnit, round: s.round, returns: s.returns },
        resultBy: event.data.resultBy,
        counted: countedResult(s, chain(s.counted?.result, event.data.calendar, false)),
      })
    case 'ComplaintExtensionDenied':
      return { ...s, pendingExtension: undefined }
    case 'ComplaintResultSubmitted':
      return {
        ...s,
        status: 'result-submitted',
        pendingExtension: undefined,
        result: {
          unit: event.data.unit,
          text: event.data.result,
          outcome: event.data.outcome,
          submittedAt: event.data.at,
          onTime: event.data.onTime,
          ...(event.data.actingUnit === undefined ? {} : { actingUnit: event.data.actingUnit }),
          ...(event.data.photos === undefined ? {} : { photos: event.data.photos }),
          ...(event.data.attachments === undefined ? {} : { attachments: event.data.attachments }),
        },
      }
    case 'ComplaintReturned':
      return {
        ...s,
        ...freshRound,
        status: 'returned',
        lead: undefined,
        acknowledgeBy: undefined,
        // 信访: the period counted from acceptance runs on (the return names it); under 12345 the round's window ends.
        resultBy: event.data.resultBy,
        returns: s.returns + 1,
        // Back with the dispatcher: a new dispatch deadline from the return.
        ...dispatchDeadline(s, event.data.dispatchBy, event.data.dispatchCalendar),
      }
    case 'ComplainantNotified':
      return { ...s, status: 'complainant-notified', notified: { at: event.data.at, method: event.data.method } }
    case 'ComplaintEvaluated':
      return {
        ...s,
        status: 'evaluated',
        evaluation: {
          rating: event.data.rating,
          ...(event.data.comment === undefined ? {} : { comment: event.data.comment }),
          ...(event.data.unit === undefined ? {} : { unit: event.data.unit }),
          ...(event.data.level === undefined ? {} : { level: event.data.level }),
        },
      }
    case 'ComplaintReopened':
      return {
        ...s,
        ...freshRound,
        status: 'dispatched',
        lead: event.data.unit,
        firstLead: s.firstLead ?? event.data.unit,
        round: event.data.round,
        policy: event.data.policy,
        acknowledgeBy: event.data.acknowledgeBy,
        resultBy: event.data.resultBy,
        reopenings: s.reopenings + 1,
        counted: countedAcknowledge(countedResult(s, chain(s.counted?.result, event.data.calendar, true)), event.data.acknowledgeCalendar),
      }
    case 'ComplaintDeadlinesRebased': {
      const moved = (kind: string) => event.data.changes.find((c) => c.kind === kind)?.deadline
      const acceptBy = moved('accept') ?? s.acceptBy
      const dispatchBy = moved('dispatch') ?? s.dispatchBy
      const resultBy = moved('result') ?? s.resultBy
      // 报到: each change names the departments whose deadline moved.
      const arrival = (x: Summons): Summons => {
        const change = event.data.changes.find((c) => c.kind === 'arrival' && c.units?.includes(x.unit.id) === true)
        const stamp = change?.counted?.[0]
        return change === undefined ? x : { ...x, reportBy: change.deadline, ...(stamp === undefined ? {} : { counted: stamp }) }
      }
      // How each deadline is counted now (its stamps: the loaded version, no longer provisional when the notice covers
      // it), moved or confirmed (found in review: the case kept the stamps of the first count, and showed a deadline the
      // notice had counted again as provisional, with the old version). Changes written before they carried their count
      // leave the stamps as they were.
      const recounted = (kind: 'accept' | 'dispatch' | 'result') => event.data.changes.find((c) => c.kind === kind)?.counted
      const stamps = { accept: recounted('accept'), dispatch: recounted('dispatch'), result: recounted('result') }
      const counted = Object.entries(stamps).some(([, v]) => v !== undefined)
        ? Object.assign({}, s.counted, ...Object.entries(stamps).flatMap(([k, v]) => (v === undefined ? [] : [{ [k]: v }])))
        : undefined
      return {
        ...s,
        ...(acceptBy === undefined ? {} : { acceptBy }),
        ...(dispatchBy === undefined ? {} : { dispatchBy }),
        ...(resultBy === undefined ? {} : { resultBy }),
        ...(counted === undefined ? {} : { counted }),
        summoned: s.summoned.map(arrival),
      }
    }
    case 'ComplaintMerged':
      return withKeys(s, { status: 'merged', mergedInto: event.data.primaryId })
    case 'ComplaintSupplemented': {
      const { at, text, attachments } = event.data
      const supplement: Supplement = { at, ...(text === undefined ? {} : { text }), ...(attachments === undefined ? {} : { attachments }) }
      return withKeys(s, { supplements: [...(s.supplements ?? []), supplement] })
    }
    case 'ComplaintUrged':
      return { ...s, urgings: s.urgings + 1 }
    case 'ComplaintNoteAdded':
      return { ...s, notes: s.notes + 1 }
    case 'ComplaintCallbackRecorded':
    {
      const { at, reached, declined, contacted, solved, satisfaction } = event.data
      const answers = { ...(declined === undefined ? {} : { declined }), ...(contacted === undefined ? {} : { contacted }), ...(solved === undefined ? {} : { solved }), ...(satisfaction === undefined ? {} : { satisfaction }) }
      return { ...s, callbacks: s.callbacks + 1, callback: { at, reached, ...answers } }
    }
    case 'ComplaintExclusionApplied':
      return withKeys(s, { exclusion: { status: 'pending', ground: event.data.ground, unit: event.data.unit } })
    case 'ComplaintExclusionDecided':
      return { ...s, exclusion: { status: event.data.approved ? 'approved' : 'rejected', ground: event.data.ground, unit: event.data.unit } }
    case 'ComplaintReferredToMediation': {
      // Referred before any dispatch under 信访: the handling deadline runs from acceptance (see decide's referralDeadline).
      // A referral from 退单 carries the period that runs (its deadline the running one): how it was counted is kept.
      const { resultBy, calendar, policy } = event.data
      const counted = resultBy === s.resultBy && s.counted?.result !== undefined ? s.counted : countedResult(s, chain(s.counted?.result, calendar, true))
      const deadline = resultBy === undefined ? {} : { resultBy, ...(policy === undefined ? {} : { policy }), counted }
      const referredFrom = s.status as ReferredFrom
      return withKeys(s, { status: 'referred-to-mediation', disputeId: event.data.disputeId, referrals: (s.referrals ?? 0) + 1, referredFrom, ...deadline })
    }
    case 'ComplaintReferralFailed':
      // Back to `registered`, the handling deadline a 信访 referral counted from itself goes with it: the case was not
      // taken up (accepted later, it is counted from that acceptance at dispatch). From `accepted` or `returned` it stays:
      // counted from the acceptance, it runs on.
      return event.data.backTo === 'registered' && s.resultBy !== undefined
        ? withKeys(s, { status: event.data.backTo, disputeId: undefined, referredFrom: undefined, resultBy: undefined, counted: countedResult(s, undefined) })
        : withKeys(s, { status: event.data.backTo, disputeId: undefined, referredFrom: undefined })
    case 'ComplaintDeadlineReminder':
      return s
    case 'ComplaintMediationConcluded': {
      const { disputeId, outcome, at, summary } = event.data
      // The mediation's conclusion is the case's result, the lead's (when it had one) for evaluation as usual.
      const result =
        s.lead === undefined
          ? {}
          : { result: { unit: s.lead, text: summary ?? `mediation: ${outcome}`, outcome: MEDIATION_RESULT[outcome], submittedAt: at, onTime: s.resultBy === undefined || withinDeadline(s.resultBy, at, inHours(s.counted?.result)) } }
      // A complaint referred again after an earlier dispute concluded keeps that one's id (its later outcomes still come).
      const before = s.mediation
      const earlier = before === undefined || before.disputeId === disputeId ? before?.earlier : [...(before.earlier ?? []), before.disputeId]
      const mediation = { disputeId, outcome, concludedAt: at, ...(earlier === undefined ? {} : { earlier }) }
      const concluded = withKeys(s, { ...result, status: 'result-submitted', mediation })
      // An extension request still pending ends with it, as at a submitted result: the round has its result, and no
      // approver can answer the request any more (approval and denial are for a round in hand). Only a case that has the
      // key is copied again (one dispatched: a fresh round writes it), so no case gains a key here.
      return concluded.pendingExtension === undefined ? concluded : { ...concluded, pendingExtension: undefined }
    }
    case 'ComplaintMediationUpdated': {
      const { mediation } = s
      // Recorded only after a conclusion (decide); an event without one leaves the case as it was.
      return mediation === undefined ? s : { ...s, mediation: { ...mediation, latest: { disputeId: event.data.disputeId, outcome: event.data.outcome, at: event.data.at } } }
    }
    case 'ComplaintClosed':
      return withKeys(s, { status: 'closed', closedAs: event.data.closedAs, closedAt: event.data.at })
  }
}
