import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Actor } from '../kernel/actor.js'
import { decode } from '../kernel/codec.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import type { DomainError } from '../kernel/errors.js'
import type { CommandMeta } from '../kernel/meta.js'
import type { MediationDevelopment } from '../complaint/commands.js'
import { maskNamesInText } from '../privacy/mask.js'
import { derivedId } from './derivedId.js'

/**
 * The dispute events that conclude a referred case, and what each means for the complaint (DOMAIN.md "Dispute").
 * Not `MediationFailed`: a failure on one track is not the end of 三调联动 — the case may be transferred to another
 * track and agree there, or be referred to litigation; the complaint waits for that (a failure that goes to
 * litigation comes back as `litigation`). And what may undo a conclusion after it: the court's rejection of the
 * agreement (司法确认 驳回, `confirmation-rejected`), after which the case goes back to mediation (a new agreement) or to
 * litigation — each carried to the complaint too, which records it as its later outcome (complaint decide).
 */
export const MEDIATION_CONCLUSIONS: Readonly<Record<string, MediationDevelopment>> = {
  MediationAgreed: 'agreement',
  ReferredToLitigation: 'litigation',
  DisputeDeclined: 'declined',
  JudicialConfirmationRejected: 'confirmation-rejected',
}

// Every conclusion carries `complaintId` when the dispute came from a referral (the `linked` part of its data).
const Linked = t.partial({ complaintId: t.string, reason: t.string })

/** A command a process issues: which case, which route of its case type, the data, the meta. */
export interface ProcessCommand {
  /** The case type's stream prefix (`complaint-`, `dispute-`). */
  readonly caseType: string
  readonly caseId: string
  /** `create` or one of the case type's routes. */
  readonly command: string
  readonly data: unknown
  readonly meta: CommandMeta
}

/** The command id a process derives from the event that triggered it: a replay issues the same id, applied once. */
export const processCommandId = (processName: string, eventId: string): string => derivedId(`gridcase:process:${processName}:${eventId}`)

/**
 * The actor a process acts as on a case: an admin of the case's jurisdiction (no wider), named for the process, so
 * history says who did it.
 */
export const processActor = (processName: string, jurisdiction: string): Actor => ({ id: `process:${processName}`, role: 'admin', jurisdiction, name: processName })

export const MEDIATION_OUTCOME_PROCESS = 'mediation-outcome'

/** The dispute stream's case id: `dispute-<id>`. */
const caseIdOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1)

/**
 * 诉调对接, the way back — a dispute opened from a complaint concluded: record the conclusion on the complaint.
 * `jurisdiction` is the complaint's (the dispute carries it from the referral). Other events give no command.
 * `strangers`: the people the dispute's history names whom the complaint does not — a session's attendee who is not a
 * party (a son speaking for his father). The conclusion's reason is written onto the complaint with them masked: the
 * complaint's readers are not the dispute's, and its masked readings know only the complaint's own people, so a name
 * carried across in full would be read in full by every one of them (个人信息保护法 art. 6: no more than the purpose
 * needs; found in review: 赵小刚, an attendee, read in full in the complaint's event log and history). A phone or id
 * number in the reason is masked as well, for the same readers. `referredFrom`: the complaint the dispute's report names
 * (its `complaintId`), for an event that names none itself (the court's rejection).
 */
export const mediationOutcomeCommands = (
  event: RecordedEvent,
  jurisdiction: string | undefined,
  strangers: readonly string[] = [],
  referredFrom?: string,
): E.Either<DomainError, readonly ProcessCommand[]> => {
  const outcome = MEDIATION_CONCLUSIONS[event.type]
  if (outcome === undefined) return E.right([])
  const linked = decode(Linked, event.data)
  if (E.isLeft(linked)) return linked
  // The court's rejection names no complaint: the dispute's own report does (`referredFrom`, read by the adapter).
  const { reason } = linked.right
  const complaintId = linked.right.complaintId ?? referredFrom
  if (complaintId === undefined || jurisdiction === undefined) return E.right([])
  const summary = reason === undefined ? `mediation concluded: ${outcome}` : `mediation concluded: ${outcome} (${maskNamesInText(reason, strangers)})`
  return E.right([
    {
      caseType: 'complaint-',
      caseId: complaintId,
      command: 'record-mediation-outcome',
      data: { disputeId: caseIdOf(event.streamId), outcome, summary },
      meta: {
        commandId: processCommandId(MEDIATION_OUTCOME_PROCESS, event.eventId),
        actor: processActor(MEDIATION_OUTCOME_PROCESS, jurisdiction),
        at: event.metadata.occurredAt,
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
      },
    },
  ])
}
