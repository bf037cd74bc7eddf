// The complaint fold as it was before its copies were made for V8's maps (packages/core/src/complaint/state.ts,
// `withKeys`), kept verbatim as the reference: the case a fold gives is what the HTTP case body and the stored case
// list show (its own keys, their order, their values), so the new fold must give exactly what this one gave.
import { withinDeadline } from '../../packages/core/src/calendar/dates.js'
import { chain, type CalendarStamp } from '../../packages/core/src/calendar/stamp.js'
import type { ComplaintEvent } from '../../packages/core/src/complaint/events.js'
import type { MediationOutcome, Outcome } from '../../packages/core/src/complaint/commands.js'
import { exists, type ComplaintCase, type ComplaintState, type Summons } from '../../packages/core/src/complaint/state.js'
import type { HandlingUnit } from '../../packages/core/src/complaint/unit.js'

const MEDIATION_RESULT: Readonly<Record<MediationOutcome, Outcome>> = { agreement: 'resolved', litigation: 'explained', failed: 'unresolvable', declined: 'unresolvable' }

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

// 派单时限 (set at acceptance and at each 退单): the deadline, and the count of a calendar-counted one (an hours one has
// none, and drops an earlier count).
const dispatchSet = (s: ComplaintCase, dispatchBy: string | undefined, calendar: CalendarStamp | undefined) => {
  if (dispatchBy === undefined) return {}
  const dispatch = calendar?.from === undefined ? undefined : [calendar]
  return dispatch === undefined && s.counted?.dispatch === undefined ? { dispatchBy } : { dispatchBy, counted: { ...s.counted, dispatch } }
}

/** The state after one more event; events for a case that does not exist (yet) are ignored. */
export const evolveBefore = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
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
      ...(d.calendar?.from === undefined ? {} : { counted: { accept: [d.calendar] } }),
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
      // Under 信访 the acceptance sets the handling deadline (time-audit): as a referral before dispatch does.
      const { resultBy, calendar, policy, dispatchBy, dispatchCalendar } = event.data
      const deadline = resultBy === undefined ? {} : { resultBy, ...(policy === undefined ? {} : { policy }), counted: { ...s.counted, result: chain(s.counted?.result, calendar, true) } }
      const accepted: ComplaintCase = { ...s, status: 'accepted', acceptedAt: event.data.at, ...deadline }
      return { ...accepted, ...dispatchSet(accepted, dispatchBy, dispatchCalendar) }
    }
    case 'ComplaintRejected':
      return { ...s, status: 'rejected', rejectionReason: event.data.reason }
    case 'ComplaintDispatched':
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
        // Since the 信访 redispatch keeps an approved extension (s16): its count follows the dispatch's.
        counted: {
          ...s.counted,
          result:
            event.data.extension?.calendar === undefined
              ? chain(s.counted?.result, event.data.calendar, true)
              : chain(chain(s.counted?.result, event.data.calendar, true), event.data.extension.calendar, false),
        },
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
        ...(calendar?.from === undefined ? {} : { counted: calendar }),
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
      return {
        ...s,
        lead: unit,
        firstLead: s.firstLead ?? unit,
        result: { unit, text: result, outcome, submittedAt: at, onTime: true, onTheSpot: true, ...(photos === undefined ? {} : { photos }) },
      }
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
      return {
        ...s,
        pendingExtension: undefined,
        extended: true,
        // Since s16: the round the extension was granted in, which decides whether the running deadline may be extended again.
        extension: { days: event.data.days, dayUnit: event.data.dayUnit, round: s.round, returns: s.returns },
        resultBy: event.data.resultBy,
        counted: { ...s.counted, result: chain(s.counted?.result, event.data.calendar, false) },
      }
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
        resultBy: event.data.resultBy,
        returns: s.returns + 1,
        ...dispatchSet(s, event.data.dispatchBy, event.data.dispatchCalendar),
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
        counted: { ...s.counted, result: chain(s.counted?.result, event.data.calendar, true) },
      }
    case 'ComplaintDeadlinesRebased': {
      const moved = (kind: string) => event.data.changes.find((c) => c.kind === kind)?.deadline
      const acceptBy = moved('accept') ?? s.acceptBy
      const dispatchBy = moved('dispatch') ?? s.dispatchBy
      const resultBy = moved('result') ?? s.resultBy
      // 报到: each change names the departments whose deadline moved.
      const arrival = (x: Summons): Summons => {
        const change = event.data.changes.find((c) => c.kind === 'arrival' && c.units?.includes(x.unit.id) === true)
        return change === undefined ? x : { ...x, reportBy: change.deadline }
      }
      return {
        ...s,
        ...(acceptBy === undefined ? {} : { acceptBy }),
        ...(dispatchBy === undefined ? {} : { dispatchBy }),
        ...(resultBy === undefined ? {} : { resultBy }),
        summoned: s.summoned.map(arrival),
      }
    }
    case 'ComplaintMerged':
      return { ...s, status: 'merged', mergedInto: event.data.primaryId }
    // Added after this copy was made (s19-supplement): the supplement appended to the case's list.
    case 'ComplaintSupplemented': {
      const { at, text, attachments } = event.data
      return { ...s, supplements: [...(s.supplements ?? []), { at, ...(text === undefined ? {} : { text }), ...(attachments === undefined ? {} : { attachments }) }] }
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
      return { ...s, exclusion: { status: 'pending', ground: event.data.ground, unit: event.data.unit } }
    case 'ComplaintExclusionDecided':
      return { ...s, exclusion: { status: event.data.approved ? 'approved' : 'rejected', ground: event.data.ground, unit: event.data.unit } }
    case 'ComplaintReferredToMediation': {
      // Referred before any dispatch under 信访: the handling deadline runs from acceptance (see decide's referralDeadline).
      const { resultBy, calendar, policy } = event.data
      // A referral from 退单 carries the period that runs (its deadline the running one): how it was counted is kept.
      const counted = resultBy === s.resultBy && s.counted?.result !== undefined ? s.counted : { ...s.counted, result: chain(s.counted?.result, calendar, true) }
      const deadline = resultBy === undefined ? {} : { resultBy, ...(policy === undefined ? {} : { policy }), counted }
      // The referral's number (for a derived dispute id) and the state referred from (where a failed referral goes back to).
      const referredFrom = s.status as NonNullable<ComplaintCase['referredFrom']>
      return { ...s, status: 'referred-to-mediation', disputeId: event.data.disputeId, referrals: (s.referrals ?? 0) + 1, referredFrom, ...deadline }
    }
    case 'ComplaintReferralFailed':
      // Back to `registered` (s18-referralclock): the handling deadline a 信访 referral counted from itself goes with it.
      return event.data.backTo === 'registered' && s.resultBy !== undefined
        ? { ...s, status: event.data.backTo, disputeId: undefined, referredFrom: undefined, resultBy: undefined, counted: { ...s.counted, result: undefined } }
        : { ...s, status: event.data.backTo, disputeId: undefined, referredFrom: undefined }
    case 'ComplaintDeadlineReminder':
      return s
    case 'ComplaintMediationConcluded': {
      const { disputeId, outcome, at, summary } = event.data
      // The mediation's conclusion is the case's result, the lead's (when it had one) for evaluation as usual.
      const result =
        s.lead === undefined
          ? {}
          : { result: { unit: s.lead, text: summary ?? `mediation: ${outcome}`, outcome: MEDIATION_RESULT[outcome], submittedAt: at, onTime: s.resultBy === undefined || withinDeadline(s.resultBy, at) } }
      // Since 2026-12-07 an extension request still pending ends with the mediation (as at a submitted result).
      // Since 2026-12-07 the disputes concluded before (a complaint referred again) are kept under `earlier`.
      const before = s.mediation
      const earlier = before === undefined || before.disputeId === disputeId ? before?.earlier : [...(before.earlier ?? []), before.disputeId]
      const concluded = { ...s, ...result, status: 'result-submitted' as const, mediation: { disputeId, outcome, concludedAt: at, ...(earlier === undefined ? {} : { earlier }) } }
      return concluded.pendingExtension === undefined ? concluded : { ...concluded, pendingExtension: undefined }
    }
    // Since 2026-12-07: the dispute's later outcome, the latest kept beside the conclusion.
    case 'ComplaintMediationUpdated':
      return s.mediation === undefined ? s : { ...s, mediation: { ...s.mediation, latest: { disputeId: event.data.disputeId, outcome: event.data.outcome, at: event.data.at } } }
    case 'ComplaintClosed':
      return { ...s, status: 'closed', closedAs: event.data.closedAs, closedAt: event.data.at }
  }
}
