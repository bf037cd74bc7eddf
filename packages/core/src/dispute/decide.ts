import * as E from 'fp-ts/lib/Either.js'
import { isWithin } from '../access/jurisdiction.js'
import { authorize, type CaseScope } from '../access/permissions.js'
import { localDate } from '../calendar/dates.js'
import { stampOf, type Counted } from '../calendar/stamp.js'
import { declaredOnly } from '../kernel/codec.js'
import {
  deadlinePassed,
  forbidden,
  invalidTransition,
  notFound,
  validationError,
  type DomainError,
  type FieldError,
} from '../kernel/errors.js'
import {
  MediatorRef,
  RecordFollowUpData,
  RecordFulfilmentData,
  RecordSessionData,
  ReferToLitigationData,
  ReportDisputeData,
  Signature,
  type ApplyForConfirmation,
  type AssignMediator,
  type ConsentToConfirmation,
  type DisputeCommand,
  type ExtendMediation,
  type RecordAgreement,
  type ReportDispute,
} from './commands.js'
import type { CloseOutcome, DisputeEvent } from './events.js'
import { applyForEnforcement, extendCourtReview, recordConfirmation, recordCourtAcceptance } from './court.js'
import { rebaseDeadlines } from './rebase.js'
import { partyOfResident } from './parties.js'
import {
  CONFIRMABLE_TRACKS,
  CONFIRMATION_WINDOW_DAYS,
  COURT_DECISION_DAYS,
  confirmationDeadline,
  courtDecisionDeadline,
  defaultDisputePolicy,
  effectiveOn,
  extendedDeadline,
  isPast,
  mediationCalendarOf,
  mediationDeadline,
  PERMISSIONS,
  SOURCE_ROLES,
  TRACK_OF_COMMAND,
  type DisputePolicy,
} from './policy.js'
import type { DisputeState, DisputeStatus } from './state.js'

// How a case closes, by where it stands.
const CLOSE_OUTCOME_OF: Partial<Record<DisputeStatus, CloseOutcome>> = {
  'followed-up': 'mediated',
  declined: 'declined',
  'referred-to-litigation': 'litigation',
}

type Decision = E.Either<DomainError, readonly DisputeEvent[]>

const emit = (...events: DisputeEvent[]): Decision => E.right(events)
const refuse = (error: DomainError): Decision => E.left(error)
const invalid = (...errors: FieldError[]): Decision => E.left(validationError(errors))

/** Drops undefined fields so stored event data holds only what was said. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

/** The residents a dispute belongs to besides its reporter: the parties who have an account. */
const partyResidents = (state: DisputeState): readonly string[] =>
  state.parties.flatMap((p) => (p.residentId === undefined ? [] : [p.residentId]))

/** Where a case lies and whose it is (reporter and parties): what `authorize` and `canRead` check. */
export const scopeOf = (state: DisputeState): CaseScope | undefined =>
  state.status === 'none'
    ? undefined
    : defined({ jurisdiction: state.jurisdiction, ownerId: state.ownerId, residents: partyResidents(state), track: state.track })

// Some commands are checked against another track than the case's own (the court's decision is judicial).
const scopeFor = (state: DisputeState, command: DisputeCommand['type']): CaseScope =>
  defined({ jurisdiction: state.jurisdiction, ownerId: state.ownerId, residents: partyResidents(state), track: TRACK_OF_COMMAND[command] ?? state.track })

const inState = (state: DisputeState, command: DisputeCommand, allowed: readonly DisputeStatus[], then: () => Decision): Decision =>
  allowed.includes(state.status) ? then() : refuse(invalidTransition(state.status, command.type))

const report = (command: ReportDispute, state: DisputeState): Decision => {
  const { data, meta } = command
  const allowed = authorize(
    meta.actor,
    { command: `report a dispute (${data.source})`, roles: SOURCE_ROLES[data.source] },
    defined({
      jurisdiction: data.jurisdiction,
      ownerId: meta.actor.role === 'resident' ? meta.actor.id : undefined,
      // 诉前委派: a mediator who records it must be on the court's (judicial) side.
      track: data.source === 'court-entrusted' ? ('judicial' as const) : undefined,
    }),
  )
  if (E.isLeft(allowed)) return allowed
  if (meta.actor.role === 'resident' && partyOfResident(data.parties, meta.actor.id) === undefined) {
    return refuse(forbidden(`resident ${meta.actor.id} may apply only as one of the parties (residentId)`))
  }
  if (state.status !== 'none') return refuse(invalidTransition(state.status, command.type, `dispute ${state.id} already exists`))
  if (data.source === 'referral' && data.complaintId === undefined) {
    return invalid({ path: 'complaintId', message: 'is required for a dispute referred from a complaint' })
  }
  if (data.source === 'court-entrusted' && data.court === undefined) {
    return invalid({ path: 'court', message: 'is required for a court-entrusted dispute' })
  }
  return emit({
    type: 'DisputeReported',
    // Only declared fields, at every level (a party's too), reach the append-only log.
    data: defined({ ...declaredOnly(ReportDisputeData, data), ownerId: meta.actor.role === 'resident' ? meta.actor.id : undefined, reportedOn: localDate(meta.at) }),
  })
}

const assignMediator = (command: AssignMediator, state: DisputeState): Decision => {
  const { track, mediator } = command.data
  if (state.status !== 'accepted' && state.track !== undefined && track !== state.track) {
    return invalid({ path: 'track', message: `expected ${state.track}: the case is on that track (move it with transfer)` })
  }
  if (!isWithin(mediator.jurisdiction, state.jurisdiction)) {
    return invalid({ path: 'mediator.jurisdiction', message: `expected a mediator whose jurisdiction contains ${state.jurisdiction}` })
  }
  return emit({ type: 'MediatorAssigned', data: { track, mediator: defined(declaredOnly(MediatorRef, mediator)) } })
}

const recordAgreement = (command: RecordAgreement, state: DisputeState, policy: DisputePolicy): Decision => {
  const { form, terms, signatures, mediatorSignedOn, reachedOn, concerns } = command.data
  const { track, mediator } = state
  if (track === undefined || mediator === undefined) return refuse(invalidTransition(state.status, command.type, 'no mediator on the case'))
  const today = localDate(command.meta.at)
  // A date on an agreement lies between the day the dispute was reported and the day it is recorded.
  const outOfRange = (date: string): string | undefined =>
    date > today
      ? `expected a date no later than ${today}, the day it is recorded`
      : state.reportedOn !== undefined && date < state.reportedOn
        ? `expected a date no earlier than ${state.reportedOn}, the day the dispute was reported`
        : undefined
  if (form === 'oral') {
    if (signatures !== undefined || mediatorSignedOn !== undefined) {
      return invalid({ path: signatures !== undefined ? 'signatures' : 'mediatorSignedOn', message: 'expected none on an oral agreement' })
    }
    // 人民调解法 art. 30: an oral agreement takes effect the day it is reached — entered, not assumed.
    if (reachedOn === undefined) return invalid({ path: 'reachedOn', message: 'is required for an oral agreement: the day it was reached' })
    const wrong = outOfRange(reachedOn)
    if (wrong !== undefined) return invalid({ path: 'reachedOn', message: wrong })
  } else {
    const given = signatures ?? []
    const errors: FieldError[] = []
    if (reachedOn !== undefined) errors.push({ path: 'reachedOn', message: 'expected none on a written agreement: it takes effect when the last party signs' })
    given.forEach((s, i) => {
      if (!state.parties.some((p) => p.name === s.party)) errors.push({ path: `signatures[${i}].party`, message: 'expected the name of a party' })
      const wrong = outOfRange(s.signedOn)
      if (wrong !== undefined) errors.push({ path: `signatures[${i}].signedOn`, message: wrong })
    })
    const missing = state.parties.filter((p) => !given.some((s) => s.party === p.name)).map((p) => p.name)
    if (missing.length > 0) errors.push({ path: 'signatures', message: `expected every party's signature; missing ${missing.join(', ')}` })
    if (mediatorSignedOn === undefined) errors.push({ path: 'mediatorSignedOn', message: 'is required for a written agreement' })
    else {
      const wrong = outOfRange(mediatorSignedOn)
      if (wrong !== undefined) errors.push({ path: 'mediatorSignedOn', message: wrong })
    }
    if (errors.length > 0) return invalid(...errors)
  }
  const effective = effectiveOn(command.data, command.meta.at)
  const confirmable = CONFIRMABLE_TRACKS.includes(track) && concerns === undefined
  const deadline = confirmable ? confirmationDeadline(effective, policy.calendar) : undefined
  return emit({
    type: 'MediationAgreed',
    data: defined({
      track,
      mediatorId: mediator.id,
      form,
      terms,
      signatures: signatures?.map((s) => declaredOnly(Signature, s)),
      mediatorSignedOn,
      reachedOn,
      concerns,
      effectiveOn: effective,
      confirmationDeadline: deadline,
      complaintId: state.complaintId,
      calendar: deadline === undefined ? undefined : stampOf(policy.calendar, `${effective}T12:00:00+08:00`, deadline, statutory(CONFIRMATION_WINDOW_DAYS)),
    }),
  })
}

const extendMediation = (command: ExtendMediation, state: DisputeState, policy: DisputePolicy): Decision => {
  const { days, reason, agreedBy } = command.data
  const previous = state.mediationDeadline
  if (previous === undefined) return refuse(invalidTransition(state.status, command.type, 'no mediation deadline to extend'))
  if (isPast(previous, command.meta.at)) return refuse(deadlinePassed(previous, `the mediation deadline ${previous} has passed; it can no longer be extended`))
  const strangers = agreedBy.flatMap((name, i) => (state.parties.some((p) => p.name === name) ? [] : [{ path: `agreedBy[${i}]`, message: 'expected the name of a party' }]))
  if (strangers.length > 0) return invalid(...strangers)
  const missing = state.parties.filter((p) => !agreedBy.includes(p.name)).map((p) => p.name)
  if (missing.length > 0) return invalid({ path: 'agreedBy', message: `expected every party to agree to the extension; missing ${missing.join(', ')}` })
  return emit({
    type: 'MediationExtended',
    data: (() => {
      const deadline = extendedDeadline(previous, days, policy)
      return { previousDeadline: previous, deadline, days, reason, agreedBy, calendar: stampOf(mediationCalendarOf(policy), previous, deadline, mediationCounted(policy, days), true) }
    })(),
  })
}

/** The party a confirmation command speaks for: a resident for themself, anyone else names one. */
const partyActing = (command: ConsentToConfirmation | ApplyForConfirmation, state: DisputeState): E.Either<DomainError, string> => {
  const { actor } = command.meta
  const named = command.data.party
  if (actor.role === 'resident') {
    const own = partyOfResident(state.parties, actor.id)
    if (own === undefined) return E.left(forbidden(`resident ${actor.id} is not a party to dispute ${state.id}`))
    if (named !== undefined && named !== own.name) return E.left(forbidden(`resident ${actor.id} speaks only for ${own.name}`))
    return E.right(own.name)
  }
  if (named === undefined) return E.left(validationError([{ path: 'party', message: 'is required: the party on whose behalf this is recorded' }]))
  if (!state.parties.some((p) => p.name === named)) return E.left(validationError([{ path: 'party', message: 'expected the name of a party' }]))
  return E.right(named)
}

// Checks shared by consent and application: a confirmable agreement whose 30-day window is still open.
const confirmationWindow = (command: DisputeCommand, state: DisputeState): E.Either<DomainError, string> => {
  const agreement = state.agreement
  if (agreement?.concerns !== undefined) {
    // 法释〔2011〕5号 art. 7: no confirmation of an agreement on marriage, adoption or personal status.
    return E.left(invalidTransition(state.status, command.type, `an agreement on ${agreement.concerns} cannot be judicially confirmed`))
  }
  if (agreement === undefined || !CONFIRMABLE_TRACKS.includes(agreement.track) || agreement.confirmationDeadline === undefined) {
    return E.left(
      invalidTransition(state.status, command.type, `only an agreement reached in ${CONFIRMABLE_TRACKS.join(' or ')} mediation can be judicially confirmed`),
    )
  }
  const deadline = agreement.confirmationDeadline
  if (isPast(deadline, command.meta.at)) {
    return E.left(
      deadlinePassed(deadline, `judicial confirmation must be applied for within 30 days of ${agreement.effectiveOn} (by ${deadline})`),
    )
  }
  return E.right(deadline)
}

const consent = (command: ConsentToConfirmation, state: DisputeState): Decision => {
  const window = confirmationWindow(command, state)
  if (E.isLeft(window)) return window
  const party = partyActing(command, state)
  if (E.isLeft(party)) return party
  return state.consents.includes(party.right) ? emit() : emit({ type: 'JudicialConfirmationConsented', data: { party: party.right } })
}

const apply = (command: ApplyForConfirmation, state: DisputeState, policy: DisputePolicy): Decision => {
  const window = confirmationWindow(command, state)
  if (E.isLeft(window)) return window
  const party = partyActing(command, state)
  if (E.isLeft(party)) return party
  const others = state.parties.map((p) => p.name).filter((name) => name !== party.right)
  const missing = others.filter((name) => !state.consents.includes(name))
  if (missing.length > 0) {
    return refuse(invalidTransition(state.status, command.type, `the parties apply together; no consent yet from ${missing.join(', ')}`))
  }
  const courtDeadline = courtDecisionDeadline(command.meta.at, policy.calendar)
  return emit({
    type: 'JudicialConfirmationApplied',
    data: {
      applicant: party.right,
      consentedBy: others,
      court: command.data.court,
      confirmationDeadline: window.right,
      courtDecisionDeadline: courtDeadline,
      calendar: stampOf(policy.calendar, command.meta.at, courtDeadline, statutory(COURT_DECISION_DAYS)),
    },
  })
}

const statutory = (days: number): Counted => ({ days, unit: 'statutory-days' })
const mediationCounted = (policy: DisputePolicy, days: number): Counted => ({ days, unit: policy.mediationCalendar === undefined ? 'statutory-days' : 'working-days' })

/** A new mediation deadline from `at`, with the calendar that counted it. */
const mediationClock = (at: string, policy: DisputePolicy) => {
  const deadline = mediationDeadline(at, policy)
  return { mediationDeadline: deadline, calendar: stampOf(mediationCalendarOf(policy), at, deadline, mediationCounted(policy, policy.mediationDays)) }
}

/** The dispute decider's decide, for a policy: authorise, check the state, then say what happened. */
export const decideDispute =
  (policy: DisputePolicy = defaultDisputePolicy) =>
  (command: DisputeCommand, state: DisputeState): Decision => {
    if (command.type === 'ReportDispute') return report(command, state)
    if (state.status === 'none') return refuse(notFound('no such dispute'))
    const allowed = authorize(command.meta.actor, PERMISSIONS[command.type], scopeFor(state, command.type))
    if (E.isLeft(allowed)) return allowed
    const { at } = command.meta
    const linked = state.complaintId
    switch (command.type) {
      case 'AcceptDispute':
        return inState(state, command, ['reported'], () =>
          emit({ type: 'DisputeAccepted', data: defined({ ...mediationClock(at, policy), note: command.data.note }) }),
        )
      case 'DeclineDispute':
        return inState(state, command, ['reported'], () =>
          emit({ type: 'DisputeDeclined', data: defined({ reason: command.data.reason, complaintId: linked }) }),
        )
      case 'AssignMediator':
        // After the court refused or rejected the agreement the case may go back to mediation.
        return inState(state, command, ['accepted', 'transferred', 'mediator-assigned', 'confirmation-refused', 'confirmation-rejected'], () => assignMediator(command, state))
      case 'RecordSession':
        return inState(state, command, ['mediator-assigned', 'session-held'], () => {
          const { track, mediator } = state
          if (track === undefined || mediator === undefined) return refuse(invalidTransition(state.status, command.type, 'no mediator on the case'))
          return emit({ type: 'MediationSessionHeld', data: defined({ session: state.sessions + 1, track, mediatorId: mediator.id, ...declaredOnly(RecordSessionData, command.data) }) })
        })
      case 'RecordAgreement':
        return inState(state, command, ['session-held'], () => recordAgreement(command, state, policy))
      case 'RecordFailure':
        return inState(state, command, ['mediator-assigned', 'session-held'], () => {
          const { track } = state
          if (track === undefined) return refuse(invalidTransition(state.status, command.type, 'no track on the case'))
          return emit({ type: 'MediationFailed', data: defined({ track, reason: command.data.reason, complaintId: linked }) })
        })
      case 'TransferDispute':
        return inState(state, command, ['mediator-assigned', 'session-held', 'mediation-failed', 'transferred', 'confirmation-refused', 'confirmation-rejected'], () => {
          const from = state.track
          if (from === undefined) return refuse(invalidTransition(state.status, command.type, 'no track to transfer from'))
          if (command.data.to === from) return invalid({ path: 'to', message: `expected a track other than ${from}, where the case already is` })
          return emit({
            type: 'DisputeTransferred',
            data: { hop: state.transfers.length + 1, from, to: command.data.to, reason: command.data.reason, ...mediationClock(at, policy) },
          })
        })
      case 'ReferToLitigation':
        return inState(state, command, ['mediator-assigned', 'session-held', 'mediation-failed', 'transferred', 'confirmation-refused', 'confirmation-rejected'], () =>
          emit({ type: 'ReferredToLitigation', data: defined({ ...declaredOnly(ReferToLitigationData, command.data), track: state.track, complaintId: linked }) }),
        )
      case 'ExtendMediation':
        return inState(state, command, ['accepted', 'mediator-assigned', 'session-held', 'transferred'], () => extendMediation(command, state, policy))
      case 'ConsentToConfirmation':
        return inState(state, command, ['agreement-reached'], () => consent(command, state))
      case 'ApplyForConfirmation':
        return inState(state, command, ['agreement-reached'], () => apply(command, state, policy))
      case 'RecordCourtAcceptance':
        return inState(state, command, ['confirmation-applied'], () => recordCourtAcceptance(command, state, policy))
      case 'ExtendCourtReview':
        return inState(state, command, ['confirmation-accepted'], () => extendCourtReview(command, state, policy))
      case 'RecordConfirmation':
        return inState(state, command, ['confirmation-accepted'], () => recordConfirmation(command, state))
      case 'ApplyForEnforcement':
        return inState(state, command, ['fulfilment-recorded'], () => applyForEnforcement(command, state))
      case 'RecordFulfilment':
        return inState(state, command, ['agreement-reached', 'confirmed', 'confirmation-refused', 'confirmation-rejected'], () =>
          emit({ type: 'FulfilmentRecorded', data: defined(declaredOnly(RecordFulfilmentData, command.data)) }),
        )
      case 'RecordFollowUp':
        return inState(state, command, ['fulfilment-recorded', 'enforcement-applied'], () => emit({ type: 'FollowUpVisited', data: defined(declaredOnly(RecordFollowUpData, command.data)) }))
      case 'RebaseDeadlines':
        return state.status === 'closed' ? refuse(invalidTransition(state.status, command.type)) : rebaseDeadlines(command, state, policy)
      case 'CloseDispute':
        return inState(state, command, ['followed-up', 'declined', 'referred-to-litigation'], () =>
          emit({ type: 'DisputeClosed', data: defined({ outcome: CLOSE_OUTCOME_OF[state.status] ?? 'mediated', reason: command.data.reason, complaintId: linked }) }),
        )
    }
  }
