import * as E from 'fp-ts/lib/Either.js'
import { localDate } from '../calendar/dates.js'
import { stampOf, type CalendarStamp } from '../calendar/stamp.js'
import { forbidden, validationError, type DomainError } from '../kernel/errors.js'
import type { CommandMeta } from '../kernel/meta.js'
import { agreementProblems } from './agreement.js'
import { committeeFor, routed } from './centre.js'
import type { OnTheSpotData, ReportDisputeData } from './commands.js'
import type { DisputeEvent } from './events.js'
import { CONFIRMATION_WINDOW_DAYS, confirmationDeadline, effectiveOn, mayBeConfirmed, performByProblem, type DisputePolicy } from './policy.js'

/**
 * 现场调解 — a dispute mediated and agreed on the spot, recorded in one command with its report: the events that
 * follow the report (accepted, routed to the mediator's committee, the mediator assigned, the agreement), so the case
 * reads as any other from then on (司法确认 window, fulfilment, follow-up).
 *
 * Who: a mediator who sits on a configured committee whose place covers the dispute — a written agreement bears the
 * committee's seal and the mediator's signature (人民调解法 art. 29), and an oral one is recorded by the mediator
 * (art. 28). Every party signs a written agreement, on the day (reported and agreed the same day, no date may differ);
 * the mediator records it from the paper the parties signed, so its scan (`attachments`, at least one sha-256) is
 * required — as a party's consent recorded by a mediator needs the signed document's hash.
 */
export const onTheSpot = (
  spot: OnTheSpotData,
  report: ReportDisputeData,
  meta: CommandMeta,
  policy: DisputePolicy,
  clock: { readonly mediationDeadline: string; readonly calendar: CalendarStamp },
): E.Either<DomainError, readonly DisputeEvent[]> => {
  const { actor } = meta
  if (actor.role !== 'mediator') {
    return E.left(forbidden(`${actor.role} ${actor.id} may not mediate on the spot: a mediator signs the agreement (人民调解法 art. 29)`))
  }
  if (actor.committee === undefined) {
    return E.left(forbidden(`mediator ${actor.id} sits on no configured committee: an agreement bears a committee's seal (人民调解法 art. 29)`))
  }
  const committee = committeeFor(policy.committees, actor.committee, report, 'onTheSpot')
  if (E.isLeft(committee)) return committee
  const { track } = committee.right
  // Its own track, as on every step a mediator takes (`authorize`): one whose token names none could mediate here and then
  // take no further step on the case.
  if (actor.track !== track) {
    return E.left(forbidden(`mediator ${actor.id} mediates on ${actor.track === undefined ? 'no track (its token names none)' : `the ${actor.track} track`}; ${committee.right.name} on the ${track} track`))
  }
  const today = localDate(meta.at)
  const problems = agreementProblems(spot, report.parties, today, today, 'onTheSpot.')
  if (spot.form === 'written' && (spot.attachments ?? []).length === 0) {
    problems.push({ path: 'onTheSpot.attachments', message: 'expected the sha-256 of the signed agreement\'s scan: a mediator records a written agreement from the paper the parties signed' })
  }
  if (problems.length > 0) return E.left(validationError(problems))
  const effective = effectiveOn(spot, meta.at)
  const lateStart = performByProblem(spot.performBy, effective, 'onTheSpot.performBy')
  if (lateStart !== undefined) return E.left(validationError([lateStart]))
  const confirmable = mayBeConfirmed(track, report) && spot.concerns === undefined
  const deadline = confirmable ? confirmationDeadline(effective, policy.calendar) : undefined
  const named = committee.right.mediators.find((m) => m.id === actor.id)
  const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
  return E.right([
    { type: 'DisputeAccepted', data: { ...clock, note: '现场调解' } },
    routed(committee.right, undefined, '现场调解'),
    { type: 'MediatorAssigned', data: { track, mediator: defined({ id: actor.id, jurisdiction: actor.jurisdiction, name: named?.name ?? actor.name }) } },
    // The mediation itself, on the spot: one session, its minutes the mediator's record (or the terms agreed).
    {
      type: 'MediationSessionHeld',
      data: defined({ session: 1, track, mediatorId: actor.id, minutes: spot.minutes ?? `现场调解，当场达成协议：${spot.terms.join('；')}`, location: spot.location }),
    },
    {
      type: 'MediationAgreed',
      data: defined({
        track,
        mediatorId: actor.id,
        form: spot.form,
        terms: spot.terms,
        signatures: spot.signatures?.map((s) => ({ party: s.party, signedOn: s.signedOn })),
        mediatorSignedOn: spot.mediatorSignedOn,
        reachedOn: spot.reachedOn,
        concerns: spot.concerns,
        effectiveOn: effective,
        performBy: spot.performBy,
        confirmationDeadline: deadline,
        committeeId: committee.right.id,
        onTheSpot: true,
        location: spot.location,
        facts: spot.facts,
        performance: spot.performance,
        attachments: spot.attachments?.map((a) => ({ sha256: a.sha256, kind: 'agreement' })),
        complaintId: report.complaintId,
        calendar:
          deadline === undefined
            ? undefined
            : stampOf(policy.calendar, `${effective}T12:00:00+08:00`, deadline, { days: CONFIRMATION_WINDOW_DAYS, unit: 'statutory-days' }),
      }),
    },
  ])
}
