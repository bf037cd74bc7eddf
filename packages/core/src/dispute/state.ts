import type { Track } from '../kernel/actor.js'
import type { AgreementForm, DisputeCategory, DisputeSource, Fulfilment, MediatorRef, Signature } from './commands.js'
import type { CloseOutcome, DisputeEvent } from './events.js'
import type { Party } from './parties.js'

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
  'confirmed',
  'confirmation-rejected',
  'fulfilment-recorded',
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
  readonly confirmationDeadline?: string
}

export interface ConfirmationApplication {
  readonly applicant: string
  readonly court: string
  readonly courtDecisionDeadline: string
  readonly outcome?: 'confirmed' | 'rejected'
  readonly reason?: string
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
  readonly complaintId?: string
  readonly court?: string
  /** The resident who reported it, if one did. */
  readonly ownerId?: string
  readonly track?: Track
  readonly mediator?: MediatorRef
  readonly mediationDeadline?: string
  readonly extensions: number
  readonly sessions: number
  readonly transfers: readonly TransferHop[]
  readonly agreement?: Agreement
  readonly failureReason?: string
  readonly consents: readonly string[]
  readonly confirmation?: ConfirmationApplication
  readonly fulfilment?: Fulfilment
  readonly followedUp: boolean
  readonly outcome?: CloseOutcome
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
export const evolve = (state: DisputeState, event: DisputeEvent): DisputeState => {
  switch (event.type) {
    case 'DisputeReported': {
      const d = event.data
      return {
        ...initialState,
        status: 'reported',
        id: d.id,
        source: d.source,
        category: d.category,
        jurisdiction: d.jurisdiction,
        parties: d.parties,
        summary: d.summary,
        complaintId: d.complaintId,
        court: d.court,
        ownerId: d.ownerId,
      }
    }
    case 'DisputeAccepted':
      return { ...state, status: 'accepted', mediationDeadline: event.data.mediationDeadline }
    case 'DisputeDeclined':
      return { ...state, status: 'declined' }
    case 'MediatorAssigned':
      return { ...state, status: 'mediator-assigned', track: event.data.track, mediator: event.data.mediator }
    case 'MediationSessionHeld':
      return { ...state, status: 'session-held', sessions: event.data.session }
    case 'MediationAgreed': {
      const d = event.data
      return {
        ...state,
        status: 'agreement-reached',
        agreement: {
          track: d.track,
          form: d.form,
          terms: d.terms,
          signatures: d.signatures,
          effectiveOn: d.effectiveOn,
          confirmationDeadline: d.confirmationDeadline,
        },
      }
    }
    case 'MediationFailed':
      return { ...state, status: 'mediation-failed', failureReason: event.data.reason }
    case 'DisputeTransferred': {
      const { hop, from, to, reason, mediationDeadline } = event.data
      return {
        ...state,
        status: 'transferred',
        track: to,
        mediator: undefined,
        mediationDeadline,
        transfers: [...state.transfers, { hop, from, to, reason }],
      }
    }
    case 'ReferredToLitigation':
      return { ...state, status: 'referred-to-litigation' }
    case 'MediationExtended':
      return { ...state, mediationDeadline: event.data.deadline, extensions: state.extensions + 1 }
    case 'JudicialConfirmationConsented':
      return state.consents.includes(event.data.party) ? state : { ...state, consents: [...state.consents, event.data.party] }
    case 'JudicialConfirmationApplied': {
      const { applicant, court, courtDecisionDeadline } = event.data
      return { ...state, status: 'confirmation-applied', confirmation: { applicant, court, courtDecisionDeadline } }
    }
    case 'JudicialConfirmationGranted':
      return state.confirmation === undefined
        ? state
        : { ...state, status: 'confirmed', confirmation: { ...state.confirmation, outcome: 'confirmed' } }
    case 'JudicialConfirmationRejected':
      return state.confirmation === undefined
        ? state
        : { ...state, status: 'confirmation-rejected', confirmation: { ...state.confirmation, outcome: 'rejected', reason: event.data.reason } }
    case 'FulfilmentRecorded':
      return { ...state, status: 'fulfilment-recorded', fulfilment: event.data.fulfilment }
    case 'FollowUpVisited':
      return { ...state, status: 'followed-up', followedUp: true }
    case 'DisputeClosed':
      return { ...state, status: 'closed', outcome: event.data.outcome }
  }
}
