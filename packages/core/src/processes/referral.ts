import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Actor } from '../kernel/actor.js'
import { Jurisdiction } from '../access/jurisdiction.js'
import { decode, text } from '../kernel/codec.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { validationError, type DomainError } from '../kernel/errors.js'
import type { HandleResult } from '../kernel/handler.js'
import type { CommandMeta } from '../kernel/meta.js'
import { CREATE, execute } from '../pipeline/execute.js'
import type { EventStore } from '../kernel/store.js'
import { CaseId, DisputeCategory, DisputeSummary, Reason, ReportDisputeData, type ReportDispute } from '../dispute/commands.js'
import type { DisputeEvent } from '../dispute/events.js'
import { dispute, type DisputeCaseType } from '../dispute/index.js'
import { PhoneNumber } from '../contact/index.js'
import { PartyName } from '../dispute/parties.js'
import type { DisputeState } from '../dispute/state.js'
import { referralCommandId } from './derivedId.js'
import { processActor, processCommandId, type ProcessCommand } from './mediationOutcome.js'

export const COMPLAINT_REFERRED_TO_MEDIATION = 'ComplaintReferredToMediation'

// `residentId` is beyond the agreed shape: taken when the complaint side sends it, so the resident can act as a party.
const Contact = t.intersection([t.type({ name: PartyName }), t.partial({ phone: PhoneNumber, residentId: text(100, 'ResidentId') })], 'Contact')
type Contact = t.TypeOf<typeof Contact>

const partyOf = (side: 'applicant' | 'respondent', c: Contact) => ({
  side,
  name: c.name,
  ...(c.phone === undefined ? {} : { phone: c.phone }),
  ...(c.residentId === undefined ? {} : { residentId: c.residentId }),
})

/** What the complaint case says when it refers a 诉求 to mediation (the interface agreed with the complaint type). */
export const ComplaintReferredToMediationData = t.intersection(
  [
    t.type({
      complaintId: CaseId,
      disputeId: CaseId,
      disputeCategory: DisputeCategory,
      jurisdiction: Jurisdiction,
      applicant: Contact,
      respondents: t.array(Contact),
      summary: DisputeSummary,
    }),
    t.partial({ reason: Reason }),
  ],
  'ComplaintReferredToMediationData',
)
export type ComplaintReferredToMediationData = t.TypeOf<typeof ComplaintReferredToMediationData>

export { referralCommandId } from './derivedId.js'

/** The ReportDispute a referral event gives rise to, its data not yet decoded: whoever takes it decodes it, once. */
interface ReferralInput {
  readonly disputeId: string
  readonly data: Readonly<Record<string, unknown>>
  readonly meta: CommandMeta
}

const referralInput = (event: RecordedEvent): E.Either<DomainError, ReferralInput> => {
  if (event.type !== COMPLAINT_REFERRED_TO_MEDIATION) {
    return E.left(validationError([{ path: 'type', message: `expected ${COMPLAINT_REFERRED_TO_MEDIATION}, got ${event.type}` }]))
  }
  const referred = decode(ComplaintReferredToMediationData, event.data)
  if (E.isLeft(referred)) return referred
  const actor = decode(Actor, event.metadata.actor)
  if (E.isLeft(actor)) return actor
  const d = referred.right
  return E.right({
    disputeId: d.disputeId,
    data: {
      id: d.disputeId,
      source: 'referral',
      category: d.disputeCategory,
      jurisdiction: d.jurisdiction,
      parties: [partyOf('applicant', d.applicant), ...d.respondents.map((r) => partyOf('respondent', r))],
      summary: d.summary,
      complaintId: d.complaintId,
      ...(d.reason === undefined ? {} : { referralReason: d.reason }),
    },
    meta: {
      commandId: referralCommandId(event.eventId),
      actor: actor.right,
      at: event.metadata.occurredAt,
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
    },
  })
}

/**
 * 诉调对接 — turns a `ComplaintReferredToMediation` event into the `ReportDispute` that opens the dispute
 * (source `referral`), keeping the event's correlation id and naming it as the cause.
 */
export const referralCommand = (event: RecordedEvent): E.Either<DomainError, ReportDispute> => {
  const input = referralInput(event)
  if (E.isLeft(input)) return input
  const data = decode(ReportDisputeData, input.right.data)
  return E.isLeft(data) ? data : E.right({ type: 'ReportDispute', data: data.right, meta: input.right.meta })
}

/** A process: which event types it reacts to and the commands each gives rise to. Pure. */
export interface Process<C> {
  readonly name: string
  readonly handles: readonly string[]
  react(event: RecordedEvent): E.Either<DomainError, readonly C[]>
}

/** The referral process: complaint → dispute. Other events give no command. */
export const complaintReferral: Process<ReportDispute> = {
  name: 'complaint-referral',
  handles: [COMPLAINT_REFERRED_TO_MEDIATION],
  react: (event) => (event.type === COMPLAINT_REFERRED_TO_MEDIATION ? E.map((c: ReportDispute) => [c])(referralCommand(event)) : E.right([])),
}

/** The referral as a process command: open the dispute (`create` on `dispute-`) the referral names; the pipeline decodes its data, once. */
export const referralProcessCommands = (event: RecordedEvent): E.Either<DomainError, readonly ProcessCommand[]> =>
  event.type !== COMPLAINT_REFERRED_TO_MEDIATION
    ? E.right([])
    : E.map((i: ReferralInput): readonly ProcessCommand[] => [{ caseType: 'dispute-', caseId: i.disputeId, command: CREATE, data: i.data, meta: i.meta }])(referralInput(event))

/** The name a failed referral's command id is derived under (one per referral event: recorded once). */
export const REFERRAL_FAILURE_PROCESS = 'complaint-referral-failure'

// The event's reason is the complaint's LongText (5000 characters at most).
const MAX_REASON = 5000

/**
 * A referral the dispute side refused for good (the id taken, the dispute's rules): recorded back on the complaint
 * (`record-referral-failure`), by the referral process as an admin of the complaint's jurisdiction, so that nothing
 * acknowledged is lost — the complaint goes back to where it was and may be handled or referred again.
 */
export const referralFailureCommands = (event: RecordedEvent, error: DomainError): E.Either<DomainError, readonly ProcessCommand[]> => {
  if (event.type !== COMPLAINT_REFERRED_TO_MEDIATION) return E.right([])
  const referred = decode(ComplaintReferredToMediationData, event.data)
  if (E.isLeft(referred)) return referred
  const { complaintId, disputeId, jurisdiction } = referred.right
  return E.right([
    {
      caseType: 'complaint-',
      caseId: complaintId,
      command: 'record-referral-failure',
      data: { disputeId, code: error.code, reason: error.message.slice(0, MAX_REASON) },
      meta: {
        commandId: processCommandId(REFERRAL_FAILURE_PROCESS, event.eventId),
        actor: processActor(complaintReferral.name, jurisdiction),
        at: event.metadata.occurredAt,
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
      },
    },
  ])
}

/** Runs the referral against a store: opens the dispute, or returns the earlier outcome when it already ran. */
export const runReferral = async (
  store: EventStore,
  event: RecordedEvent,
  caseType: DisputeCaseType = dispute,
): Promise<E.Either<DomainError, HandleResult<DisputeEvent, DisputeState>>> => {
  const input = referralInput(event)
  if (E.isLeft(input)) return input
  // Through the one pipeline, as every adapter: the command's data is decoded there, once, exactly like a client's.
  return execute(store, caseType, input.right.disputeId, CREATE, input.right.data, input.right.meta)
}
