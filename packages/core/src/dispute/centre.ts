import * as E from 'fp-ts/lib/Either.js'
import { ancestors, isWithin } from '../access/jurisdiction.js'
import type { Track } from '../kernel/actor.js'
import { validationError, type DomainError } from '../kernel/errors.js'
import type { DisputeCategory, RiskAssessment } from './commands.js'
import { CATEGORY_OF_KIND, sitsOn, type Committee, type CommitteeRegistry } from './committees.js'
import type { DisputeEvent } from './events.js'
import type { Risk, RoutedCommittee } from './state.js'

// The intake side of "一个中心管化解": risk grades and their escalation, and routing (分流) to committees.

/** The street a place lies in (its street-level ancestor); a place above the street level is its own. */
export const streetOf = (jurisdiction: string): string => ancestors(jurisdiction)[2] ?? jurisdiction

/**
 * The events of a (re)grading: the grade, and when it rises to high from anything else, the escalation to the street
 * at once (DOMAIN.md "Dispute": high risk is escalated to the street at once and shown on the dashboard).
 */
export const riskEvents = (previous: Risk | undefined, assessment: RiskAssessment, jurisdiction: string): DisputeEvent[] => {
  const graded: DisputeEvent = {
    type: 'DisputeRiskGraded',
    data: { grade: assessment.grade, reason: assessment.reason, ...(previous === undefined ? {} : { previousGrade: previous.grade }) },
  }
  if (assessment.grade !== 'high' || previous?.grade === 'high') return [graded]
  return [graded, { type: 'DisputeEscalated', data: { to: streetOf(jurisdiction), grade: 'high', reason: assessment.reason } }]
}

const fieldError = (path: string, message: string): DomainError => validationError([{ path, message }])

const listed = (registry: CommitteeRegistry): string =>
  registry.committees.size === 0 ? 'no committees are configured' : `one of ${[...registry.committees.keys()].join(', ')}`

/**
 * The committee a dispute in `jurisdiction` of `category` may be routed to by id, or why not (at `path`): it must be
 * configured, mediate where the dispute lies, and — a specialist committee — be of the dispute's category.
 */
export const committeeFor = (
  registry: CommitteeRegistry,
  id: string,
  dispute: { readonly jurisdiction: string; readonly category?: DisputeCategory },
  path: string,
): E.Either<DomainError, Committee> => {
  const committee = registry.committees.get(id)
  if (committee === undefined) return E.left(fieldError(path, `expected a configured committee (${listed(registry)})`))
  if (!isWithin(committee.jurisdiction, dispute.jurisdiction)) {
    return E.left(fieldError(path, `expected a committee that mediates in ${dispute.jurisdiction}: ${committee.name} mediates in ${committee.jurisdiction}`))
  }
  const only = CATEGORY_OF_KIND[committee.kind]
  if (only !== undefined && dispute.category !== only) {
    return E.left(fieldError(path, `expected a committee for ${dispute.category ?? 'this'} disputes: ${committee.name} mediates ${only} disputes only`))
  }
  return E.right(committee)
}

/** The routing event. */
export const routed = (committee: Committee, previous: RoutedCommittee | undefined, reason: string | undefined): DisputeEvent => ({
  type: 'DisputeRouted',
  data: {
    committeeId: committee.id,
    committeeName: committee.name,
    kind: committee.kind,
    track: committee.track,
    ...(committee.centre === undefined ? {} : { centre: committee.centre }),
    ...(previous === undefined ? {} : { previousCommitteeId: previous.id }),
    ...(reason === undefined ? {} : { reason }),
  },
})

/**
 * Once a dispute is routed, only its committee's mediators are eligible, on the committee's track: why a mediator
 * (`mediator.id`) or a track (`track`) is refused, or undefined. Membership is the committee file's as it is now.
 * Not routed (or transferred off its committee's track), a mediator who sits on a committee is still that committee's,
 * and mediates on its track (DOMAIN.md: a mediator has a track): on another one, `mediator.id` is refused — they could
 * take no step on the case (`authorize` holds a mediator to its own track). A mediator on no committee the server holds
 * no track for at assignment; their own track is checked on every step they take.
 */
export const eligibility = (
  registry: CommitteeRegistry,
  committee: RoutedCommittee | undefined,
  mediatorId: string,
  track: Track,
): DomainError | undefined => {
  if (committee === undefined) {
    const seat = registry.committees.get(registry.committeeOfMediator.get(mediatorId) ?? '')
    if (seat === undefined || seat.track === track) return undefined
    return fieldError('mediator.id', `expected a mediator on the ${track} track: ${mediatorId} sits on ${seat.name} (${seat.id}), which mediates on the ${seat.track} track`)
  }
  const now = registry.committees.get(committee.id)
  if (now === undefined) return fieldError('mediator.id', `expected a mediator of ${committee.name} (${committee.id}), where the dispute was routed, but that committee is no longer configured: route it again`)
  if (!sitsOn(now, mediatorId)) {
    const names = now.mediators.map((m) => `${m.id} (${m.name})`).join(', ')
    return fieldError('mediator.id', `expected a mediator of ${now.name} (${now.id}), where the dispute was routed: one of ${names}; ${mediatorId} does not sit on it`)
  }
  if (track !== now.track) return fieldError('track', `expected ${now.track}: ${now.name} mediates on that track`)
  return undefined
}
