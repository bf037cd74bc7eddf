import * as E from 'fp-ts/lib/Either.js'
import type { Actor } from '../kernel/actor.js'
import { isWithin } from '../access/jurisdiction.js'
import { authorize, courtName, sameCourt, type CaseScope } from '../access/permissions.js'
import { localDate } from '../calendar/dates.js'
import { stampOf, type Counted } from '../calendar/stamp.js'
import { declaredOnly } from '../kernel/codec.js'
import { DeadlineReminderData } from '../calendar/reminder.js'
import { maskName } from '../privacy/mask.js'
import { ERASED, isGone } from '../privacy/sealed.js'
import {
  alreadyExists,
  deadlinePassed,
  forbidden,
  invalidTransition,
  notFound,
  personalDataGone,
  validationError,
  type DomainError,
  type FieldError,
} from '../kernel/errors.js'
import type { CommandMeta } from '../kernel/meta.js'
import {
  MediatorRef,
  RecordFollowUpData,
  RecordFulfilmentData,
  RecordSessionData,
  ReferToLitigationData,
  ReportDisputeData,
  Signature,
  SubmitDocumentsData,
  type DisputeCommand,
  type DisputeCommandType,
  type Fulfilment,
  type ReportDispute,
} from './commands.js'
import type { CloseOutcome, DisputeEvent } from './events.js'
import { applyForEnforcement, enforceable, extendCourtReview, isCourtsOwn, recordConfirmation, recordCourtAcceptance } from './court.js'
import { partyOfResident } from './parties.js'
import { agreementProblems } from './agreement.js'
import { committeeFor, eligibility, riskEvents, routed } from './centre.js'
import { onTheSpot } from './onTheSpot.js'
import { rebaseDeadlines } from './rebase.js'
import {
  CONFIRMABLE_TRACKS,
  CONFIRMATION_WINDOW_DAYS,
  COURT_DECISION_DAYS,
  confirmationDeadline,
  courtDecisionDeadline,
  defaultDisputePolicy,
  effectiveOn,
  entrustmentReceiptDeadline,
  extendedDeadline,
  isPast,
  mayBeConfirmed,
  stageOfCaseNumber,
  mediationCountOf,
  mediationDeadline,
  partyActedAt,
  performByProblem,
  PERMISSIONS,
  SOURCE_ROLES,
  TRACK_OF_COMMAND,
  type DisputePolicy,
} from './policy.js'
import { evolve, STATUSES, type DisputeState, type DisputeStatus } from './state.js'

// How a case closes, by where it stands.
/**
 * A court's decisions are its own clerk's (DOMAIN.md "Jurisdiction and actors": recorded only by a court-clerk;
 * 法释〔2011〕5号 arts. 4–5: the court the application was made to decides it): a clerk whose token names its court may
 * not record the decisions on an application made to another — the intermediate court's clerk, scoped to the whole
 * city, on a district court's application, or the reverse. A clerk naming no court is held to its scope alone.
 */
const ofTheCourt = (actor: Actor, c: DisputeState): E.Either<DomainError, never> | undefined => {
  const applied = c.confirmation?.court
  if (actor.role !== 'court-clerk' || actor.court === undefined || applied === undefined) return undefined
  if (sameCourt(actor.court, applied)) return undefined
  return E.left(forbidden(`court-clerk ${actor.id} of ${actor.court} may not record the decisions of ${applied}, which the application was made to`))
}

const CLOSE_OUTCOME_OF: Partial<Record<DisputeStatus, CloseOutcome>> = {
  'followed-up': 'mediated',
  declined: 'declined',
  'referred-to-litigation': 'litigation',
}

type Outcome = E.Either<DomainError, readonly DisputeEvent[]>

/** The commands on an existing case (ReportDispute opens one). */
type StepType = Exclude<DisputeCommandType, 'ReportDispute'>
type DataOf<K extends DisputeCommandType> = Extract<DisputeCommand, { type: K }>['data']

interface Ctx<K extends StepType> {
  readonly c: DisputeState
  readonly data: DataOf<K>
  readonly meta: CommandMeta
  readonly actor: Actor
  readonly policy: DisputePolicy
  readonly type: K
}

/** One command on an existing case: the states it may come from, and what it decides there. */
interface Step<K extends StepType> {
  readonly from: readonly DisputeStatus[]
  readonly decide: (ctx: Ctx<K>) => Outcome
}

const step = <K extends StepType>(from: readonly DisputeStatus[], run: (ctx: Ctx<K>) => Outcome): Step<K> => ({
  from,
  decide: (ctx) => (from.includes(ctx.c.status) ? run(ctx) : E.left(invalidTransition(ctx.c.status, ctx.type))),
})

/** Drops undefined fields so stored event data holds only what was said. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

const ok = (...events: readonly DisputeEvent[]): Outcome => E.right(events)
const invalid = (...errors: FieldError[]): Outcome => E.left(validationError(errors))
const fail = (path: string, message: string): Outcome => invalid({ path, message })
const refuse = (ctx: { readonly c: DisputeState; readonly type: DisputeCommandType }, why: string): Outcome => E.left(invalidTransition(ctx.c.status, ctx.type, why))

/** The residents a dispute belongs to besides its reporter: the parties who have an account. */
const partyResidents = (state: DisputeState): readonly string[] =>
  state.parties.flatMap((p) => (p.residentId === undefined ? [] : [p.residentId]))

/** The mediator the case is assigned to, if any: the only one who may read it and act on it. */
const mediatorsOf = (state: DisputeState): readonly string[] => (state.mediator === undefined ? [] : [state.mediator.id])

/**
 * Has the case come before a court — entrusted by it (诉前委派), or 司法确认 applied for? Only then do the court's
 * clerks (in its district) see it.
 */
const beforeCourt = (state: DisputeState): true | undefined => (state.confirmation === undefined && state.source !== 'court-entrusted' ? undefined : true)

/** The courts it is before, trimmed (`CaseScope.courts`): the entrusting court and the court applied to; undefined for none. */
const courtsOf = (state: DisputeState): readonly string[] | undefined => {
  const courts = [state.source === 'court-entrusted' ? state.court : undefined, state.confirmation?.court]
    .filter((c): c is string => c !== undefined)
    .map(courtName)
  return courts.length === 0 ? undefined : [...new Set(courts)]
}

/** Where a case lies and whose it is (reporter and parties): what `authorize` and `canRead` check. */
export const scopeOf = (state: DisputeState): CaseScope | undefined =>
  state.status === 'none'
    ? undefined
    : defined({
        jurisdiction: state.jurisdiction,
        ownerId: state.ownerId,
        residents: partyResidents(state),
        track: state.track,
        mediators: mediatorsOf(state),
        committee: state.committee?.id,
        court: beforeCourt(state),
        courts: courtsOf(state),
      })

// Some commands are checked against another track than the case's own (the court's decision is judicial).
const scopeFor = (state: DisputeState, command: DisputeCommandType): CaseScope =>
  defined({
    jurisdiction: state.jurisdiction,
    ownerId: state.ownerId,
    residents: partyResidents(state),
    track: TRACK_OF_COMMAND[command] ?? state.track,
    mediators: mediatorsOf(state),
    committee: state.committee?.id,
    court: beforeCourt(state),
    courts: courtsOf(state),
  })

const report = (command: ReportDispute, state: DisputeState, policy: DisputePolicy): Outcome => {
  const { data, meta } = command
  // One answer whoever asks: neither the case's state nor whether the caller may act on it (HTTP.md: never reveal a case).
  if (state.status !== 'none') return E.left(alreadyExists())
  const allowed = authorize(
    meta.actor,
    { command: `report a dispute (${data.source})`, roles: SOURCE_ROLES[data.source] },
    defined({
      jurisdiction: data.jurisdiction,
      ownerId: meta.actor.role === 'resident' ? meta.actor.id : undefined,
      // No track, whatever the source: a case is put on one when the centre assigns it (MediatorAssigned). A court
      // entrusts to the 特邀调解组织 and 特邀调解员 on its roster (法释〔2016〕14号, 最高人民法院关于人民法院特邀调解的规定;
      // the article not verified against the official text) — mostly people's mediation committees (人民调解法 art. 18:
      // the court tells the parties to apply to one), also administrative ones and the court's own (judicial) — so a
      // mediator of any track records what the court sent it; it acts on the case only once assigned, on that track.
      // 诉前委派: the court's clerks (in the court's district) entrust it: the case is the court's as well as the centre's.
      court: data.source === 'court-entrusted' ? true : undefined,
      // … that court's: a clerk whose token names another court does not entrust in its name.
      courts: data.source === 'court-entrusted' && data.court !== undefined ? [courtName(data.court)] : undefined,
      // A mediator opens a case as the one it is with; the case is theirs once a street officer assigns it. A dispute
      // always names its mediators (none yet): it is a mediation case, which a centre officer may open.
      mediators: meta.actor.role === 'mediator' ? [meta.actor.id] : [],
    }),
  )
  if (E.isLeft(allowed)) return allowed
  if (meta.actor.role === 'resident' && partyOfResident(data.parties, meta.actor.id) === undefined) {
    return E.left(forbidden(`resident ${meta.actor.id} may apply only as one of the parties (residentId)`))
  }
  if (data.source === 'referral' && data.complaintId === undefined) {
    return fail('complaintId', 'is required for a dispute referred from a complaint')
  }
  if (data.source === 'court-entrusted' && data.court === undefined) {
    return fail('court', 'is required for a court-entrusted dispute')
  }
  if (data.source !== 'court-entrusted' && (data.court !== undefined || data.courtCaseNumber !== undefined || data.stage !== undefined || data.procedure !== undefined)) {
    return fail(data.court !== undefined ? 'court' : data.courtCaseNumber !== undefined ? 'courtCaseNumber' : data.stage !== undefined ? 'stage' : 'procedure', 'is only for a court-entrusted dispute')
  }
  // The court entrusts under its case number (案号 of the 诉前调解 case, or of the filed case it entrusts mediation in): a
  // clerk gives it, and a filed case always has one.
  if ((meta.actor.role === 'court-clerk' || data.stage === 'filed') && data.courtCaseNumber === undefined) {
    return fail('courtCaseNumber', "is required when the court entrusts a dispute: the court's case number (案号)")
  }
  const stage = data.stage ?? 'pre-filing'
  // 简易程序 or 普通程序 is a filed case's (委托调解); before filing there is no case to be tried under either.
  if (data.procedure !== undefined && stage !== 'filed') {
    return fail('procedure', 'is only for a court-entrusted dispute in a filed case (stage filed, 委托调解)')
  }
  const numbered = data.courtCaseNumber === undefined ? undefined : stageOfCaseNumber(data.courtCaseNumber)
  if (numbered !== undefined && numbered !== stage) {
    return fail('stage', numbered === 'filed'
      ? `expected filed: ${data.courtCaseNumber} is the number of a case the court has filed (委托调解); before filing (诉前委派) the court entrusts under a 诉前调 number`
      : `expected pre-filing (or none): ${data.courtCaseNumber} is a 诉前调解 number (诉前委派); in a filed case (委托调解) the court entrusts under that case's number`)
  }
  // Only declared fields, at every level (a party's too), reach the append-only log; risk and the on-the-spot
  // agreement become events of their own.
  const { risk, onTheSpot: spot, ...declared } = declaredOnly(ReportDisputeData, data)
  const reported: DisputeEvent = {
    type: 'DisputeReported',
    data: defined({
      ...declared,
      ownerId: meta.actor.role === 'resident' ? meta.actor.id : undefined,
      reportedOn: localDate(meta.at),
      // 诉前委派 — 委派调解, 法释〔2016〕14号 (最高人民法院关于人民法院特邀调解的规定), the article on the periods (cited as
      // art. 27, not verified: policy.ts ENTRUSTED_IN_FILED_CASE_DAYS): 30 days, longer when both parties agree, counted from
      // the day the mediation side signs for the court's materials.
      // The period runs from the mediation side's receipt of the court's materials, not from the court's act: a centre
      // officer or mediator who records the entrustment has them in hand, so it starts now (and acceptance keeps it); a
      // court clerk's entrustment is received when the centre takes it in (AcceptDispute), and starts there.
      // Until then the centre has `entrustmentReceipt` (practice, not statute) to sign for it: the receipt clock.
      // 委托调解 (in a filed case, `stage: filed`): 15 days from the same receipt, 7 under 简易程序 (`procedure: simplified`)
      // (policy.ts ENTRUSTED_IN_FILED_CASE_DAYS, SIMPLIFIED_ENTRUSTED_DAYS).
      ...(data.source !== 'court-entrusted' ? {} : meta.actor.role === 'court-clerk' ? receiptClock(meta.at, policy) : mediationClock(meta.at, policy, data)),
      onTheSpot: spot === undefined ? undefined : true,
    }),
  }
  const graded = risk === undefined ? [] : riskEvents(undefined, risk, data.jurisdiction)
  if (spot === undefined) return ok(reported, ...graded)
  const agreed = onTheSpot(spot, data, meta, policy, mediationClock(meta.at, policy, data))
  // 诉前委派 agreed on the spot (a committee the court entrusted it to): the agreement goes back to the court as any
  // mediation's conclusion does, in the same append — reported from the case as the steps before it leave it (its
  // mediation deadline). Found when any track's mediator could record an entrustment: it was never reported.
  return E.map((events: readonly DisputeEvent[]) => {
    const opened = [reported, ...graded, ...events]
    const before = opened.filter((e) => ENTRUSTMENT_OUTCOME_OF[e.type] === undefined).reduce(evolve, state)
    return [...opened, ...reportToCourt(before, events, meta.at)]
  })(agreed)
}

/**
 * Refuses a command that names the parties by name — who signed an agreement, who agreed to an extension, for whom a
 * consent or an application is recorded — when their names read "erased" (the case's personal data erased) or
 * "unreadable" (in the server's store, the key it holds does not open them: replaced in the key table). The parties are
 * one subject (`dispute-<id>#parties`), so all their names read the placeholder or none does.
 *
 * Compared with the placeholder, every name the command gives is "not a party" and every party "missing": a validation
 * error (400) blaming the caller's input for what the case's data is, and naming the placeholder as if it were the
 * parties' names (found in review: "expected every party's signature; missing unreadable, unreadable"). Nor may the
 * placeholder itself be given as a name, matching every party at once. What the command would write (signatures, who
 * agreed, the party) is the parties' data, which sealing refuses under a destroyed key or one that does not open the
 * rest: so the decision refuses as sealing does, with the same code (HTTP 409 `personal-data-erased` or
 * `personal-data-unreadable`), whatever the store, and before any check of the input. (A party whose name is written
 * "erased" or "unreadable" in a store that seals nothing reads as gone too, as masking takes it: `isGone`.)
 */
const partiesGone = (c: DisputeState, what: string): DomainError | undefined => {
  const gone = c.parties.map((p) => p.name).find(isGone)
  if (gone === undefined) return undefined
  return gone === ERASED
    ? personalDataGone('erased', `the parties' personal data was erased (their names read "${gone}"): ${what} cannot be checked against them, nor recorded`)
    : personalDataGone('unreadable', `the parties' personal data cannot be read (their names read "${gone}": the key held does not open them, see gridcase audit verify): ${what} cannot be checked against them, nor recorded`)
}

type Confirming = 'ConsentToConfirmation' | 'ApplyForConfirmation'

/** The party a confirmation command (or an application for enforcement) speaks for: a resident for themself, anyone else names one. */
const partyActing = <K extends Confirming | 'ApplyForEnforcement'>(ctx: Ctx<K>): E.Either<DomainError, string> => {
  const { actor, c } = ctx
  const named = ctx.data.party
  // A resident is found by its account (in clear), but what is recorded is its party's name: the placeholder, once gone.
  const gone = partiesGone(c, 'the party it is recorded for')
  if (gone !== undefined) return E.left(gone)
  if (actor.role === 'resident') {
    const own = partyOfResident(c.parties, actor.id)
    if (own === undefined) return E.left(forbidden(`resident ${actor.id} is not a party to dispute ${c.id}`))
    if (named !== undefined && named !== own.name) return E.left(forbidden(`resident ${actor.id} speaks only for ${own.name}`))
    return E.right(own.name)
  }
  if (named === undefined) return E.left(validationError([{ path: 'party', message: 'is required: the party on whose behalf this is recorded' }]))
  if (!c.parties.some((p) => p.name === named)) return E.left(validationError([{ path: 'party', message: 'expected the name of a party' }]))
  return E.right(named)
}

// Checks shared by consent and application: an agreement that may go to the court (its 30 days' end, and the day it took effect).
const confirmable = <K extends Confirming>(ctx: Ctx<K>): E.Either<DomainError, { readonly deadline: string; readonly effectiveOn: string }> => {
  const agreement = ctx.c.agreement
  if (agreement?.concerns !== undefined) {
    // 民事诉讼法解释 art. 355 (法释〔2011〕5号 art. 4 ¶2): the court does not accept an application on such a matter (UNCONFIRMABLE_MATTERS).
    return E.left(invalidTransition(ctx.c.status, ctx.type, `an agreement on ${agreement.concerns} cannot be judicially confirmed`))
  }
  if (agreement === undefined || !mayBeConfirmed(agreement.track, ctx.c) || agreement.confirmationDeadline === undefined) {
    return E.left(
      invalidTransition(ctx.c.status, ctx.type, `only an agreement reached in ${CONFIRMABLE_TRACKS.join(' or ')} mediation, or in a court-entrusted one before the court filed a case (诉前委派), can be judicially confirmed`),
    )
  }
  // Confirmed already (a fulfilment recorded after it): nothing to apply for. A ruling on an earlier agreement — 驳回, then
  // mediation again and a new agreement — does not bar an application on the new one.
  if (ctx.c.confirmation?.outcome === 'confirmed') return E.left(invalidTransition(ctx.c.status, ctx.type, 'the court has already confirmed the agreement'))
  return E.right({ deadline: agreement.confirmationDeadline, effectiveOn: agreement.effectiveOn })
}

// … and its 30-day window still open at `when`: the instant the party acted — when it is recorded, or, for an application
// recorded after it was filed, the day the court received it.
const withinWindow = (agreement: { readonly deadline: string; readonly effectiveOn: string }, when: string): E.Either<DomainError, string> =>
  isPast(agreement.deadline, when)
    ? E.left(deadlinePassed(agreement.deadline, `judicial confirmation must be applied for within 30 days of ${agreement.effectiveOn} (by ${agreement.deadline})`))
    : E.right(agreement.deadline)

/**
 * A day a party acted on (a filing, a consent) given with a record made later: not after the day it is recorded, nor before
 * the agreement took effect (none known: no lower bound). The problem at `field`, or undefined.
 */
const dayOutside = (field: string, day: string, today: string, effectiveOn: string | undefined): FieldError | undefined =>
  day > today
    ? { path: field, message: `expected a date not after ${today}, the day this is recorded` }
    : effectiveOn !== undefined && day < effectiveOn
      ? { path: field, message: `expected a date not before ${effectiveOn}, the day the agreement took effect` }
      : undefined

/**
 * The instant the party acted, for a consent or application recorded after it: `day` (signedOn, filedOn) at noon China
 * time (`partyActedAt`), else when it is recorded. Not after the day recorded (what the party did is past), not before
 * the agreement took effect (nothing to consent to or apply for): 400 at `field`.
 */
const actedAt = <K extends Confirming>(ctx: Ctx<K>, effectiveOn: string, day: string | undefined, field: string): E.Either<DomainError, string> => {
  if (day === undefined) return E.right(ctx.meta.at)
  const outside = dayOutside(field, day, localDate(ctx.meta.at), effectiveOn)
  if (outside !== undefined) return E.left(validationError([outside]))
  // After the court refused (不予受理), what is recorded now is the parties' new joint act (民事诉讼法 art. 205): a filing or
  // a consent dated before the refusal's day is the one the court refused (the consents do not carry over, state.ts).
  // The refusal's day itself is taken. A refusal recorded before it carried its day (no refusedOn): as before.
  const refused = ctx.c.confirmation?.acceptance === 'refused' ? ctx.c.confirmation.refusedOn : undefined
  if (refused !== undefined && day < refused) {
    return E.left(validationError([{ path: field, message: `expected a date not before ${refused}, the day the court refused the earlier application (不予受理): the parties apply again together` }]))
  }
  return E.right(partyActedAt(day))
}

const MEDIATING: readonly DisputeStatus[] = ['mediator-assigned', 'session-held']
/** States in which a case may be held by a mediator and so be reassigned. */
const REASSIGNABLE: readonly DisputeStatus[] = [
  'mediator-assigned', 'session-held', 'agreement-reached', 'mediation-failed', 'confirmation-applied', 'confirmation-accepted',
  'confirmation-refused', 'confirmation-rejected', 'confirmed', 'fulfilment-recorded', 'enforcement-applied', 'followed-up',
]
/**
 * Where a party may file its documents (提交材料): while the case is handled — from its report until it is closed, but
 * not once declined or referred to litigation (the documents then go to the court, not here).
 */
const FILING: readonly DisputeStatus[] = STATUSES.filter((status) => !['none', 'declined', 'referred-to-litigation', 'closed'].includes(status))
/** After the court refused or rejected the agreement the case may go back to mediation, or to litigation. */
const AFTER_COURT: readonly DisputeStatus[] = ['confirmation-refused', 'confirmation-rejected']
/**
 * Where the parties may consent to and apply for 司法确认 — the 30 days (人民调解法 art. 33, 民事诉讼法 art. 205, 2023
 * numbering) are the only bound the statutes set: an agreement reached; again after the court refused to accept an
 * application (不予受理, e.g. 民事诉讼法解释 art. 355 (二): not the court applied to), to the competent court; and after a
 * fulfilment recorded before any ruling (one party stopped paying: the confirmation is what makes the rest enforceable,
 * art. 206). Not after 驳回 (confirmation-rejected), nor once confirmed: the court has ruled on the agreement itself
 * (`confirmationWindow` refuses a fulfilment recorded after its confirmation); a new agreement reached after 驳回 is
 * applied for as any other.
 */
const CONFIRMING: readonly DisputeStatus[] = ['agreement-reached', 'confirmation-refused', 'fulfilment-recorded']

/**
 * Where an agreement recorded performed or not (履行) stands: a fulfilment recorded, the 回访 after it, and the case closed
 * after the visit — where an unconfirmed agreement, performed or not, may still be sued on (人民调解法 art. 32).
 */
const AFTER_AGREEMENT: readonly DisputeStatus[] = ['fulfilment-recorded', 'followed-up', 'closed']

/** How far performance has gone: a fulfilment recorded again never goes back. */
const FULFILMENT_RANK: Readonly<Record<Fulfilment, number>> = { none: 0, partial: 1, full: 2 }

const statutory = (days: number): Counted => ({ days, unit: 'statutory-days' })
/**
 * A new mediation deadline from `at`, with the calendar that counted it and how: the dispute's period — 15 statutory days
 * for 委托调解 (a court's entrustment in a filed case, ENTRUSTED_IN_FILED_CASE_DAYS; 7 under 简易程序,
 * SIMPLIFIED_ENTRUSTED_DAYS), else the policy's.
 */
const mediationClock = (at: string, policy: DisputePolicy, dispute: Parameters<typeof mediationCountOf>[1]) => {
  const { counted, calendar } = mediationCountOf(policy, dispute)
  const deadline = mediationDeadline(at, policy, dispute)
  return { mediationDeadline: deadline, calendar: stampOf(calendar, at, deadline, counted) }
}

/**
 * A clerk's entrustment's receipt deadline from `at`, with the calendar that counted it and how (working or statutory
 * days, both the calendar's): what a rebase counts again when a new holiday schedule is loaded.
 */
const receiptClock = (at: string, policy: DisputePolicy) => {
  const deadline = entrustmentReceiptDeadline(at, policy)
  return { receiptDeadline: deadline, calendar: stampOf(policy.calendar, at, deadline, policy.entrustmentReceipt) }
}

/** A command rebuilt from its context, for the steps kept in their own files (court.ts, rebase.ts). */
const commandOf = <K extends StepType>(ctx: Ctx<K>) => ({ type: ctx.type, data: ctx.data, meta: ctx.meta })

const steps: { readonly [K in StepType]: Step<K> } = {
  // A court-entrusted case the centre recorded keeps the deadline it came with (counted from that receipt, 法释〔2016〕14号
  // art. 27); others — a clerk's entrustment included, received now — start the clock here.
  // A case written before that rule (a clerk's DisputeReported that carries a deadline from the entrustment) keeps it
  // too: the deadline the system told people stands. `receivedOn` (签字接收) dates a clerk's entrustment's receipt.
  AcceptDispute: step(['reported'], (ctx) => {
    const entrusted = ctx.c.source === 'court-entrusted' ? ctx.c.mediationDeadline : undefined
    const { receivedOn } = ctx.data
    if (receivedOn !== undefined) {
      if (ctx.c.source !== 'court-entrusted' || entrusted !== undefined) {
        return fail('receivedOn', "is only for a court clerk's entrustment (诉前委派) the centre has not yet received")
      }
      if (ctx.c.reportedOn !== undefined && receivedOn < ctx.c.reportedOn) return fail('receivedOn', `expected a date not before the entrustment (${ctx.c.reportedOn})`)
      const today = localDate(ctx.meta.at)
      if (receivedOn > today) return fail('receivedOn', `expected a date not after the acceptance (${today})`)
    }
    // Received on an earlier day: the period counts from that day (the day itself not counted, so any time of it will do).
    const from = receivedOn === undefined || receivedOn === localDate(ctx.meta.at) ? ctx.meta.at : `${receivedOn}T00:00:00+08:00`
    const clock = entrusted === undefined ? mediationClock(from, ctx.policy, ctx.c) : { mediationDeadline: entrusted, calendar: ctx.c.counted?.mediation?.[0] }
    return ok({ type: 'DisputeAccepted', data: defined({ ...clock, note: ctx.data.note, receivedOn }) })
  }),

  DeclineDispute: step(['reported'], (ctx) => ok({ type: 'DisputeDeclined', data: defined({ reason: ctx.data.reason, complaintId: ctx.c.complaintId }) })),

  // A case that has a mediator changes hands by `reassign` (with a reason), not by assigning again.
  AssignMediator: step(['accepted', 'transferred', ...AFTER_COURT], (ctx) => {
    const { track, mediator } = ctx.data
    if (ctx.c.status !== 'accepted' && ctx.c.track !== undefined && track !== ctx.c.track) {
      return fail('track', `expected ${ctx.c.track}: the case is on that track (move it with transfer)`)
    }
    // Back to mediation after the court, the case is still held by its mediator: assigned again to them; another
    // mediator takes it by `reassign` — a street officer or the centre, with a reason, naming the one who held it
    // (DOMAIN.md "Jurisdiction and actors"), not by an assignment that names neither.
    const holder = ctx.c.mediator
    if (holder !== undefined && holder.id !== mediator.id) {
      return refuse(ctx, `the case is held by ${holder.id}: another mediator takes it by reassign (a street officer or the mediation centre, with a reason)`)
    }
    if (!isWithin(mediator.jurisdiction, ctx.c.jurisdiction)) {
      return fail('mediator.jurisdiction', `expected a mediator whose jurisdiction contains ${ctx.c.jurisdiction}`)
    }
    // 分流: once routed, the committee's mediators (and only they) are eligible.
    const ineligible = eligibility(ctx.policy.committees, ctx.c.committee, mediator.id, track)
    if (ineligible !== undefined) return E.left(ineligible)
    // Back to mediation after the court (DOMAIN.md: "A rejected agreement may go back to mediation"): a mediation of its
    // own, with its own 30 days (the dispute's period) from today — the earlier period ended with the agreement (as a
    // transfer's does, above).
    const clock = AFTER_COURT.includes(ctx.c.status) ? mediationClock(ctx.meta.at, ctx.policy, ctx.c) : {}
    return ok({ type: 'MediatorAssigned', data: { track, mediator: defined(declaredOnly(MediatorRef, mediator)), ...clock } })
  }),

  // Not from `accepted` (that is assign-mediator); any later state while the case still has a mediator.
  ReassignMediator: step(REASSIGNABLE, (ctx) => {
    const { track, mediator: previous } = ctx.c
    const { mediator, reason } = ctx.data
    if (track === undefined || previous === undefined) return refuse(ctx, 'no mediator on the case to reassign from')
    if (mediator.id === previous.id) return fail('mediator.id', `expected another mediator than ${previous.id}, who holds the case`)
    if (!isWithin(mediator.jurisdiction, ctx.c.jurisdiction)) {
      return fail('mediator.jurisdiction', `expected a mediator whose jurisdiction contains ${ctx.c.jurisdiction}`)
    }
    const ineligible = eligibility(ctx.policy.committees, ctx.c.committee, mediator.id, track)
    if (ineligible !== undefined) return E.left(ineligible)
    return ok({
      type: 'MediatorReassigned',
      data: { track, mediator: defined(declaredOnly(MediatorRef, mediator)), previousMediatorId: previous.id, reassignedBy: ctx.actor.id, reason },
    })
  }),

  RecordSession: step(MEDIATING, (ctx) => {
    const { track, mediator } = ctx.c
    if (track === undefined || mediator === undefined) return refuse(ctx, 'no mediator on the case')
    return ok({ type: 'MediationSessionHeld', data: defined({ session: ctx.c.sessions + 1, track, mediatorId: mediator.id, ...declaredOnly(RecordSessionData, ctx.data) }) })
  }),

  RecordAgreement: step(['session-held'], (ctx) => {
    const { form, terms, signatures, mediatorSignedOn, reachedOn, concerns } = ctx.data
    const { track, mediator, parties } = ctx.c
    if (track === undefined || mediator === undefined) return refuse(ctx, 'no mediator on the case')
    // Written or oral: the agreement is the parties' (their signatures, the terms about them).
    const gone = partiesGone(ctx.c, 'the agreement (who signed it, the terms between them)')
    if (gone !== undefined) return E.left(gone)
    const problems = agreementProblems(ctx.data, parties, ctx.c.reportedOn, localDate(ctx.meta.at))
    // A written agreement is recorded from the paper every party and the mediator signed (人民调解法 art. 29), as the
    // on-the-spot one is (onTheSpot.ts), and goes with the 司法确认 application (法释〔2011〕5号 art. 3): its scan is kept.
    if (form === 'written' && !(ctx.data.attachments ?? []).some((a) => a.kind === 'agreement')) {
      problems.push({ path: 'attachments', message: "expected the signed agreement's scan (kind agreement, its sha-256 from POST /api/v1/attachments): a written agreement is recorded from the paper the parties and the mediator signed" })
    }
    if (problems.length > 0) return invalid(...problems)
    const effective = effectiveOn(ctx.data, ctx.meta.at)
    const lateStart = performByProblem(ctx.data.performBy, effective, 'performBy')
    if (lateStart !== undefined) return invalid(lateStart)
    const confirmable = mayBeConfirmed(track, ctx.c) && concerns === undefined
    const deadline = confirmable ? confirmationDeadline(effective, ctx.policy.calendar) : undefined
    return ok({
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
        attachments: ctx.data.attachments,
        effectiveOn: effective,
        performBy: ctx.data.performBy,
        confirmationDeadline: deadline,
        committeeId: ctx.c.committee?.id,
        complaintId: ctx.c.complaintId,
        calendar: deadline === undefined ? undefined : stampOf(ctx.policy.calendar, `${effective}T12:00:00+08:00`, deadline, statutory(CONFIRMATION_WINDOW_DAYS)),
      }),
    })
  }),

  RecordFailure: step(MEDIATING, (ctx) => {
    const { track } = ctx.c
    if (track === undefined) return refuse(ctx, 'no track on the case')
    return ok({ type: 'MediationFailed', data: defined({ track, reason: ctx.data.reason, mediatorId: ctx.c.mediator?.id, complaintId: ctx.c.complaintId }) })
  }),

  TransferDispute: step([...MEDIATING, 'mediation-failed', 'transferred', ...AFTER_COURT], (ctx) => {
    const from = ctx.c.track
    if (from === undefined) return refuse(ctx, 'no track to transfer from')
    if (ctx.data.to === from) return fail('to', `expected a track other than ${from}, where the case already is`)
    return ok({
      type: 'DisputeTransferred',
      data: defined({ hop: ctx.c.transfers.length + 1, from, to: ctx.data.to, reason: ctx.data.reason, mediatorId: ctx.c.mediator?.id, ...mediationClock(ctx.meta.at, ctx.policy, ctx.c) }),
    })
  }),

  // Also an agreement the court has not confirmed, performed or not: 人民调解法 art. 32 ("经人民调解委员会调解达成调解协议后，
  // 当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼") — a dispute over the agreement's
  // performance or over its content goes to court by a suit (none, in part, full alike): performed in full, a party may
  // still sue over its content, to have it varied, revoked or declared void (民法典 arts. 147–151 revocable, 153–154
  // void; whether a claim to revoke has lapsed, art. 152, is the court's to judge: the 台账 records the suit filed. Found
  // in review: refused as "performed in full", and a suit really filed went unrecorded). A confirmed one is enforced instead (art. 33 ¶2).
  // Art. 32 sets no moment after which the suit is barred: after the 回访 too (followed-up, found in review: refused), and
  // after the case was closed on it — recorded on the closed case without moving it (state.ts `litigationAfterClose`):
  // its closing stands (结案归档, the mediation ended with an agreement), and the 台账 shows it went to court. Once: the
  // court has it then.
  ReferToLitigation: step([...MEDIATING, 'mediation-failed', 'transferred', ...AFTER_COURT, ...AFTER_AGREEMENT], (ctx) => {
    if (AFTER_AGREEMENT.includes(ctx.c.status)) {
      const { c } = ctx
      if (c.status === 'closed') {
        if (c.litigationAfterClose === true) return refuse(ctx, 'the case was referred to litigation already after it was closed: the court has it')
        if (c.outcome !== 'mediated' || c.agreement === undefined) return refuse(ctx, `the case was closed as ${c.outcome ?? 'concluded'}, not on an agreement: nothing to sue on under 人民调解法 art. 32`)
      }
      if (c.confirmation?.outcome === 'confirmed') return refuse(ctx, 'the court confirmed the agreement (司法确认): its remedy is enforcement — a party applies for it (申请强制执行, apply-enforcement), not a new suit')
      // Judicial mediation's agreement is the court's 调解书: enforced as it stands, never sued on again (一事不再理).
      if (isCourtsOwn(c)) return refuse(ctx, "the agreement is the court's own 调解书 (judicial mediation): a party applies for its enforcement (apply-enforcement), not a suit")
    }
    return ok({ type: 'ReferredToLitigation', data: defined({ ...declaredOnly(ReferToLitigationData, ctx.data), track: ctx.c.track, mediatorId: ctx.c.mediator?.id, complaintId: ctx.c.complaintId }) })
  }),

  ExtendMediation: step(['accepted', ...MEDIATING, 'transferred'], (ctx) => {
    const { days, reason, agreedBy } = ctx.data
    const { parties } = ctx.c
    const previous = ctx.c.mediationDeadline
    if (previous === undefined) return refuse(ctx, 'no mediation deadline to extend')
    if (isPast(previous, ctx.meta.at)) return E.left(deadlinePassed(previous, `the mediation deadline ${previous} has passed; it can no longer be extended`))
    const gone = partiesGone(ctx.c, 'who agreed to the extension')
    if (gone !== undefined) return E.left(gone)
    const strangers = agreedBy.flatMap((name, i) => (parties.some((p) => p.name === name) ? [] : [{ path: `agreedBy[${i}]`, message: 'expected the name of a party' }]))
    if (strangers.length > 0) return invalid(...strangers)
    const missing = parties.filter((p) => !agreedBy.includes(p.name)).map((p) => p.name)
    if (missing.length > 0) return fail('agreedBy', `expected every party to agree to the extension; missing ${missing.join(', ')}`)
    // Counted as the period it extends (委托调解's in statutory days: mediationCountOf).
    const { counted, calendar: counting } = mediationCountOf(ctx.policy, ctx.c, days)
    const deadline = extendedDeadline(previous, days, ctx.policy, ctx.c)
    const calendar = stampOf(counting, previous, deadline, counted, true)
    return ok({ type: 'MediationExtended', data: { previousDeadline: previous, deadline, days, reason, agreedBy, calendar } })
  }),

  // `signedOn`: a consent recorded after the party signed it (it filed the joint application on day 30; the centre records
  // both on day 31) is judged on that day, as the application on its `filedOn` (人民调解法 art. 33: the parties' act bounds
  // the 30 days, not the day staff record it) — else the application of day 30 could never be completed.
  ConsentToConfirmation: step(CONFIRMING, (ctx) => {
    const agreement = confirmable(ctx)
    if (E.isLeft(agreement)) return agreement
    const { signedOn } = ctx.data
    const acted = actedAt(ctx, agreement.right.effectiveOn, signedOn, 'signedOn')
    if (E.isLeft(acted)) return acted
    const window = withinWindow(agreement.right, acted.right)
    if (E.isLeft(window)) return window
    const party = partyActing(ctx)
    if (E.isLeft(party)) return party
    // DOMAIN.md: consent is the party's own act; anyone else records it only from the document the party signed.
    const { documentHash } = ctx.data
    if (ctx.actor.role !== 'resident' && documentHash === undefined) {
      return fail('documentHash', `is required: the attachment hash of the consent ${party.right} signed`)
    }
    if (ctx.c.consents.includes(party.right)) return ok()
    return ok({ type: 'JudicialConfirmationConsented', data: defined({ party: party.right, recordedBy: ctx.actor.id, documentHash, signedOn }) })
  }),

  // `filedOn`: an application the party filed with the court (its 诉调对接 window, the court's own registry) recorded
  // afterwards. The 30 days bound the party's application (人民调解法 art. 33, 民事诉讼法 art. 205, 2023 numbering: "自调解
  // 协议生效之日起三十日内，共同向…人民法院提出"), not the day it is recorded: filed on day 30 and recorded on day 31, it is on
  // time. And the court's 3 days to accept (法释〔2011〕5号 art. 4) run from the court's receipt, so from filedOn too. Not
  // after the day it is recorded (no filing is in the future), not before the agreement took effect (nothing to apply for).
  ApplyForConfirmation: step(CONFIRMING, (ctx) => {
    const agreement = confirmable(ctx)
    if (E.isLeft(agreement)) return agreement
    const { filedOn } = ctx.data
    const acted = actedAt(ctx, agreement.right.effectiveOn, filedOn, 'filedOn')
    if (E.isLeft(acted)) return acted
    const filed = acted.right
    // 诉前委派: to the court that entrusted it (民事诉讼法 art. 205 (1), 2023 numbering: "人民法院邀请调解组织开展先行调解的，向作出
    // 邀请的人民法院提出"; 法释〔2011〕5号 art. 2 ¶2: "由委派的人民法院管辖"), whose clerk records the decisions (ofTheCourt).
    // Checked before the window: an input error is told before the time (a late application to the wrong court is 400 at
    // court, not deadline-passed).
    const entrusting = ctx.c.source === 'court-entrusted' ? ctx.c.court : undefined
    if (entrusting !== undefined && !sameCourt(ctx.data.court, entrusting)) {
      return fail('court', `expected ${courtName(entrusting)}, the court that entrusted the dispute (诉前委派): the parties apply to it for 司法确认`)
    }
    const window = withinWindow(agreement.right, filed)
    if (E.isLeft(window)) return window
    const party = partyActing(ctx)
    if (E.isLeft(party)) return party
    const others = ctx.c.parties.map((p) => p.name).filter((name) => name !== party.right)
    // A resident reads the other parties masked on its case: the refusal names them no more fully than that.
    const missing = others.filter((name) => !ctx.c.consents.includes(name)).map((name) => (ctx.actor.role === 'resident' ? maskName(name) : name))
    if (missing.length > 0) return refuse(ctx, `the parties apply together; no consent yet from ${missing.join(', ')}`)
    // 法释〔2011〕5号 art. 3: the party applies with its signed 司法确认申请书, and whoever applies for it with the 授权委托书
    // it signed. A resident applies itself; anyone else records the application only from what the party signed, as
    // it records a consent (DOMAIN.md: the application and the consent are the parties' own acts).
    const { applicationHash } = ctx.data
    const forParty = ctx.actor.role !== 'resident'
    if (forParty && applicationHash === undefined) {
      return fail('applicationHash', `is required: the attachment hash of the application (司法确认申请书) or power of attorney (授权委托书) ${party.right} signed`)
    }
    const courtDeadline = courtDecisionDeadline(filed, ctx.policy.calendar)
    return ok({
      type: 'JudicialConfirmationApplied',
      data: {
        applicant: party.right,
        consentedBy: others,
        court: ctx.data.court,
        confirmationDeadline: window.right,
        courtDecisionDeadline: courtDeadline,
        ...(forParty ? { recordedBy: ctx.actor.id, applicationHash } : {}),
        ...(filedOn === undefined ? {} : { filedOn }),
        calendar: stampOf(ctx.policy.calendar, filed, courtDeadline, statutory(COURT_DECISION_DAYS)),
      },
    })
  }),

  // 提交材料: a party files its own documents — the consent it signed, a scan of its ID card, evidence — so that the
  // handling roles reach them through the case and its mediator may name them in its own commands (docs/attachments.md).
  // A resident acts for itself only: the party it is, by its account.
  SubmitDocuments: step(FILING, (ctx) => {
    const own = partyOfResident(ctx.c.parties, ctx.actor.id)
    if (own === undefined) return E.left(forbidden(`resident ${ctx.actor.id} is not a party to dispute ${ctx.c.id}`))
    const { attachments } = declaredOnly(SubmitDocumentsData, ctx.data)
    if (attachments.length === 0) return fail('attachments', 'expected at least one file')
    return ok({ type: 'PartyDocumentsSubmitted', data: { party: own.name, attachments } })
  }),

  // The court's steps (法释〔2011〕5号 arts. 4–5): court.ts.
  RecordCourtAcceptance: step(['confirmation-applied'], (ctx) => ofTheCourt(ctx.actor, ctx.c) ?? recordCourtAcceptance(commandOf(ctx), ctx.c, ctx.policy)),
  ExtendCourtReview: step(['confirmation-accepted'], (ctx) => ofTheCourt(ctx.actor, ctx.c) ?? extendCourtReview(commandOf(ctx), ctx.c, ctx.policy)),
  RecordConfirmation: step(['confirmation-accepted'], (ctx) => ofTheCourt(ctx.actor, ctx.c) ?? recordConfirmation(commandOf(ctx), ctx.c, ctx.policy)),
  // 申请强制执行 is the party's application to the court (人民调解法 art. 33 ¶2; 民事诉讼法 art. 206, 2023 numbering: "对方当事人可以
  // 向人民法院申请强制执行"): a resident applies for itself; anyone else records it for a party only from what the party filed —
  // which party, the day the court received it, and the scan of the application (kind `application`), as a written
  // agreement is recorded from its scan and a 司法确认 application from what the party signed (法释〔2011〕5号 art. 3).
  // After a 回访 that found it not performed too (art. 33 ¶2 sets no moment after which the party may no longer apply; the
  // 2 years of 民事诉讼法 art. 250 mark it afterLimitation, they refuse nothing) — once: a second application is the
  // enforcement court's business, not a new step of the case.
  ApplyForEnforcement: step(['fulfilment-recorded', 'followed-up'], (ctx) => {
    if (ctx.c.enforcementApplied === true) return refuse(ctx, 'enforcement was applied for already: the enforcement court has it')
    const refused = enforceable(ctx, ctx.c)
    if (refused !== undefined) return E.left(refused)
    const { party, filedOn, attachments } = ctx.data
    const today = localDate(ctx.meta.at)
    const problems: FieldError[] = []
    const forParty = ctx.actor.role !== 'resident'
    if (forParty) {
      const gone = partiesGone(ctx.c, 'the party that applied')
      if (gone !== undefined) return E.left(gone)
      if (party === undefined) problems.push({ path: 'party', message: 'is required: the party that applied to the court for enforcement' })
      else if (!ctx.c.parties.some((p) => p.name === party)) problems.push({ path: 'party', message: 'expected the name of a party' })
      if (filedOn === undefined) problems.push({ path: 'filedOn', message: "is required: the date the court received the party's application (its stamp of receipt)" })
    }
    const outside = filedOn === undefined ? undefined : dayOutside('filedOn', filedOn, today, ctx.c.agreement?.effectiveOn)
    if (outside !== undefined) problems.push(outside)
    if (forParty && !(attachments ?? []).some((a) => a.kind === 'application')) {
      problems.push({ path: 'attachments', message: "expected the scan of the party's application (kind application, its sha-256 from POST /api/v1/attachments): staff record an application for enforcement from what the party filed" })
    }
    if (problems.length > 0) return invalid(...problems)
    const applicant = partyActing(ctx)
    if (E.isLeft(applicant)) return applicant
    return applyForEnforcement(commandOf(ctx), ctx.c, {
      applicant: applicant.right,
      filedOn: filedOn ?? today,
      ...(forParty ? { recordedBy: ctx.actor.id } : {}),
      ...(attachments === undefined ? {} : { attachments }),
    })
  }),

  // Not after the court rejected the agreement (驳回): DOMAIN.md "A rejected agreement may go back to mediation or to
  // litigation" (民事诉讼法 art. 206, 2023 numbering; 202 in 2021) — it is not performed as it stands. A refusal to accept (不予受理) leaves it binding.
  // Recorded again as it goes (赔偿分期: an agreement performed in instalments — none, then partial, then full), each a
  // FulfilmentRecorded in history, the case reading the latest; performance does not go back, and once in full it is
  // done. After an application for enforcement only a performance in full is recorded (the respondent paid, or the
  // court's execution got it): a part paid then is the enforcement court's record, not a new ground to apply again.
  // After a 回访 as before it (the visit found it not performed: the respondent may pay yet), from the latest recorded.
  RecordFulfilment: step(['agreement-reached', 'confirmed', 'confirmation-refused', 'fulfilment-recorded', 'enforcement-applied', 'followed-up'], (ctx) => {
    const latest = ctx.c.fulfilment
    const next = ctx.data.fulfilment
    if (ctx.c.status === 'enforcement-applied' || (ctx.c.status === 'followed-up' && ctx.c.enforcementApplied === true)) {
      if (next !== 'full') return fail('fulfilment', `expected full: enforcement has been applied for, and only a performance in full is recorded after it (not ${next})`)
    } else if ((ctx.c.status === 'fulfilment-recorded' || ctx.c.status === 'followed-up') && latest !== undefined) {
      if (latest === 'full') return refuse(ctx, 'the agreement was recorded performed in full')
      if (FULFILMENT_RANK[next] < FULFILMENT_RANK[latest] || (next === 'none' && latest === 'none')) {
        return fail('fulfilment', `expected ${latest === 'none' ? 'partial or full' : 'partial (a further instalment) or full'}: the agreement was recorded performed ${latest === 'none' ? 'not at all (none)' : 'in part (partial)'}`)
      }
    }
    return ok({ type: 'FulfilmentRecorded', data: defined(declaredOnly(RecordFulfilmentData, ctx.data)) })
  }),

  RecordFollowUp: step(['fulfilment-recorded', 'enforcement-applied'], (ctx) => ok({ type: 'FollowUpVisited', data: defined(declaredOnly(RecordFollowUpData, ctx.data)) })),

  RebaseDeadlines: step(
    STATUSES.filter((status) => status !== 'none' && status !== 'closed'),
    (ctx) => rebaseDeadlines(commandOf(ctx), ctx.c, ctx.policy),
  ),

  RecordDeadlineReminder: step(
    STATUSES.filter((status) => status !== 'none' && status !== 'closed'),
    (ctx) => ok({ type: 'DisputeDeadlineReminder', data: declaredOnly(DeadlineReminderData, ctx.data) }),
  ),

  // 风险研判 again, at any time the case is open: a changed grade with why; rising to high escalates at once.
  GradeRisk: step(
    STATUSES.filter((status) => status !== 'none' && status !== 'closed'),
    (ctx) => {
      if (ctx.c.risk?.grade === ctx.data.grade) return fail('grade', `expected a grade other than ${ctx.data.grade}, the dispute's grade now`)
      return ok(...riskEvents(ctx.c.risk, ctx.data, ctx.c.jurisdiction))
    },
  ),

  // 分流 before a mediator holds the case (again after a transfer or the court's refusal).
  RouteToCommittee: step(['reported', 'accepted', 'transferred', ...AFTER_COURT], (ctx) => {
    if (ctx.c.committee?.id === ctx.data.committee) return fail('committee', `expected another committee than ${ctx.data.committee}, where the dispute is`)
    const committee = committeeFor(ctx.policy.committees, ctx.data.committee, ctx.c, 'committee')
    if (E.isLeft(committee)) return committee
    // A case already on a track (transferred, or back from the court) goes to a committee of that track: another one's
    // mediators could never be assigned to it (`eligibility` wants the committee's track, AssignMediator the case's).
    const { track } = ctx.c
    if (track !== undefined && committee.right.track !== track) {
      return fail('committee', `expected a committee that mediates on the ${track} track, where the case is: ${committee.right.name} mediates on the ${committee.right.track} track (move the case with transfer)`)
    }
    return ok(routed(committee.right, ctx.c.committee, ctx.data.reason))
  }),

  CloseDispute: step(['followed-up', 'declined', 'referred-to-litigation'], (ctx) =>
    ok({ type: 'DisputeClosed', data: defined({ outcome: CLOSE_OUTCOME_OF[ctx.c.status] ?? 'mediated', reason: ctx.data.reason, complaintId: ctx.c.complaintId }) }),
  ),
}

/**
 * Decides a dispute command for a policy: not-found (no case), then forbidden (role, scope, track),
 * then invalid-transition (state), then the command's own checks — and only then the events.
 */
export const decideDispute =
  (policy: DisputePolicy = defaultDisputePolicy) =>
  (command: DisputeCommand, state: DisputeState): Outcome => {
    if (command.type === 'ReportDispute') return report(command, state, policy)
    const type: StepType = command.type
    // The table is keyed by type, so each step is called with its own command's data.
    const s = (steps as Readonly<Record<string, Step<StepType> | undefined>>)[type]
    if (s === undefined) return fail('type', `expected a dispute command, got ${String(type)}`)
    if (state.status === 'none') return E.left(notFound('no such dispute'))
    const allowed = authorize(command.meta.actor, PERMISSIONS[type], scopeFor(state, type))
    if (E.isLeft(allowed)) return allowed
    const decided = s.decide({ c: state, data: command.data, meta: command.meta, actor: command.meta.actor, policy, type })
    return E.isLeft(decided) ? decided : E.right([...decided.right, ...reportToCourt(state, decided.right, command.meta.at)])
  }

/** The conclusions a court-entrusted mediation reports back to its court, and as what. */
const ENTRUSTMENT_OUTCOME_OF: Partial<Record<DisputeEvent['type'], 'agreement' | 'failed' | 'declined' | 'litigation'>> = {
  MediationAgreed: 'agreement',
  MediationFailed: 'failed',
  DisputeDeclined: 'declined',
  ReferredToLitigation: 'litigation',
}

/**
 * 诉前委派, the way back: a court-entrusted case's conclusion (agreement, failure, declined, to litigation) is
 * reported to the entrusting court under its case number, in the same append as the conclusion — never one
 * without the other — with whether it came within the mediation deadline.
 */
const reportToCourt = (state: DisputeState, events: readonly DisputeEvent[], at: string): readonly DisputeEvent[] => {
  const { court } = state
  if (state.source !== 'court-entrusted' || court === undefined) return []
  return events.flatMap((event): DisputeEvent[] => {
    const outcome = ENTRUSTMENT_OUTCOME_OF[event.type]
    if (outcome === undefined) return []
    // A suit over an agreement's performance or content (人民调解法 art. 32: after fulfilment was recorded, the 回访, the close) is a
    // new matter, not the mediation's conclusion: that was the agreement, reported when it was reached (found in review:
    // the court was told "litigation", late, of a mediation that had succeeded).
    if (event.type === 'ReferredToLitigation' && AFTER_AGREEMENT.includes(state.status)) return []
    const reason = 'reason' in event.data && typeof event.data.reason === 'string' ? event.data.reason : undefined
    const terms = event.type === 'MediationAgreed' ? event.data.terms : undefined
    // A clerk's entrustment declined before the centre signed for it has no mediation deadline yet: its report
    // carries the receipt deadline instead, and is on time when declined by it.
    const receiptDeadline = state.mediationDeadline === undefined ? state.receiptDeadline : undefined
    const deadline = state.mediationDeadline ?? receiptDeadline
    return [
      {
        type: 'ReportedToCourt',
        data: defined({
          court,
          courtCaseNumber: state.courtCaseNumber,
          outcome,
          reason,
          terms,
          mediationDeadline: state.mediationDeadline,
          receiptDeadline,
          onTime: deadline === undefined ? undefined : !isPast(deadline, at),
        }),
      },
    ]
  })
}
