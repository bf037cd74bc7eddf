import type { Track } from '../kernel/actor.js'
import type { AttachmentRef } from '../attachments/refs.js'
import type { AgreementForm, DisputeCategory, DisputeSource, DisputeStage, FiledCaseProcedure, Fulfilment, MediatorRef, RiskGrade, Signature } from './commands.js'
import type { CommitteeKind } from './committees.js'
import type { CloseOutcome, DisputeEvent } from './events.js'
import type { Party } from './parties.js'
import { chain, type CalendarStamp } from '../calendar/stamp.js'
import { withKeys } from '../kernel/copy.js'

/**
 * The deadlines of a dispute that a calendar counts (`receipt`: a clerk's entrustment's, until the centre answers it;
 * `enforcement`: the parties' 2 years to apply for enforcement of a confirmed agreement — counted and rebased as the
 * others, but no overdue list or evaluation sees it: it is not the office's to meet).
 */
export type DisputeDeadlineKind = 'mediation' | 'confirmation' | 'court-accept' | 'court-decide' | 'receipt' | 'enforcement'

/** Where a dispute stands. `none` is before it was reported. */
export const STATUSES = [
  'none',
  'reported',
  'accepted',
  'declined',
  'mediator-assigned',
  'session-held',
  'agreement-reached',
  'mediation-failed',
  'transferred',
  'referred-to-litigation',
  'confirmation-applied',
  'confirmation-accepted',
  'confirmation-refused',
  'confirmed',
  'confirmation-rejected',
  'fulfilment-recorded',
  'enforcement-applied',
  'followed-up',
  'closed',
] as const
export type DisputeStatus = (typeof STATUSES)[number]

/** One hop between tracks (三调联动), as history shows it. */
export interface TransferHop {
  readonly hop: number
  readonly from: Track
  readonly to: Track
  readonly reason: string
}

export interface Agreement {
  readonly track: Track
  readonly form: AgreementForm
  readonly terms: readonly string[]
  readonly signatures?: readonly Signature[]
  readonly effectiveOn: string
  /** 履行期限: by when the terms are to be performed (the last instalment's), when one was entered. */
  readonly performBy?: string
  readonly confirmationDeadline?: string
  /** Marriage, adoption or personal status: no judicial confirmation. */
  readonly concerns?: string
}

export interface ConfirmationApplication {
  readonly applicant: string
  readonly court: string
  /** The day the court received it, when it was recorded later (`filedOn`): its 30 days and the court's 3 days run from it. */
  readonly filedOn?: string
  /** By when the court must decide whether to accept (3 days). */
  readonly courtDecisionDeadline: string
  /** 案号, once the court has decided anything. */
  readonly caseNumber?: string
  readonly acceptance?: 'accepted' | 'refused'
  /** By when the court must decide whether to confirm (15 days from acceptance, once +10). */
  readonly decideBy?: string
  readonly reviewExtended?: boolean
  readonly outcome?: 'confirmed' | 'rejected'
  readonly reason?: string
  /** Refused (不予受理) with some of the 30 days left: their end, until which the parties may apply again. */
  readonly applyAgainBy?: string
  /** Refused (不予受理): the China date it was, on refusals recorded since it was named — a new application is filed, and its consent signed, not before it. */
  readonly refusedOn?: string
  /**
   * Confirmed: the end of the parties' 2 years to apply for enforcement (民事诉讼法 art. 250), on confirmations recorded
   * since it was named. Not a deadline of the office's: on no overdue list.
   */
  readonly enforcementBy?: string
}

/** 风险等级 as graded last, and why. */
export interface Risk {
  readonly grade: RiskGrade
  readonly reason: string
}

/** The committee (调解委员会) the dispute is routed to, as it was when routed. */
export interface RoutedCommittee {
  readonly id: string
  readonly name: string
  readonly kind: CommitteeKind
  readonly track: Track
}

/** The folded case file. Fields are filled as the case moves; `status` says which ones matter. */
export interface DisputeState {
  readonly status: DisputeStatus
  readonly id: string
  readonly source?: DisputeSource
  readonly category?: DisputeCategory
  readonly jurisdiction: string
  readonly parties: readonly Party[]
  readonly summary: string
  /** The China date it was reported (not on cases reported before it was recorded). */
  readonly reportedOn?: string
  readonly complaintId?: string
  readonly court?: string
  /** 诉前委派: the entrusting court's case number (案号), and what was reported back to it. */
  readonly courtCaseNumber?: string
  /** Court-entrusted: `filed` for 委托调解 in a filed case; absent, before filing (诉前委派). */
  readonly stage?: DisputeStage
  /** 委托调解: `simplified` for a case tried under 简易程序 (7 days); absent, 普通程序 (15). */
  readonly procedure?: FiledCaseProcedure
  readonly reportedToCourt?: readonly { readonly outcome: string; readonly onTime?: boolean }[]
  /** The resident who reported it, if one did. */
  readonly ownerId?: string
  readonly track?: Track
  readonly mediator?: MediatorRef
  readonly mediationDeadline?: string
  /** 诉前委派 by a court clerk, until the centre accepts or declines it: by when it should sign for the materials. */
  readonly receiptDeadline?: string
  readonly extensions: number
  readonly sessions: number
  readonly transfers: readonly TransferHop[]
  readonly agreement?: Agreement
  /** Every file attached to the case (report, agreement, ruling), by hash, with the event that attached it. */
  readonly attachments?: readonly (AttachmentRef & { readonly attachedBy: string })[]
  readonly failureReason?: string
  readonly consents: readonly string[]
  /** The day each party signed its consent, for the consents recorded with one (`signedOn`); absent when none was. */
  readonly consentsSignedOn?: readonly { readonly party: string; readonly signedOn: string }[]
  readonly confirmation?: ConfirmationApplication
  readonly fulfilment?: Fulfilment
  /** An application for enforcement was recorded (申请强制执行): kept past the 回访 that may follow it, so none is recorded twice. */
  readonly enforcementApplied?: true
  readonly followedUp: boolean
  readonly outcome?: CloseOutcome
  /**
   * 引导诉讼 recorded after the case was closed on its agreement (人民调解法 art. 32: a suit over an unconfirmed agreement,
   * its performance or its content — performed in full too): the case stays closed with its outcome, and shows that it
   * went to court.
   */
  readonly litigationAfterClose?: true
  readonly risk?: Risk
  /** The street (or higher place) a high risk was escalated to. */
  readonly escalatedTo?: string
  readonly committee?: RoutedCommittee
  /** Reported with its agreement, mediated on the spot (现场调解). */
  readonly onTheSpot?: boolean
  /** How each calendar-counted deadline was counted (first count, then extensions): what a rebase counts again. */
  readonly counted?: Partial<Record<DisputeDeadlineKind, readonly CalendarStamp[]>>
}

// `withKeys` (../kernel/copy.ts): `{ ...state, ...patch }` for the steps that may give the case file keys it did not
// have, built so that case files with the same keys share a V8 map.

/** The case with the files an event attached added to its list. */
const attach = (state: DisputeState, attachedBy: string, refs: readonly AttachmentRef[] | undefined): DisputeState =>
  refs === undefined || refs.length === 0 ? state : withKeys(state, { attachments: [...(state.attachments ?? []), ...refs.map((r) => ({ ...r, attachedBy }))] })

const counting = (state: DisputeState, kind: DisputeDeadlineKind, stamp: CalendarStamp | undefined, start: boolean): DisputeState => {
  const stamps = chain(state.counted?.[kind], stamp, start)
  return stamps === state.counted?.[kind] ? state : withKeys(state, { counted: Object.assign({}, state.counted, { [kind]: stamps }) })
}

/**
 * The case without its receipt clock (an entrustment answered): its deadline and how it was counted (`counted.receipt`),
 * so that the case file shows no stamp of a clock that has stopped.
 */
const received = (state: DisputeState): DisputeState => {
  if (state.receiptDeadline === undefined && state.counted?.receipt === undefined) return state
  const { receiptDeadline: _answered, ...kept } = state
  if (kept.counted?.receipt === undefined) return kept
  const { receipt: _stopped, ...others } = kept.counted
  if (Object.keys(others).length > 0) return { ...kept, counted: others }
  const { counted: _none, ...rest } = kept
  return rest
}

export const initialState: DisputeState = {
  status: 'none',
  id: '',
  jurisdiction: '',
  parties: [],
  summary: '',
  extensions: 0,
  sessions: 0,
  transfers: [],
  consents: [],
  followedUp: false,
}

/** Folds one event into the case file. Total: an event that does not fit leaves the state as it was. */
/** The case without its consents' days (`consentsSignedOn`), when its consents end: the key is absent, as on a case that never had one. */
const withoutConsentDays = (state: DisputeState): DisputeState => {
  if (state.consentsSignedOn === undefined) return state
  const { consentsSignedOn: _ended, ...rest } = state
  return rest
}

export const evolve = (state: DisputeState, event: DisputeEvent): DisputeState => {
  const next = fold(state, event)
  const data: unknown = event.data
  const refs = typeof data === 'object' && data !== null && 'attachments' in data ? (data as { readonly attachments?: readonly AttachmentRef[] }).attachments : undefined
  return next === state ? state : attach(next, event.type, refs)
}

const fold = (state: DisputeState, event: DisputeEvent): DisputeState => {
  switch (event.type) {
    case 'DisputeReported': {
      const d = event.data
      const opened: DisputeState = withKeys(initialState, {
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
        ...(d.stage === undefined ? {} : { stage: d.stage }),
        ...(d.procedure === undefined ? {} : { procedure: d.procedure }),
        ownerId: d.ownerId,
        ...(d.onTheSpot === true ? { onTheSpot: true } : {}),
        mediationDeadline: d.mediationDeadline,
        ...(d.receiptDeadline === undefined ? {} : { receiptDeadline: d.receiptDeadline }),
      })
      // The event's calendar counted the deadline it sets: the mediation's, or a clerk's entrustment's receipt (none on
      // receipt clocks written before they were stamped: those are never counted again).
      if (d.mediationDeadline !== undefined) return counting(opened, 'mediation', d.calendar, true)
      return d.receiptDeadline === undefined ? opened : counting(opened, 'receipt', d.calendar, true)
    }
    case 'DisputeRiskGraded':
      return withKeys(state, { risk: { grade: event.data.grade, reason: event.data.reason } })
    case 'DisputeEscalated':
      return withKeys(state, { escalatedTo: event.data.to })
    case 'DisputeRouted': {
      const d = event.data
      return withKeys(state, { committee: { id: d.committeeId, name: d.committeeName, kind: d.kind, track: d.track } })
    }
    // Accepting or declining a clerk's entrustment answers it: the receipt clock stops.
    case 'DisputeAccepted':
      return counting({ ...received(state), status: 'accepted', mediationDeadline: event.data.mediationDeadline }, 'mediation', event.data.calendar, true)
    case 'DisputeDeclined':
      return { ...received(state), status: 'declined' }
    case 'MediatorAssigned': {
      const assigned = withKeys(state, { status: 'mediator-assigned', track: event.data.track, mediator: event.data.mediator })
      // Back to mediation after the court: a new mediation period (its deadline on the event).
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
      return counting(withKeys(withoutConsentDays(state), {
        status: 'agreement-reached',
        // A new agreement (after 驳回 and mediation again) is confirmed only on the parties' consent to it: the consents
        // to an earlier agreement's terms do not carry over (人民调解法 art. 33: the parties apply together).
        consents: [],
        agreement: {
          track: d.track,
          form: d.form,
          terms: d.terms,
          signatures: d.signatures,
          effectiveOn: d.effectiveOn,
          ...(d.performBy === undefined ? {} : { performBy: d.performBy }),
          confirmationDeadline: d.confirmationDeadline,
          concerns: d.concerns,
        },
      }), 'confirmation', d.calendar, true)
    }
    case 'MediationFailed':
      return withKeys(state, { status: 'mediation-failed', failureReason: event.data.reason })
    case 'DisputeTransferred': {
      const { hop, from, to, reason, mediationDeadline } = event.data
      return counting(withKeys(state, {
        status: 'transferred',
        track: to,
        mediator: undefined,
        // The committee keeps the case only on its own track (a people's committee does not mediate administratively).
        committee: state.committee?.track === to ? state.committee : undefined,
        mediationDeadline,
        transfers: [...state.transfers, { hop, from, to, reason }],
      }), 'mediation', event.data.calendar, true)
    }
    // On a case closed after its 回访 (人民调解法 art. 32: a suit over the agreement), recorded without moving it (decide.ts).
    case 'ReferredToLitigation':
      return state.status === 'closed' ? withKeys(state, { litigationAfterClose: true }) : { ...state, status: 'referred-to-litigation' }
    case 'MediationExtended':
      return counting({ ...state, mediationDeadline: event.data.deadline, extensions: state.extensions + 1 }, 'mediation', event.data.calendar, false)
    case 'JudicialConfirmationConsented': {
      if (state.consents.includes(event.data.party)) return state
      const { party, signedOn } = event.data
      const consented = { ...state, consents: [...state.consents, party] }
      return signedOn === undefined ? consented : { ...consented, consentsSignedOn: [...(state.consentsSignedOn ?? []), { party, signedOn }] }
    }
    case 'JudicialConfirmationApplied': {
      const { applicant, court, courtDecisionDeadline, filedOn } = event.data
      const confirmation = filedOn === undefined ? { applicant, court, courtDecisionDeadline } : { applicant, court, filedOn, courtDecisionDeadline }
      return counting(withKeys(state, { status: 'confirmation-applied', confirmation }), 'court-accept', event.data.calendar, true)
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
        : // 不予受理 ends that application; a new one to another court is the parties' joint act again (民事诉讼法 art. 205,
          // 2023 numbering): the consents given to the refused one do not carry over (nor the days they were signed).
          {
            ...withoutConsentDays(state),
            status: 'confirmation-refused',
            consents: [],
            confirmation: {
              ...state.confirmation,
              acceptance: 'refused',
              caseNumber: event.data.caseNumber,
              reason: event.data.reason,
              ...(event.data.applyAgainBy === undefined ? {} : { applyAgainBy: event.data.applyAgainBy }),
              ...(event.data.refusedOn === undefined ? {} : { refusedOn: event.data.refusedOn }),
            },
          }
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
      const receipt = moved('receipt')
      const enforcement = moved('enforcement')
      // How each deadline is counted now (moved or confirmed): the case's stamps name the loaded version, no longer
      // provisional where the notice covers it (found in review: they kept the first count's). Changes written before
      // they carried their count leave the stamps as they were.
      const recounted = event.data.changes.flatMap((c) => (c.counted === undefined || state.counted?.[c.kind as DisputeDeadlineKind] === undefined ? [] : [{ [c.kind]: c.counted }]))
      return {
        ...state,
        ...(recounted.length === 0 ? {} : { counted: Object.assign({}, state.counted, ...recounted) as DisputeState['counted'] }),
        ...(mediation === undefined ? {} : { mediationDeadline: mediation }),
        // Only while the entrustment awaits its answer (accepting or declining it ends the receipt clock).
        ...(receipt === undefined || state.receiptDeadline === undefined ? {} : { receiptDeadline: receipt }),
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
      return withKeys(state, { status: 'enforcement-applied', enforcementApplied: true })
    case 'FulfilmentRecorded':
      return withKeys(state, { status: 'fulfilment-recorded', fulfilment: event.data.fulfilment })
    case 'FollowUpVisited':
      return { ...state, status: 'followed-up', followedUp: true }
    case 'DisputeClosed':
      return withKeys(state, { status: 'closed', outcome: event.data.outcome })
    case 'DisputeDeadlineReminder':
      return state
    // The files only (`evolve` adds them to the case's list, as it does only for an event that changed the case).
    case 'PartyDocumentsSubmitted':
      return { ...state }
    case 'ReportedToCourt':
      return withKeys(state, { reportedToCourt: [...(state.reportedToCourt ?? []), { outcome: event.data.outcome, ...(event.data.onTime === undefined ? {} : { onTime: event.data.onTime }) }] })
  }
}
