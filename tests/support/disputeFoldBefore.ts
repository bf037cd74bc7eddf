// The dispute fold as it was before its copies were made for V8's maps (packages/core/src/dispute/state.ts,
// `withKeys`), kept verbatim as the reference: the case file a fold gives is what the HTTP case body and the stored
// case list show (its own keys, their order, their values), so the new fold must give exactly what this one gave.
import type { AttachmentRef } from '../../packages/core/src/attachments/refs.js'
import { chain, type CalendarStamp } from '../../packages/core/src/calendar/stamp.js'
import type { DisputeEvent } from '../../packages/core/src/dispute/events.js'
import { initialState, type DisputeDeadlineKind, type DisputeState } from '../../packages/core/src/dispute/state.js'

/** The case with the files an event attached added to its list. */
const attach = (state: DisputeState, attachedBy: string, refs: readonly AttachmentRef[] | undefined): DisputeState =>
  refs === undefined || refs.length === 0 ? state : { ...state, attachments: [...(state.attachments ?? []), ...refs.map((r) => ({ ...r, attachedBy }))] }

const counting = (state: DisputeState, kind: DisputeDeadlineKind, stamp: CalendarStamp | undefined, start: boolean): DisputeState => {
  const stamps = chain(state.counted?.[kind], stamp, start)
  return stamps === state.counted?.[kind] ? state : { ...state, counted: { ...state.counted, [kind]: stamps } }
}

/** Added after this copy was made: the case without its consents' days, when its consents end. */
const withoutConsentDays = (state: DisputeState): DisputeState => {
  if (state.consentsSignedOn === undefined) return state
  const { consentsSignedOn: _ended, ...rest } = state
  return rest
}

/** Folds one event into the case file. Total: an event that does not fit leaves the state as it was. */
export const evolveBefore = (state: DisputeState, event: DisputeEvent): DisputeState => {
  const next = fold(state, event)
  const data: unknown = event.data
  const refs = typeof data === 'object' && data !== null && 'attachments' in data ? (data as { readonly attachments?: readonly AttachmentRef[] }).attachments : undefined
  return next === state ? state : attach(next, event.type, refs)
}

const fold = (state: DisputeState, event: DisputeEvent): DisputeState => {
  switch (event.type) {
    case 'DisputeReported': {
      const d = event.data
      const opened: DisputeState = {
        ...initialState,
        status: 'reported',
        id: d.id,
        source: d.source,
        category: d.category,
        jurisdiction: d.jurisdiction,
        parties: d.parties,
        summary: d.summary,
        reportedOn: d.reportedOn,
        complaintId: d.complaintId,
        court: d.court,
        courtCaseNumber: d.courtCaseNumber,
        ownerId: d.ownerId,
        ...(d.onTheSpot === true ? { onTheSpot: true } : {}),
        mediationDeadline: d.mediationDeadline,
      }
      return d.mediationDeadline === undefined ? opened : counting(opened, 'mediation', d.calendar, true)
    }
    case 'DisputeRiskGraded':
      return { ...state, risk: { grade: event.data.grade, reason: event.data.reason } }
    case 'DisputeEscalated':
      return { ...state, escalatedTo: event.data.to }
    case 'DisputeRouted': {
      const d = event.data
      return { ...state, committee: { id: d.committeeId, name: d.committeeName, kind: d.kind, track: d.track } }
    }
    case 'DisputeAccepted':
      return counting({ ...state, status: 'accepted', mediationDeadline: event.data.mediationDeadline }, 'mediation', event.data.calendar, true)
    case 'DisputeDeclined':
      return { ...state, status: 'declined' }
    case 'MediatorAssigned': {
      const assigned: DisputeState = { ...state, status: 'mediator-assigned', track: event.data.track, mediator: event.data.mediator }
      // Since 2026-12-02: back to mediation after the court, a mediation period of its own (the rule, not the copies).
      return event.data.mediationDeadline === undefined
        ? assigned
        : counting({ ...assigned, mediationDeadline: event.data.mediationDeadline }, 'mediation', event.data.calendar, true)
    }
    case 'MediatorReassigned':
      return { ...state, mediator: event.data.mediator }
    case 'MediationSessionHeld':
      return { ...state, status: 'session-held', sessions: event.data.session }
    case 'MediationAgreed': {
      const d = event.data
      return counting({
        // Added after this copy was made (the consents' days): they end with the consents.
        ...withoutConsentDays(state),
        status: 'agreement-reached',
        // Since: a new agreement starts with no consents (those to an earlier one's terms do not carry over).
        consents: [],
        agreement: {
          track: d.track,
          form: d.form,
          terms: d.terms,
          signatures: d.signatures,
          effectiveOn: d.effectiveOn,
          // Added after this copy was made (the enforcement window): the performance deadline, when one was entered.
          ...(d.performBy === undefined ? {} : { performBy: d.performBy }),
          confirmationDeadline: d.confirmationDeadline,
          concerns: d.concerns,
        },
      }, 'confirmation', d.calendar, true)
    }
    case 'MediationFailed':
      return { ...state, status: 'mediation-failed', failureReason: event.data.reason }
    case 'DisputeTransferred': {
      const { hop, from, to, reason, mediationDeadline } = event.data
      return counting({
        ...state,
        status: 'transferred',
        track: to,
        mediator: undefined,
        // The committee keeps the case only on its own track (a people's committee does not mediate administratively).
        committee: state.committee?.track === to ? state.committee : undefined,
        mediationDeadline,
        transfers: [...state.transfers, { hop, from, to, reason }],
      }, 'mediation', event.data.calendar, true)
    }
    // Added after this copy was made: a suit recorded on a case closed after its 回访 leaves it closed.
    case 'ReferredToLitigation':
      return state.status === 'closed' ? { ...state, litigationAfterClose: true } : { ...state, status: 'referred-to-litigation' }
    case 'MediationExtended':
      return counting({ ...state, mediationDeadline: event.data.deadline, extensions: state.extensions + 1 }, 'mediation', event.data.calendar, false)
    case 'JudicialConfirmationConsented':
      // Added after this copy was made: the day the party signed, when the consent says (consentsSignedOn).
      return state.consents.includes(event.data.party)
        ? state
        : event.data.signedOn === undefined
          ? { ...state, consents: [...state.consents, event.data.party] }
          : { ...state, consents: [...state.consents, event.data.party], consentsSignedOn: [...(state.consentsSignedOn ?? []), { party: event.data.party, signedOn: event.data.signedOn }] }
    case 'JudicialConfirmationApplied': {
      const { applicant, court, courtDecisionDeadline, filedOn } = event.data
      // Added after this copy was made: the day the court received it, when the application says (filedOn).
      const confirmation = filedOn === undefined ? { applicant, court, courtDecisionDeadline } : { applicant, court, filedOn, courtDecisionDeadline }
      return counting({ ...state, status: 'confirmation-applied', confirmation }, 'court-accept', event.data.calendar, true)
    }
    case 'JudicialConfirmationAccepted':
      return state.confirmation === undefined
        ? state
        : counting(
            { ...state, status: 'confirmation-accepted', confirmation: { ...state.confirmation, acceptance: 'accepted', caseNumber: event.data.caseNumber, decideBy: event.data.decideBy } },
            'court-decide',
            event.data.calendar,
            true,
          )
    case 'JudicialConfirmationRefused':
      return state.confirmation === undefined
        ? state
        : // Since: a refusal (不予受理) ends the application's consents (the next application is a joint act again).
          // Since: the window left to apply again in (applyAgainBy), when the refusal names one.
          // Added after this copy was made (a new filing not before the refusal): the refusal's day, when it names one.
          { ...withoutConsentDays(state), status: 'confirmation-refused', consents: [], confirmation: { ...state.confirmation, acceptance: 'refused', caseNumber: event.data.caseNumber, reason: event.data.reason, ...(event.data.applyAgainBy === undefined ? {} : { applyAgainBy: event.data.applyAgainBy }), ...(event.data.refusedOn === undefined ? {} : { refusedOn: event.data.refusedOn }) } }
    case 'JudicialConfirmationReviewExtended':
      return state.confirmation === undefined
        ? state
        : counting({ ...state, confirmation: { ...state.confirmation, decideBy: event.data.decideBy, reviewExtended: true } }, 'court-decide', event.data.calendar, false)
    case 'DisputeDeadlinesRebased': {
      const moved = (kind: DisputeDeadlineKind) => event.data.changes.find((c) => c.kind === kind)?.deadline
      const mediation = moved('mediation')
      const confirmation = moved('confirmation')
      const courtAccept = moved('court-accept')
      const courtDecide = moved('court-decide')
      // Added after this copy was made (the enforcement window): its end moves with a rebase too.
      const enforcement = moved('enforcement')
      return {
        ...state,
        ...(mediation === undefined ? {} : { mediationDeadline: mediation }),
        ...(confirmation === undefined || state.agreement === undefined ? {} : { agreement: { ...state.agreement, confirmationDeadline: confirmation } }),
        ...(state.confirmation === undefined || (courtAccept === undefined && courtDecide === undefined && enforcement === undefined)
          ? {}
          : {
              confirmation: {
                ...state.confirmation,
                ...(courtAccept === undefined ? {} : { courtDecisionDeadline: courtAccept }),
                ...(courtDecide === undefined ? {} : { decideBy: courtDecide }),
                ...(enforcement === undefined || state.confirmation.enforcementBy === undefined ? {} : { enforcementBy: enforcement }),
              },
            }),
      }
    }
    // Added after this copy was made (the enforcement window): the window's end, and how it was counted.
    case 'JudicialConfirmationGranted': {
      const { caseNumber, enforcementBy } = event.data
      return state.confirmation === undefined
        ? state
        : counting(
            {
              ...state,
              status: 'confirmed',
              confirmation: { ...state.confirmation, outcome: 'confirmed', caseNumber: caseNumber ?? state.confirmation.caseNumber, ...(enforcementBy === undefined ? {} : { enforcementBy }) },
            },
            'enforcement',
            enforcementBy === undefined ? undefined : event.data.calendar,
            true,
          )
    }
    case 'JudicialConfirmationRejected':
      return state.confirmation === undefined
        ? state
        : {
            ...state,
            status: 'confirmation-rejected',
            confirmation: { ...state.confirmation, outcome: 'rejected', reason: event.data.reason, caseNumber: event.data.caseNumber ?? state.confirmation.caseNumber },
          }
    case 'EnforcementApplied':
      return { ...state, status: 'enforcement-applied', enforcementApplied: true }
    case 'FulfilmentRecorded':
      return { ...state, status: 'fulfilment-recorded', fulfilment: event.data.fulfilment }
    case 'FollowUpVisited':
      return { ...state, status: 'followed-up', followedUp: true }
    case 'DisputeClosed':
      return { ...state, status: 'closed', outcome: event.data.outcome }
    case 'DisputeDeadlineReminder':
      return state
    // Added after this copy was made (s18-partyfiles): the files only, which `attach` adds.
    case 'PartyDocumentsSubmitted':
      return { ...state }
    case 'ReportedToCourt':
      return { ...state, reportedToCourt: [...(state.reportedToCourt ?? []), { outcome: event.data.outcome, ...(event.data.onTime === undefined ? {} : { onTime: event.data.onTime }) }] }
  }
}
