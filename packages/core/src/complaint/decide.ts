import * as E from 'fp-ts/lib/Either.js'
import type { Actor } from '../kernel/actor.js'
import { isBefore, withinDeadline } from '../calendar/dates.js'
import type { Calendar } from '../calendar/calendar.js'
import { changeOf, hoursMark, inHours, spanStampOf, stampOf, type DeadlineChange } from '../calendar/stamp.js'
import { declaredOnly } from '../kernel/codec.js'
import { alreadyExists, deadlinePassed, forbidden, invalidTransition, notFound, validationError, type DomainError } from '../kernel/errors.js'
import type { CommandMeta } from '../kernel/meta.js'
import { GeoPoint, type Channel, type NotifyMethod, type CommandData, type ComplaintCommand, type ComplaintCommandType, type RegisterComplaint } from './commands.js'
import { Complainant, Person } from './complainant.js'
import type { ResolvedConfig } from './config.js'
import { deadlineAfter, type DeadlinePolicy } from './deadlines.js'
import { ReferredFrom, type ComplaintEvent, type ComplaintEventType, type EventData } from './events.js'
import { derivedId } from '../processes/derivedId.js'
import { actingUnit, ANSWERING_ROLES, authorizeCommand, complaintScope, PATROL_ROLES, refersFor, REGISTERING_CHANNELS, requireActsFor, WHISTLE_LEVELS } from './policy.js'
import { exists, FINAL_STATUSES, STATUSES, type ComplaintCase, type ComplaintState, type ComplaintStatus, type Summons } from './state.js'
import { covers, DepartmentUnit, HandlingUnit, levelAbove } from './unit.js'
import { isWithin, levelOf } from '../access/jurisdiction.js'

type Outcome = E.Either<DomainError, readonly ComplaintEvent[]>

/** The states a complaint may be referred to mediation from. */
const REFERRED_FROM = Object.keys(ReferredFrom.keys) as readonly ComplaintStatus[]

/**
 * The id of the dispute the `n`th referral of a complaint opens, when the referrer names none: derived from both, so the
 * referral process opens the same dispute however often it runs, and a referral again after a failed one opens another.
 */
export const referralDisputeId = (complaintId: string, n: number): string => derivedId(`gridcase:referral-dispute:${complaintId.toLowerCase()}:${n}`)

/** The commands on an existing case (RegisterComplaint opens one). */
type StepType = Exclude<ComplaintCommandType, 'RegisterComplaint'>

/**
 * A command on a case, its data already decoded: the pipeline (`decodeCommand`) decodes every command once,
 * at the edge, and callers of the decider pass typed commands; decide checks only what needs the case.
 */
interface Ctx<K extends StepType> {
  readonly c: ComplaintCase
  readonly data: CommandData<K>
  readonly meta: CommandMeta
  readonly actor: Actor
  readonly config: ResolvedConfig
  readonly type: K
}
type AnyCtx = Ctx<StepType>

/** One command on an existing case: the states it may come from, and what it decides there. */
interface Step<K extends StepType> {
  readonly from: readonly ComplaintStatus[]
  readonly decide: (ctx: Ctx<K>) => Outcome
}

const step = <K extends StepType>(from: readonly ComplaintStatus[], run: (ctx: Ctx<K>) => Outcome): Step<K> => ({
  from,
  decide: (ctx) => (from.includes(ctx.c.status) ? run(ctx) : E.left(invalidTransition(ctx.c.status, ctx.type))),
})

// Drops keys whose value is undefined, so stored JSON and hashed data are the same shape.
// Most data has no undefined value: then it is returned as it is, and copied only when something must go.
const defined = <T extends object>(value: T): T => {
  const record = value as Record<string, unknown>
  let anyUndefined = false
  for (const key in record) if (record[key] === undefined) anyUndefined = true
  if (!anyUndefined) return value
  const out: Record<string, unknown> = {}
  for (const key in record) if (record[key] !== undefined) out[key] = record[key]
  return out as T
}

// Every event's data opens with `complaintId` and `at` written out, not spread from a shared `head` object: V8
// (Node 20) gives a spread copy a map of its own, and each key added after it is slow (~0.8 µs a key per event).
const emit = <K extends ComplaintEventType>(type: K, data: EventData<K>) => ({ type, data: defined(data) }) as Extract<ComplaintEvent, { type: K }>

const ok = (...events: readonly ComplaintEvent[]): Outcome => E.right(events)
const fail = (path: string, message: string): Outcome => E.left(validationError([{ path, message }]))
const refuse = (ctx: AnyCtx, why: string): Outcome => E.left(invalidTransition(ctx.c.status, ctx.type, why))
const after = (check: E.Either<DomainError, void>, then: () => Outcome): Outcome => (E.isLeft(check) ? check : then())

// A day deadline runs to 24:00 China time of its last day (DOMAIN.md "Time"; `withinDeadline`).
const onTime = withinDeadline

const OPEN: readonly ComplaintStatus[] = STATUSES.filter((s) => !FINAL_STATUSES.includes(s))
const WORKING: readonly ComplaintStatus[] = ['acknowledged', 'departments-summoned']
const DEADLINE_RUNNING: readonly ComplaintStatus[] = ['dispatched', 'acknowledged', 'escalated', 'departments-summoned']
const AFTER_NOTICE: readonly ComplaintStatus[] = ['complainant-notified', 'evaluated']
/** States in which a case has (had) a handling unit: where a 考评申诉 can be made. */
const HANDLED: readonly ComplaintStatus[] = STATUSES.filter((s) => !['registered', 'accepted', 'rejected'].includes(s))

/**
 * Did the complainant's own word send the case back: an unsatisfied 一事一评, or a 回访 answering unsatisfied or not solved
 * — one made once the result was in? A callback when the result deadline passed with no result yet (北京市接诉即办工作条例)
 * answered of a result that did not exist: it says nothing of the late one (found in review: a case was reopened on it).
 */
const complainantRejects = (c: ComplaintCase): boolean => {
  if (c.evaluation?.rating === 'unsatisfied') return true
  const { callback } = c
  if (callback === undefined) return false
  const resultAt = c.result?.submittedAt ?? c.mediation?.concludedAt
  if (resultAt !== undefined && isBefore(callback.at, resultAt)) return false
  return callback.satisfaction === 'unsatisfied' || callback.solved === 'not-solved'
}

/** The lead unit and deadlines of a case in hand; every state after a dispatch has them. */
const inHand = (ctx: AnyCtx, then: (lead: HandlingUnit, resultBy: string, acknowledgeBy: string) => Outcome): Outcome => {
  const { lead, resultBy, acknowledgeBy } = ctx.c
  return lead === undefined || resultBy === undefined || acknowledgeBy === undefined ? refuse(ctx, 'the case has no lead unit') : then(lead, resultBy, acknowledgeBy)
}

const byLead = (ctx: AnyCtx, then: (lead: HandlingUnit, resultBy: string, acknowledgeBy: string) => Outcome): Outcome =>
  inHand(ctx, (lead, resultBy, acknowledgeBy) => after(requireActsFor(ctx.actor, lead, ctx.type, 'the lead unit'), () => then(lead, resultBy, acknowledgeBy)))

/** Deadlines of a new handling round under the case's policy. */
const roundDeadlines = (ctx: AnyCtx, policy: DeadlinePolicy, resultFrom: string) => {
  const resultBy = deadlineAfter(resultFrom, policy.resultWithin, ctx.config.calendar)
  const acknowledgeBy = deadlineAfter(ctx.meta.at, policy.acknowledgeWithin, ctx.config.calendar)
  return {
    policy: policy.name,
    acknowledgeBy,
    resultBy,
    // Which calendar and data version counted them (a schedule loaded later may re-base them), and how: a deadline
    // counted in hours is an instant, not a day's end (`inHours`).
    calendar: spanStampOf(ctx.config.calendar, resultFrom, resultBy, policy.resultWithin),
    // The 签收 deadline's stamp where how it was counted decides when it closes: counted in hours, at 23:59:59 China time.
    ...(hoursMark(acknowledgeBy, policy.acknowledgeWithin).hours === true ? { acknowledgeCalendar: spanStampOf(ctx.config.calendar, ctx.meta.at, acknowledgeBy, policy.acknowledgeWithin) } : {}),
  }
}

const policyOf = (ctx: AnyCtx): DeadlinePolicy => ctx.config.policyFor(ctx.c.category, ctx.c.urgency)

/**
 * Where the running period of a policy counting from acceptance (信访) started: the acceptance, or in a 重办 round the
 * reopening, which counts a new period (see `extendedAlready`) — the first stamp of the round's count (`counted.result`,
 * started again by each reopening). A redispatch after a 退单 keeps it (found in review: a 重办 round returned and
 * dispatched again was counted from the first acceptance, its deadline already past).
 */
const periodStart = (ctx: AnyCtx): string =>
  (ctx.c.round > 1 ? ctx.c.counted?.result?.[0]?.from : undefined) ?? ctx.c.acceptedAt ?? ctx.meta.at

/**
 * Has the running result deadline had its one extension (DOMAIN.md: an approved extension moves it once)? Each round of
 * handling sets its deadline and may be extended once. Under the 12345 policy a redispatch after 退单 sets a new window
 * from the new dispatch, so the round is counted anew from each dispatch. Under a policy counting from acceptance
 * (信访工作条例 2022 art. 34: handled within 60 days of acceptance, extended once by at most 30 days) a redispatch keeps
 * the period, so its extension stays spent; a 重办 counts a new period from the reopening. A case read back from a
 * store written before `extension` was kept says only `extended`: taken as this round's, as it was then.
 */
const extendedAlready = (c: ComplaintCase, policy: DeadlinePolicy): boolean => {
  const e = c.extension
  if (e === undefined) return c.extended
  return e.round === c.round && (policy.resultFrom === 'acceptance' || e.returns === c.returns)
}

/**
 * A redispatch under a policy counting from acceptance (信访) keeps the period's approved extension (信访工作条例 2022
 * art. 34): the period as counted again from acceptance, extended by the days approved, counted as they were.
 */
const carriedExtension = (ctx: AnyCtx, policy: DeadlinePolicy, resultBy: string) => {
  const e = ctx.c.extension
  if (policy.resultFrom !== 'acceptance' || e === undefined || e.round !== ctx.c.round) return {}
  const span = { unit: e.dayUnit, amount: e.days }
  const extended = deadlineAfter(resultBy, span, ctx.config.calendar)
  return {
    resultBy: extended,
    extension: { days: e.days, dayUnit: e.dayUnit, previousResultBy: resultBy, calendar: spanStampOf(ctx.config.calendar, resultBy, extended, span, true) },
  }
}

/**
 * 访调对接 before any dispatch: under a policy whose result window runs from acceptance (信访工作条例 2022 art. 34: handled within
 * 60 days of acceptance — the rule `petitionPolicy` counts; a statutory period per DOMAIN.md "Time") the case keeps that deadline while
 * its dispute runs — it stays on the overdue list until the dispute concludes (DOMAIN.md "Dashboards"). No unit holds
 * it: the deadline is the accepting hotline's. A case referred from registration is taken up by the referral itself
 * (导入调解 is a way of accepting it), so it counts from then. A case in hand keeps its round's deadline; a standard
 * (12345) policy counts from a dispatch that never came, so it sets none.
 */
const referralDeadline = (ctx: AnyCtx) => {
  if (ctx.c.lead !== undefined) return {}
  // Returned (退单) while its period runs (信访): the referral keeps that period as the return named it — a 重办's
  // reopening and an approved extension in it (found in review: counted again from the first acceptance, a reopened
  // case was referred with a deadline already past, and an extension was dropped) — with the stamp of its latest count;
  // the state keeps how it was counted (see evolve: a referral with the running deadline carries the count).
  const policy = policyOf(ctx)
  if (ctx.c.status === 'returned' && ctx.c.resultBy !== undefined && policy.resultFrom === 'acceptance') {
    const calendar = ctx.c.counted?.result?.at(-1)
    return { policy: policy.name, resultBy: ctx.c.resultBy, ...(calendar === undefined ? {} : { calendar }) }
  }
  return periodFromAcceptance(ctx, ctx.c.acceptedAt ?? ctx.meta.at)
}

/**
 * The handling deadline of a policy whose period runs from acceptance (信访工作条例 2022 art. 34: 60 days of acceptance, a
 * statutory period per DOMAIN.md "Time"), counted from `from`, with the calendar that counted it; nothing under a policy
 * counting from the dispatch (12345). Set at acceptance, it runs whether or not a unit has the case yet (DOMAIN.md
 * "Time": every deadline a case has can become overdue).
 */
const periodFromAcceptance = (ctx: AnyCtx, from: string) => {
  const policy = policyOf(ctx)
  if (policy.resultFrom !== 'acceptance') return {}
  const resultBy = deadlineAfter(from, policy.resultWithin, ctx.config.calendar)
  return { policy: policy.name, resultBy, calendar: spanStampOf(ctx.config.calendar, from, resultBy, policy.resultWithin) }
}

/**
 * 派单时限 — the dispatcher's deadline under the case's policy (`DeadlinePolicy.dispatchWithin`), counted from `from`, with
 * the calendar that counted it (an hours span too: every deadline names its calendar); none under a policy without one.
 */
const dispatchDeadlineFrom = (ctx: AnyCtx, from: string) => {
  const span = policyOf(ctx).dispatchWithin
  if (span === undefined) return {}
  const dispatchBy = deadlineAfter(from, span, ctx.config.calendar)
  return { dispatchBy, dispatchCalendar: spanStampOf(ctx.config.calendar, from, dispatchBy, span) }
}

/**
 * Is the case waiting to be accepted (受理时限, 信访) — registered, or referred to mediation from there (导入调解 takes it
 * up, but a failed referral puts it back to be accepted on `acceptBy` as stored: AcceptComplaint's `onTime` reads it)?
 * Accepted, rejected or referred from a later state, its accept deadline is met or ended: nothing leads back to it.
 */
const awaitingAcceptance = (c: ComplaintCase): boolean => c.status === 'registered' || (c.status === 'referred-to-mediation' && c.referredFrom === 'registered')

/**
 * Does the result deadline (办结) still decide anything: a round in hand (`DEADLINE_RUNNING`), a 信访 period from acceptance
 * while no unit has the case (`accepted`, `returned`), a case referred to mediation (it stays on the overdue list until its
 * dispute concludes; a failed referral puts it back on `resultBy` as stored, and the conclusion's `onTime` reads it), or a
 * result in whose complainant has not been told (`result-submitted`): the hotline may call back (回访) once the deadline has
 * passed, told or not (RecordCallback; 北京市接诉即办工作条例), so that day moves with the calendar (found in review: the
 * first version of this rule left it counted with the old calendar there, and a callback the notice allowed was refused).
 * Once the complainant is told (`complainant-notified`, `evaluated`) it decides nothing: the only way back is a 重办
 * (ReopenComplaint), which counts a full new window from the reopening with the calendar of that moment, and a 退单 is only
 * made before a result.
 */
const RESULT_RUNNING: readonly ComplaintStatus[] = ['accepted', 'returned', ...DEADLINE_RUNNING, 'referred-to-mediation', 'result-submitted']
// A patrol finding (巡查发现) has no complainant to call back: once its result is in, it is verified and closed, and the
// deadline decides nothing (found in review). Nor for a complainant who left no contact (`noContact`): nobody to call.
const resultRunning = (c: ComplaintCase): boolean => RESULT_RUNNING.includes(c.status) && !(c.status === 'result-submitted' && (c.source === 'patrol' || noContact(c)))

/** Is the case waiting for the dispatcher — accepted or returned, or referred from there (its dispatch deadline stopped, not met)? */
const awaitingDispatch = (c: ComplaintCase): boolean =>
  c.status === 'accepted' || c.status === 'returned' || (c.status === 'referred-to-mediation' && (c.referredFrom === 'accepted' || c.referredFrom === 'returned'))

const mustCover = (ctx: AnyCtx, unit: HandlingUnit, path: string, then: () => Outcome): Outcome =>
  covers(unit, ctx.c.jurisdiction) ? then() : fail(path, `expected a unit whose area covers ${ctx.c.jurisdiction}`)

/**
 * Does a summoned department's 报到 deadline still decide something? While it has not come (报到), it runs (the overdue
 * list, the figures); come, until it reports its part or is rated, it decides when the summoning unit may rate it
 * (RateDepartmentHelp: its part, or that deadline gone by) — so it is counted again with a new schedule too (found in
 * review: a department that came but reported no part kept the old calendar's day, and was rated a day early).
 */
const awaitsItsDeadline = (s: Summons): boolean => s.arrivedAt === undefined || (s.part === undefined && s.rating === undefined)

/**
 * 报到 deadlines of the summoned departments given, counted again: one change per old and new deadline and count,
 * naming its departments (a summons counts from its own time, so departments may differ).
 */
const arrivalChanges = (summoned: readonly Summons[], calendar: Calendar): DeadlineChange[] => {
  const moved = new Map<string, DeadlineChange & { units: string[] }>()
  for (const { unit, reportBy, counted } of summoned) {
    const change = changeOf('arrival', reportBy, counted === undefined ? undefined : [counted], () => calendar)
    if (change === undefined) continue
    const key = JSON.stringify([change.previous, change.deadline, change.counted])
    const named = moved.get(key) ?? { ...change, units: [] }
    named.units.push(unit.id)
    moved.set(key, named)
  }
  // `units` after `previous` and `deadline`, as changes were written before they carried their count.
  return [...moved.values()].map(({ kind, previous, deadline, units, counted }) => ({ kind, previous, deadline, units, ...(counted === undefined ? {} : { counted }) }))
}

/**
 * The re-base's event: every deadline counted again that moved or was confirmed, old and new, the reason, and the
 * calendar (none when nothing changed).
 */
const rebased = (ctx: AnyCtx, reason: string, changes: readonly DeadlineChange[]): Outcome => {
  if (changes.length === 0) return ok()
  const last = changes.map((c) => c.deadline).reduce((a, b) => (isBefore(a, b) ? b : a))
  return ok(emit('ComplaintDeadlinesRebased', { complaintId: ctx.c.id, at: ctx.meta.at, reason, calendar: stampOf(ctx.config.calendar, ctx.meta.at, last), changes: [...changes] }))
}

/** The summoned departments whose 报到 falls at `deadline` (the same instant, however written) and that have not come. */
const owingArrival = (summoned: ComplaintCase['summoned'], deadline: string): string[] =>
  summoned.filter((s) => s.arrivedAt === undefined && s.reportBy !== undefined && !isBefore(s.reportBy, deadline) && !isBefore(deadline, s.reportBy)).map((s) => s.unit.id)

/**
 * 二次派单: a street's or community's dispatch desk dispatches only to units within its own area (an actor acts within its
 * scope, DOMAIN.md "Jurisdiction and actors"); a matter for the units above goes up by 上报 or back to the hotline, and
 * departments come by 吹哨 (found in review: a community desk made a district department the lead). The hotline (12345)
 * dispatches to any unit of the place's chain, as before.
 */
const dispatchesTo = (actor: Actor, unit: HandlingUnit): E.Either<DomainError, void> =>
  (actor.role !== 'street-officer' && actor.role !== 'community-worker') || isWithin(actor.jurisdiction, unit.jurisdiction)
    ? E.right(undefined)
    : E.left(forbidden(`${actor.role} ${actor.id} may not dispatch to ${unit.name ?? unit.id}: a ${actor.role === 'street-officer' ? 'street' : 'community'} desk dispatches within ${actor.jurisdiction}; escalate (上报), summon departments (吹哨), or leave it to the hotline`))

/** Who closes a case someone raised; the area roles close only a patrol finding they verified. */
const CLOSERS: readonly Actor['role'][] = ['admin', 'hotline-operator', 'supervisor']

const summonedList = (ctx: AnyCtx): string =>
  ctx.c.summoned.length === 0 ? 'no department has been summoned' : `expected one of the summoned departments: ${ctx.c.summoned.map((s) => s.unit.id).join(', ')}`

/**
 * 匿名 with no contact (DOMAIN.md "Jurisdiction and actors": a complaint may be anonymous, no contact): no phone on the
 * case and no account (`ownerId`: the resident's own filing, or the account an operator filed for). The hotline has no
 * number to call back (回访) or to text, and no one to reach in the app: the result is given only to one who comes in person with
 * the case number, and once it is in the case may be closed un-notified (found in review: a phone notice and a callback
 * with all three answers were recorded for a complainant who left no number, the answers counted in the 三率).
 */
const noContact = (c: ComplaintCase): boolean => c.source !== 'patrol' && c.complainant.phone === undefined && c.ownerId === undefined

/**
 * Can the result be given by this method? Phone, sms and the app reach a number or an account (the case's phone, or its
 * account's; the 12345 app knows its users by their numbers); in person, whoever comes with the case number.
 */
const methodProblem = (c: ComplaintCase, method: NotifyMethod): string | undefined =>
  method !== 'in-person' && c.complainant.phone === undefined && c.ownerId === undefined
    ? `expected in-person: the complainant left no phone number or account to reach by ${method}`
    : undefined

/** 巡查发现: no one raised it, so no one is told the result, called back or asked to rate it. */
const noComplainant = (ctx: AnyCtx, then: () => Outcome): Outcome =>
  ctx.c.source === 'patrol' ? refuse(ctx, 'a patrol finding (巡查发现) has no complainant: the result is verified and the case closed') : then()

/**
 * 举报: the acts that reach the reporter — the 回访 call, the 一事一评 taken on the phone — are the hotline's, as the
 * result's feedback is (`NotifyComplainant`): who reported is known only to the hotline that registered it and to
 * supervisors (DOMAIN.md "Jurisdiction and actors"; 信访工作条例 art. 30 para. 3). The role lists leave these to the
 * hotline already; this holds an admin (whom they do not bind, and who reads the reporter masked) to it as well.
 */
const reporterContactedByHotline = (ctx: AnyCtx, act: string, then: () => Outcome): Outcome =>
  ctx.c.kind === 'report' && ctx.actor.role === 'admin'
    ? E.left(forbidden(`${ctx.actor.role} ${ctx.actor.id} may not ${act} of a 举报 (report): who reported is the hotline's to know, and it records that`))
    : then()

const steps: { readonly [K in StepType]: Step<K> } = {
  AcceptComplaint: step(['registered'], (ctx) => {
    const { acceptBy } = ctx.c
    return ok(
      emit('ComplaintAccepted', {
        complaintId: ctx.c.id, at: ctx.meta.at, note: ctx.data.note, acceptBy, onTime: acceptBy === undefined ? undefined : onTime(acceptBy, ctx.meta.at, inHours(ctx.c.counted?.accept)),
        ...periodFromAcceptance(ctx, ctx.meta.at),
        // Accepted, the case can be dispatched: the dispatcher's deadline starts (信访: counted from receipt, art. 22).
        ...dispatchDeadlineFrom(ctx, policyOf(ctx).dispatchFrom === 'registration' ? ctx.c.registeredAt : ctx.meta.at),
      }),
    )
  }),

  RejectComplaint: step(['registered'], (ctx) => {
    const { acceptBy } = ctx.c
    return ok(emit('ComplaintRejected', { complaintId: ctx.c.id, at: ctx.meta.at, reason: ctx.data.reason, acceptBy, onTime: acceptBy === undefined ? undefined : onTime(acceptBy, ctx.meta.at, inHours(ctx.c.counted?.accept)) }))
  }),

  DispatchComplaint: step(['accepted', 'returned'], (ctx) =>
    after(dispatchesTo(ctx.actor, ctx.data.unit), () => mustCover(ctx, ctx.data.unit, 'unit.jurisdiction', () => {
      const policy = policyOf(ctx)
      const resultFrom = policy.resultFrom === 'acceptance' ? periodStart(ctx) : ctx.meta.at
      const deadlines = roundDeadlines(ctx, policy, resultFrom)
      return ok(
        emit('ComplaintDispatched', {
          complaintId: ctx.c.id, at: ctx.meta.at,
          unit: declaredOnly(HandlingUnit, ctx.data.unit),
          round: Math.max(ctx.c.round, 1),
          redispatch: ctx.c.status === 'returned',
          ...deadlines,
          ...carriedExtension(ctx, policy, deadlines.resultBy),
          category: ctx.c.category,
          kind: ctx.c.kind,
          urgency: ctx.c.urgency,
          jurisdiction: ctx.c.jurisdiction,
          note: ctx.data.note,
        }),
      )
    })),
  ),

  AcknowledgeComplaint: step(['dispatched', 'escalated'], (ctx) =>
    byLead(ctx, (lead, _resultBy, acknowledgeBy) =>
      ok(
        emit(
          'ComplaintAcknowledged',
          ctx.c.status === 'dispatched'
            ? { complaintId: ctx.c.id, at: ctx.meta.at, unit: lead, after: 'dispatch', acknowledgeBy, onTime: onTime(acknowledgeBy, ctx.meta.at, inHours(ctx.c.counted?.acknowledge)), note: ctx.data.note, actingUnit: actingUnit(ctx.actor, lead) }
            : { complaintId: ctx.c.id, at: ctx.meta.at, unit: lead, after: 'escalation', note: ctx.data.note, actingUnit: actingUnit(ctx.actor, lead) },
        ),
      ),
    ),
  ),

  EscalateComplaint: step(WORKING, (ctx) =>
    byLead(ctx, (lead) => {
      const above = levelAbove(lead.level)
      if (above === undefined) return refuse(ctx, 'the city level has no level above it')
      if (ctx.data.to.level !== above) return fail('to.level', `expected ${above}, the level above ${lead.level}`)
      // The unit above takes the lead, so it must not also be a co-handler or a summoned department
      // of the case (it would owe itself a report and block its own result).
      const to = declaredOnly(HandlingUnit, ctx.data.to)
      const { id } = to
      if (ctx.c.coHandlers.some((x) => x.unit.id === id)) return fail('to.id', `${id} is a co-handling unit of this case; escalate to another ${above} unit`)
      if (ctx.c.summoned.some((x) => x.unit.id === id)) return fail('to.id', `${id} is a summoned department of this case; escalate to another ${above} unit`)
      return mustCover(ctx, to, 'to.jurisdiction', () => ok(emit('ComplaintEscalated', { complaintId: ctx.c.id, at: ctx.meta.at, from: lead, to, reason: ctx.data.reason })))
    }),
  ),

  // 街道吹哨、部门报到: the street (or a unit above it) summons; a case led by a grid or community is escalated (上报) first.
  SummonDepartments: step(WORKING, (ctx) =>
    byLead(ctx, (lead) => {
      if (lead.department !== undefined || !WHISTLE_LEVELS.includes(lead.level)) {
        return refuse(ctx, `only a street or a unit above it blows the whistle (街道吹哨); the lead ${lead.name ?? lead.id} is a ${lead.department === undefined ? lead.level : 'department'}: escalate the case to the street first`)
      }
      const taken = new Set([lead.id, ...ctx.c.summoned.map((s) => s.unit.id)])
      // A co-handling unit (协办) reports its part to the lead already: summoned too, it would owe a 报到 and a second
      // report of the same part, and count twice in its 考核 (found in review).
      const coHandling = new Set(ctx.c.coHandlers.map((x) => x.unit.id))
      const departments = ctx.data.departments.map((unit) => declaredOnly(DepartmentUnit, unit))
      for (const [i, unit] of departments.entries()) {
        if (!covers(unit, ctx.c.jurisdiction)) return fail(`departments[${i}].jurisdiction`, `expected a unit whose area covers ${ctx.c.jurisdiction}`)
        if (coHandling.has(unit.id)) return fail(`departments[${i}].id`, `${unit.id} is a co-handling unit of this case: it reports its part to the lead (协办)`)
        if (taken.has(unit.id)) return fail(`departments[${i}].id`, `${unit.id} is already the lead or summoned`)
        taken.add(unit.id)
      }
      const reportBy = deadlineAfter(ctx.meta.at, ctx.config.arrivalWithin, ctx.config.calendar)
      const calendar = spanStampOf(ctx.config.calendar, ctx.meta.at, reportBy, ctx.config.arrivalWithin)
      return ok(emit('ComplaintDepartmentsSummoned', { complaintId: ctx.c.id, at: ctx.meta.at, by: lead, departments, reason: ctx.data.reason, reportBy, calendar }))
    }),
  ),

  // A summoned department may still report after the case moved on (escalated, acknowledged again), and while the case
  // is referred to mediation (导入调解): the summons and its 报到 deadline run on there (a referred case stays on the overdue
  // list with its round's deadlines, and a failed referral puts it back in `departments-summoned`).
  ReportArrival: step(['departments-summoned', 'escalated', 'acknowledged', 'referred-to-mediation'], (ctx) => {
    if (ctx.c.summoned.length === 0) return refuse(ctx, 'no department has been summoned')
    const summons = ctx.c.summoned.find((s) => s.unit.id === ctx.data.unitId)
    if (summons === undefined) return fail('unitId', `expected one of the summoned departments: ${ctx.c.summoned.map((s) => s.unit.id).join(', ')}`)
    return after(requireActsFor(ctx.actor, summons.unit, ctx.type, 'the summoned department'), () =>
      summons.arrivedAt === undefined
        ? ok(
            emit('ComplaintDepartmentArrived', {
              complaintId: ctx.c.id, at: ctx.meta.at,
              unit: summons.unit,
              note: ctx.data.note,
              reportBy: summons.reportBy,
              onTime: summons.reportBy === undefined ? undefined : onTime(summons.reportBy, ctx.meta.at, inHours(summons.counted)),
            }),
          )
        : refuse(ctx, `${summons.unit.id} has already reported`),
    )
  }),

  // A summoned department's part: after its 报到, once, while the street still handles the case (or after its result),
  // or while the case is referred to mediation.
  ReportDepartmentPart: step(['departments-summoned', 'escalated', 'acknowledged', 'referred-to-mediation', 'result-submitted'], (ctx) => {
    const summons = ctx.c.summoned.find((s) => s.unit.id === ctx.data.unitId)
    if (summons === undefined) return fail('unitId', summonedList(ctx))
    return after(requireActsFor(ctx.actor, summons.unit, ctx.type, 'the summoned department'), () => {
      if (summons.arrivedAt === undefined) return refuse(ctx, `${summons.unit.id} has not reported for duty (报到) yet: report arrival first`)
      if (summons.part !== undefined) return refuse(ctx, `${summons.unit.id} has already reported its part`)
      return ok(emit('ComplaintDepartmentPartReported', { complaintId: ctx.c.id, at: ctx.meta.at, unit: summons.unit, report: ctx.data.report, photos: ctx.data.photos }))
    })
  }),

  // 以下评上: the unit that summoned rates each department once, when there is something to rate — its part, or its
  // 报到 deadline gone by (a department that never came is rated too).
  RateDepartmentHelp: step([...OPEN, 'closed'], (ctx) => {
    const summons = ctx.c.summoned.find((s) => s.unit.id === ctx.data.unitId)
    if (summons === undefined) return fail('unitId', summonedList(ctx))
    const by = summons.by ?? ctx.c.lead
    if (by === undefined) return refuse(ctx, 'the case has no summoning unit')
    return after(requireActsFor(ctx.actor, by, ctx.type, 'the summoning unit'), () => {
      if (summons.rating !== undefined) return refuse(ctx, `${summons.unit.id} has already been rated`)
      const deadlineGone = summons.reportBy !== undefined && !withinDeadline(summons.reportBy, ctx.meta.at, inHours(summons.counted))
      if (summons.part === undefined && !deadlineGone) {
        return refuse(ctx, `${summons.unit.id} has not reported its part and its 报到 deadline ${summons.reportBy ?? '(none)'} has not passed: nothing to rate yet`)
      }
      return ok(emit('ComplaintDepartmentHelpRated', { complaintId: ctx.c.id, at: ctx.meta.at, by, unit: summons.unit, rating: ctx.data.rating, comment: ctx.data.comment }))
    })
  }),

  AddCoHandler: step(WORKING, (ctx) =>
    byLead(ctx, (lead) => {
      const unit = declaredOnly(HandlingUnit, ctx.data.unit)
      if (unit.id === lead.id || ctx.c.coHandlers.some((x) => x.unit.id === unit.id)) {
        return fail('unit.id', `${unit.id} is already the lead or a co-handler`)
      }
      // A department summoned by 吹哨 reports for duty (报到) and its part to the street already (see SummonDepartments).
      if (ctx.c.summoned.some((x) => x.unit.id === unit.id)) return fail('unit.id', `${unit.id} is a summoned department of this case: it reports its part after its 报到 (吹哨报到)`)
      return mustCover(ctx, unit, 'unit.jurisdiction', () => ok(emit('ComplaintCoHandlerAdded', { complaintId: ctx.c.id, at: ctx.meta.at, lead, unit, task: ctx.data.task })))
    }),
  ),

  ReportCoHandling: step([...WORKING, 'escalated'], (ctx) => {
    const co = ctx.c.coHandlers.find((x) => x.unit.id === ctx.data.unitId)
    if (co === undefined) return fail('unitId', `expected one of the co-handling units: ${ctx.c.coHandlers.map((x) => x.unit.id).join(', ')}`)
    return after(requireActsFor(ctx.actor, co.unit, ctx.type, 'the co-handling unit'), () =>
      co.reportedAt === undefined
        ? ok(emit('ComplaintCoHandlingReported', { complaintId: ctx.c.id, at: ctx.meta.at, unit: co.unit, report: ctx.data.report, attachments: ctx.data.attachments }))
        : refuse(ctx, `${co.unit.id} has already reported`),
    )
  }),

  RequestExtension: step(WORKING, (ctx) =>
    byLead(ctx, (lead, resultBy) => {
      const policy = policyOf(ctx)
      if (extendedAlready(ctx.c, policy)) return refuse(ctx, 'the result deadline has already been extended once')
      if (ctx.c.pendingExtension !== undefined) return refuse(ctx, 'an extension request is pending')
      const max = policy.maxExtension
      if (ctx.data.days > max.amount) return fail('days', `expected at most ${max.amount} ${max.unit}`)
      if (!withinDeadline(resultBy, ctx.meta.at, inHours(ctx.c.counted?.result))) return E.left(deadlinePassed(resultBy, `the result deadline ${resultBy} has passed; ask for an extension before it`))
      return ok(emit('ComplaintExtensionRequested', { complaintId: ctx.c.id, at: ctx.meta.at, unit: lead, days: ctx.data.days, dayUnit: max.unit, reason: ctx.data.reason, resultBy }))
    }),
  ),

  ApproveExtension: step(DEADLINE_RUNNING, (ctx) =>
    inHand(ctx, (_lead, resultBy) => {
      const pending = ctx.c.pendingExtension
      if (pending === undefined) return refuse(ctx, 'no extension request is pending')
      const days = ctx.data.days ?? pending.days
      if (days > pending.days) return fail('days', `expected at most the ${pending.days} days requested`)
      const dayUnit = policyOf(ctx).maxExtension.unit
      const extended = deadlineAfter(resultBy, { unit: dayUnit, amount: days }, ctx.config.calendar)
      return ok(
        emit('ComplaintExtensionApproved', {
          complaintId: ctx.c.id, at: ctx.meta.at,
          days,
          dayUnit,
          previousResultBy: resultBy,
          resultBy: extended,
          reason: ctx.data.reason,
          calendar: spanStampOf(ctx.config.calendar, resultBy, extended, { unit: dayUnit, amount: days }, true),
        }),
      )
    }),
  ),

  DenyExtension: step(DEADLINE_RUNNING, (ctx) =>
    ctx.c.pendingExtension === undefined ? refuse(ctx, 'no extension request is pending') : ok(emit('ComplaintExtensionDenied', { complaintId: ctx.c.id, at: ctx.meta.at, reason: ctx.data.reason })),
  ),

  SubmitResult: step(WORKING, (ctx) =>
    byLead(ctx, (lead, resultBy) => {
      const silent = ctx.c.coHandlers.filter((x) => x.reportedAt === undefined).map((x) => x.unit.id)
      if (silent.length > 0) return refuse(ctx, `co-handling units have not reported: ${silent.join(', ')}`)
      return ok(
        emit('ComplaintResultSubmitted', {
          complaintId: ctx.c.id, at: ctx.meta.at,
          unit: lead,
          result: ctx.data.result,
          outcome: ctx.data.outcome,
          resultBy,
          onTime: onTime(resultBy, ctx.meta.at, inHours(ctx.c.counted?.result)),
          round: ctx.c.round,
          actingUnit: actingUnit(ctx.actor, lead),
          photos: ctx.data.photos,
          attachments: ctx.data.attachments,
        }),
      )
    }),
  ),

  // Under a policy counting from acceptance (信访) the period runs on while no unit has the case: the return names it.
  // After 吹哨 too (`departments-summoned`): the street may find, with the departments it summoned, that the case is not
  // its duty, as it may once it signed for it (or once the unit above signed for an escalated summoning round): the round
  // ends with its summons (evolve's fresh round), a department that has not come owes no 报到 any more.
  ReturnComplaint: step(['dispatched', 'acknowledged', 'departments-summoned'], (ctx) =>
    byLead(ctx, (lead, resultBy) =>
      ok(
        emit('ComplaintReturned', {
          complaintId: ctx.c.id, at: ctx.meta.at, unit: lead, reason: ctx.data.reason, actingUnit: actingUnit(ctx.actor, lead),
          resultBy: policyOf(ctx).resultFrom === 'acceptance' ? resultBy : undefined,
          // Back with the dispatcher, who must dispatch it again: a new dispatch deadline from the return.
          ...dispatchDeadlineFrom(ctx, ctx.meta.at),
        }),
      ),
    ),
  ),

  NotifyComplainant: step(['result-submitted'], (ctx) => noComplainant(ctx, () => {
    const notify = () => {
      const problem = methodProblem(ctx.c, ctx.data.method)
      return problem !== undefined ? fail('method', problem) : ok(emit('ComplainantNotified', { complaintId: ctx.c.id, at: ctx.meta.at, method: ctx.data.method, note: ctx.data.note }))
    }
    // The hotline may always give feedback; a handling unit only for its own result (a mediation's is the hotline's).
    if (ctx.actor.role === 'hotline-operator') return notify()
    // 举报: who reported is known only to the hotline that registered it and to supervisors (DOMAIN.md "Jurisdiction and
    // actors"; 信访工作条例 art. 30 para. 3) — the unit sees the reporter masked, so the hotline gives the feedback. An
    // admin reads the reporter masked as well: no exception for it either.
    if (ctx.c.kind === 'report') {
      return E.left(forbidden(`${ctx.actor.role} ${ctx.actor.id} may not notify the complainant of a 举报 (report): who reported is the hotline's to know, and it notifies`))
    }
    return ctx.c.mediation !== undefined ? refuse(ctx, 'the result came from mediation: the hotline notifies the complainant') : byLead(ctx, notify)
  })),

  EvaluateComplaint: step(['complainant-notified'], (ctx) => reporterContactedByHotline(ctx, "record the complainant's rating (一事一评)", () => {
    const result = ctx.c.result
    // A mediation's conclusion on a complaint never dispatched is a result no unit gave: rated, crediting none.
    if (result === undefined && ctx.c.mediation === undefined) return refuse(ctx, 'there is no result to evaluate')
    const unit = result === undefined ? undefined : (result.actingUnit ?? result.unit)
    return ok(
      emit('ComplaintEvaluated', {
        complaintId: ctx.c.id, at: ctx.meta.at,
        rating: ctx.data.rating,
        unit,
        level: unit?.level,
        round: ctx.c.round,
        comment: ctx.data.comment,
      }),
    )
  })),

  ReopenComplaint: step(AFTER_NOTICE, (ctx) => {
    const reopen = (previousUnit: HandlingUnit | undefined, unit: HandlingUnit): Outcome =>
      mustCover(ctx, unit, 'unit.jurisdiction', () =>
        ok(
          emit('ComplaintReopened', {
            complaintId: ctx.c.id, at: ctx.meta.at,
            reason: ctx.data.reason,
            previousUnit,
            unit,
            round: ctx.c.round + 1,
            // A reopened case gets a full new window from now, whatever the policy counts from.
            ...roundDeadlines(ctx, policyOf(ctx), ctx.meta.at),
          }),
        ),
      )
    const rejects = () => refuse(ctx, 'only a case rated unsatisfied or called back unsatisfied or not solved is reopened')
    // Referred to mediation before any dispatch (访调对接), the mediation's result came back and the complainant rejects
    // it: 重办 sends the case to a unit for the first time — the one the hotline names (no earlier unit to send it back to).
    if (ctx.c.lead === undefined && ctx.c.mediation !== undefined) {
      if (!complainantRejects(ctx.c)) return rejects()
      return ctx.data.unit === undefined
        ? fail('unit', 'is required: the case was referred to mediation before any dispatch, so no earlier unit takes it back')
        : reopen(undefined, declaredOnly(HandlingUnit, ctx.data.unit))
    }
    return inHand(ctx, (lead) => {
      if (!complainantRejects(ctx.c)) return rejects()
      return reopen(lead, ctx.data.unit === undefined ? lead : declaredOnly(HandlingUnit, ctx.data.unit))
    })
  }),

  // Not while a 考评申诉 of the case is pending: merged, the case counts nothing (its primary counts: DOMAIN.md "Denominator
  // rules"), so the application could no longer change any figure, and would be left to a supervisor to decide for nothing.
  // Decided (approved or rejected), the case is merged as before: excluded, it counts nothing either way.
  MergeComplaint: step(['registered', 'accepted', 'returned', 'dispatched'], (ctx) => {
    if (ctx.data.primaryId.toLowerCase() === ctx.c.id.toLowerCase()) return fail('primaryId', 'expected another case than this one')
    if (ctx.c.exclusion?.status === 'pending') {
      return refuse(ctx, 'an application to exclude the case from assessment (考评申诉) is pending: a supervisor decides it first (decide-exclusion), then the case is merged')
    }
    return ok(emit('ComplaintMerged', { complaintId: ctx.c.id, at: ctx.meta.at, primaryId: ctx.data.primaryId, reason: ctx.data.reason }))
  }),

  // A missed 报到 is the summoned departments' (docs/kpis.md "Whose overdue deadline is it"), not the lead's: the
  // scheduler's urging of one names those that owe it, and is refused when none does any more (its read model behind).
  UrgeComplaint: step(OPEN, (ctx) => {
    const urged = (extra: { units?: string[] }) =>
      ok(emit('ComplaintUrged', { complaintId: ctx.c.id, at: ctx.meta.at, note: ctx.data.note, state: ctx.c.status, unit: ctx.c.lead, resultBy: ctx.c.resultBy, ...extra }))
    const { kind, deadline } = ctx.data
    if (kind !== 'arrival' || deadline === undefined) return urged({})
    const units = owingArrival(ctx.c.summoned, deadline)
    return units.length === 0 ? refuse(ctx, `no summoned department owes a 报到 by ${deadline}: each came, or its round ended`) : urged({ units })
  }),

  RebaseDeadlines: step([...OPEN, 'closed'], (ctx) => {
    const calendar = ctx.config.calendar
    // Closed, one deadline can still decide something: the 报到 of a department not rated yet that never came, or came
    // and reported no part — 以下评上 (RateDepartmentHelp) is taken in `closed` too, once that deadline has gone by (found
    // in review: a closed case kept the old calendar's day, and a rating was taken a day early). Nothing else on a closed case moves; one
    // with no such department refuses, as before. Rejected and merged cases never have a summons: 吹哨 comes after
    // 签收, and a case is rejected only when registered and merged at the latest when dispatched, a fresh round.
    if (ctx.c.status === 'closed') {
      const awaitingRating = ctx.c.summoned.filter((s) => s.part === undefined && s.rating === undefined && s.reportBy !== undefined)
      if (awaitingRating.length === 0) return refuse(ctx, 'the case is closed and no summoned department awaits its rating (以下评上): no deadline left to move')
      return rebased(ctx, ctx.data.reason, arrivalChanges(awaitingRating, calendar))
    }
    // Count each calendar-counted deadline again, as first counted (and extended), with today's calendar — only those
    // still running, or stopped where a step leads back to them on the date stored (a referral that may fail): one met
    // or ended is history (found in review: a result submitted Sun 2027-01-10 had its deadline moved 1-11 → 1-09 after it).
    const changes: DeadlineChange[] = (
      [
        ['accept', awaitingAcceptance(ctx.c) ? ctx.c.acceptBy : undefined, ctx.c.counted?.accept],
        ['dispatch', awaitingDispatch(ctx.c) ? ctx.c.dispatchBy : undefined, ctx.c.counted?.dispatch],
        ['result', resultRunning(ctx.c) ? ctx.c.resultBy : undefined, ctx.c.counted?.result],
      ] as const
    ).flatMap(([kind, previous, stamps]) => {
      const change = changeOf(kind, previous, stamps, () => calendar)
      return change === undefined ? [] : [change]
    })
    // 报到 of each department not yet arrived, in any open state of its round: after the result it can no longer arrive,
    // but its deadline still decides when it may be rated (RateDepartmentHelp) and keeps it on the overdue list; and of
    // one arrived with no part reported nor rated (the same deadline decides when it may be rated); a new round (退单,
    // 重办) clears the summons.
    changes.push(...arrivalChanges(ctx.c.summoned.filter(awaitsItsDeadline), calendar))
    return rebased(ctx, ctx.data.reason, changes)
  }),

  // 补充诉求 / 补充材料: while the case is open (before it is closed, rejected or merged) the complainant adds detail or files,
  // and whoever handles or reads the case sees them. The resident only on its own case (`authorize`); the hotline on its
  // call. A patrol finding has no complainant. It moves no deadline: nothing here names one.
  // Taken from the complainant: on a 举报, by the hotline only (an admin reads who reported masked: `reporterContactedByHotline`).
  SupplementComplaint: step(OPEN, (ctx) =>
    ctx.c.source === 'patrol'
      ? refuse(ctx, 'a patrol finding (巡查发现) has no complainant to add to it')
      : reporterContactedByHotline(ctx, "record what the complainant adds (补充诉求)", () =>
          ok(emit('ComplaintSupplemented', { complaintId: ctx.c.id, at: ctx.meta.at, text: ctx.data.text, attachments: ctx.data.attachments })),
        ),
  ),

  AddNote: step(OPEN, (ctx) => ok(emit('ComplaintNoteAdded', { complaintId: ctx.c.id, at: ctx.meta.at, note: ctx.data.note }))),

  // 回访 (北京市接诉即办工作条例: the hotline calls back when the deadline expires; DOMAIN.md "Complaint": "after the result
  // is notified (and, at the latest, when the result deadline passes)"): after the complainant was notified, or earlier
  // once the result deadline has passed — in every state that deadline runs in (`RESULT_RUNNING`): a round in hand, its
  // result not yet told, and also a case no unit holds while its 信访 period from acceptance runs (`accepted`, `returned`)
  // and a case referred to mediation, which stays on the overdue list until its dispute concludes (found in review: the
  // deadline passed there and the callback was refused, 409). The answers are the complainant's own; before any dispatch
  // no unit is credited. A complaint referred to mediation before any dispatch under 12345 has no result deadline: the
  // mediation's conclusion is its result, and the callback follows the notice as after any result.
  RecordCallback: step([...RESULT_RUNNING, ...AFTER_NOTICE], (ctx) => noComplainant(ctx, () => reporterContactedByHotline(ctx, 'record the callback (回访)', () => {
    const { lead, resultBy } = ctx.c
    if (noContact(ctx.c)) return refuse(ctx, 'the complainant left no phone number or account: there is no one to call back')
    const { reached, declined, contacted, solved, satisfaction, note } = ctx.data
    if (!AFTER_NOTICE.includes(ctx.c.status) && (resultBy === undefined || withinDeadline(resultBy, ctx.meta.at, inHours(ctx.c.counted?.result)))) {
      const waiting = ctx.c.status === 'result-submitted' || ctx.c.status === 'referred-to-mediation' ? 'the complainant has not been notified of the mediation result' : 'no result deadline runs yet (it is counted from the dispatch)'
      return refuse(ctx, resultBy === undefined ? waiting : `the complainant has not been notified and the result deadline ${resultBy} has not passed`)
    }
    const answered = contacted !== undefined || solved !== undefined || satisfaction !== undefined
    if (!reached && declined !== undefined) return fail('declined', 'only a complainant who was reached can decline')
    if ((!reached || declined === true) && answered) {
      const path = contacted !== undefined ? 'contacted' : solved !== undefined ? 'solved' : 'satisfaction'
      return fail(path, reached ? 'a complainant who declined gives no answers' : 'a complainant who was not reached gives no answers')
    }
    if (reached && declined !== true) {
      if (contacted === undefined) return fail('contacted', 'is required when the complainant was reached')
      if (solved === undefined) return fail('solved', 'is required when the complainant was reached')
      if (satisfaction === undefined) return fail('satisfaction', 'is required when the complainant was reached')
    }
    const unit = ctx.c.result?.actingUnit ?? ctx.c.result?.unit ?? lead
    return ok(emit('ComplaintCallbackRecorded', { complaintId: ctx.c.id, at: ctx.meta.at, reached, note, resultBy, unit, contacted, solved, satisfaction, declined, round: ctx.c.round }))
  }))),

  // 考评申诉: the unit that had the case applies; one application at a time, none after an approval.
  ApplyForExclusion: step(HANDLED, (ctx) => {
    const unit = ctx.c.lead ?? ctx.c.firstLead
    if (unit === undefined) return refuse(ctx, 'the case has had no handling unit')
    if (ctx.c.exclusion?.status === 'pending') return refuse(ctx, 'an application to exclude the case is pending')
    if (ctx.c.exclusion?.status === 'approved') return refuse(ctx, 'the case is already excluded from assessment')
    return after(requireActsFor(ctx.actor, unit, ctx.type, 'the handling unit'), () => {
      // 并案: a merged duplicate counts nothing in the evaluation, its primary counts once (DOMAIN.md "Denominator rules";
      // projections `rateFacts`, `listedExclusionAsOf`), so excluding it would change nothing. Nor is it carried to the
      // primary: that would take the one case that counts for the demand out of the 三率 on grounds given about another.
      // Told after the unit is checked, so only the unit learns the primary from the refusal.
      if (ctx.c.status === 'merged') {
        const primary = ctx.c.mergedInto ?? 'its primary'
        return refuse(ctx, `the case was merged into ${primary} (并案): a merged duplicate counts nothing in the evaluation, its primary counts — apply on ${primary}, if that case is to be excluded`)
      }
      return ok(emit('ComplaintExclusionApplied', { complaintId: ctx.c.id, at: ctx.meta.at, unit, ground: ctx.data.ground, reason: ctx.data.reason }))
    })
  }),

  DecideExclusion: step(HANDLED, (ctx) => {
    const pending = ctx.c.exclusion
    if (pending?.status !== 'pending') return refuse(ctx, 'no application to exclude the case is pending')
    return ok(emit('ComplaintExclusionDecided', { complaintId: ctx.c.id, at: ctx.meta.at, unit: pending.unit, ground: pending.ground, approved: ctx.data.approved, reason: ctx.data.reason }))
  }),

  ReferToMediation: step(
    REFERRED_FROM,
    (ctx) => {
      const { complainant, lead } = ctx.c
      // 首接负责制: once a unit leads the case, only it (or a superior for it) or the hotline refers it (`refersFor`).
      if (!refersFor(ctx.actor, lead)) {
        return E.left(forbidden(`${ctx.actor.role} ${ctx.actor.id} may not ${ctx.type}: only the lead unit ${lead?.name ?? lead?.id ?? ''} or the hotline may`))
      }
      // An anonymous complainant cannot be the applicant of a mediation: the dispute names its parties.
      if (complainant.name === undefined) return refuse(ctx, 'an anonymous complaint names no one to apply for mediation')
      // Who made a 举报 is known only to the hotline, supervisors and itself (DOMAIN.md; 信访工作条例 art. 30): a dispute
      // would name it, as its applicant, in full to its mediators and officers and beside the respondent it reported.
      if (ctx.c.kind === 'report') return refuse(ctx, "a 举报's reporter is kept confidential, and a mediation names its parties to each other: the reporter may apply for mediation itself")
      // The dispute names its parties by name, so they must differ (as the dispute's Parties requires).
      const names = [complainant.name, ...ctx.data.respondents.map((r) => r.name)].map((n) => n.trim())
      const repeated = names.findIndex((n, i) => i > 0 && names.indexOf(n) < i)
      if (repeated > 0) return fail(`respondents[${repeated - 1}].name`, `expected a name other than the complainant's and the other respondents': the dispute names its parties by name`)
      return ok(
        emit('ComplaintReferredToMediation', {
          complaintId: ctx.c.id,
          // Small letters: the id the routes use (a capital letter would open a dispute no route reaches).
          disputeId: ctx.data.disputeId?.toLowerCase() ?? referralDisputeId(ctx.c.id, (ctx.c.referrals ?? 0) + 1),
          disputeCategory: ctx.data.disputeCategory,
          jurisdiction: ctx.c.jurisdiction,
          applicant: defined({ name: complainant.name, phone: complainant.phone, residentId: complainant.residentId }),
          respondents: ctx.data.respondents.map((r) => declaredOnly(Person, r)),
          summary: ctx.data.summary,
          reason: ctx.data.reason,
          ...referralDeadline(ctx),
        }),
      )
    },
  ),

  // A 报到 deadline is each summoned department's: departments summoned together share it, and the scheduler records one
  // reminder per deadline (its command id names the case, kind and deadline). The reminder names those that owe it now —
  // summoned with that deadline and not yet come — so a department reading the case (or the feed) sees whether it is its
  // own, and one that came on time is not told it is late. When none owes it (all came before the scheduler looked, or
  // the round ended by 退单 or 重办) there is nothing to remind of: refused, as the scheduler's read model lagged.
  RecordDeadlineReminder: step(OPEN, (ctx) => {
    const { kind, deadline, reminder } = ctx.data
    const emitted = (extra: { units?: string[] }) => ok(emit('ComplaintDeadlineReminder', { complaintId: ctx.c.id, at: ctx.meta.at, kind, deadline, reminder, ...extra }))
    if (kind !== 'arrival') return emitted({})
    const units = owingArrival(ctx.c.summoned, deadline)
    return units.length === 0 ? refuse(ctx, `no summoned department owes a 报到 by ${deadline}: each came, or its round ended`) : emitted({ units })
  }),

  // The referred dispute's conclusion: the complaint's result. What the dispute comes to after it (the court rejects the
  // agreement, 驳回, and it goes back to mediation or to litigation: DOMAIN.md "Dispute") is recorded too, in whatever
  // state the complaint is in (closed and merged included), as an event of its own that moves it nowhere: the complaint's
  // handling ended with the result it took — its notice, callback and rating are of that round, and a 重办 is the
  // complainant's to ask for on a callback, not the court's — and the complainant is told what came after (the hotline
  // reads it on the case, history and feed). Refused, it would be dropped after the dispute acknowledged it.
  RecordMediationOutcome: step(STATUSES, (ctx) => {
    const { disputeId, outcome, summary } = ctx.data
    const named = disputeId.toLowerCase()
    const waiting = ctx.c.status === 'referred-to-mediation' && (ctx.c.disputeId === undefined || ctx.c.disputeId.toLowerCase() === named)
    if (waiting) {
      if (outcome === 'confirmation-rejected') return fail('outcome', 'expected agreement, failed, litigation or declined: a court rejects an agreement only after it was reached, and that agreement is the conclusion')
      return ok(emit('ComplaintMediationConcluded', { complaintId: ctx.c.id, at: ctx.meta.at, disputeId, outcome, summary }))
    }
    // Only of a dispute whose conclusion the complaint took: the last, or an earlier one (a complaint referred again after
    // a 重办; while it waits on its new dispute, that one's conclusion is taken above).
    const concluded = ctx.c.mediation?.disputeId
    const known = [concluded, ...(ctx.c.mediation?.earlier ?? [])].some((id) => id !== undefined && id.toLowerCase() === named)
    if (!known) {
      if (ctx.c.status !== 'referred-to-mediation' && concluded === undefined) return refuse(ctx, 'the complaint is not referred to mediation')
      return fail('disputeId', `expected ${ctx.c.status === 'referred-to-mediation' ? ctx.c.disputeId : concluded}, the dispute this complaint was referred to`)
    }
    return ok(emit('ComplaintMediationUpdated', { complaintId: ctx.c.id, at: ctx.meta.at, disputeId, outcome, summary }))
  }),

  // The referral could not open its dispute: back to where the case was referred from, pointing at no dispute.
  RecordReferralFailure: step(['referred-to-mediation'], (ctx) => {
    const { disputeId, referredFrom } = ctx.c
    if (disputeId !== undefined && disputeId.toLowerCase() !== ctx.data.disputeId.toLowerCase()) {
      return fail('disputeId', `expected ${disputeId}, the dispute this complaint was referred to`)
    }
    // The fold keeps `referredFrom` at every referral (from the log, old ones too); the default only satisfies the type.
    const backTo = referredFrom ?? 'accepted'
    return ok(emit('ComplaintReferralFailed', { complaintId: ctx.c.id, at: ctx.meta.at, disputeId: ctx.data.disputeId, code: ctx.data.code, reason: ctx.data.reason, backTo }))
  }),

  CloseComplaint: step(['evaluated', 'complainant-notified', 'result-submitted'], (ctx) => {
    // 核查结案: a patrol finding has no complainant to notify or ask; once its result is in, it is verified and closed.
    if (ctx.c.status === 'result-submitted') {
      if (ctx.c.source === 'patrol') return ok(emit('ComplaintClosed', { complaintId: ctx.c.id, at: ctx.meta.at, closedAs: 'verified', reason: ctx.data.reason }))
      // No contact (匿名): no notice can be given but in person, no callback made, no rating taken — closed un-evaluated.
      return noContact(ctx.c)
        ? ok(emit('ComplaintClosed', { complaintId: ctx.c.id, at: ctx.meta.at, closedAs: 'no-evaluation', reason: ctx.data.reason }))
        : refuse(ctx, 'the complainant has not been notified of the result')
    }
    const rating = ctx.c.evaluation?.rating
    if (ctx.c.status === 'complainant-notified') {
      return ctx.data.reason === undefined
        ? fail('reason', 'is required to close a case the complainant has not evaluated')
        : ok(emit('ComplaintClosed', { complaintId: ctx.c.id, at: ctx.meta.at, closedAs: 'no-evaluation', reason: ctx.data.reason }))
    }
    // Unsatisfied by its 一事一评, or by a 回访 after the result (unsatisfied or not solved): closed without a 重办, say why.
    if (complainantRejects(ctx.c) && ctx.data.reason === undefined) return fail('reason', 'is required to close an unsatisfied case')
    return ok(emit('ComplaintClosed', { complaintId: ctx.c.id, at: ctx.meta.at, closedAs: 'evaluated', rating, reason: ctx.data.reason }))
  }),
}

const register = (command: RegisterComplaint, state: ComplaintState, config: ResolvedConfig): Outcome => {
  const { data, meta } = command
  const { actor, at } = meta
  // One answer whoever asks: neither the case's state nor whether the caller may act on it (HTTP.md: never reveal a case).
  if (exists(state)) return E.left(alreadyExists())
  // A resident files for themself; an operator may file for a resident's account.
  const ownerId = actor.role === 'resident' ? actor.id : data.complainant?.residentId
  const scope = { jurisdiction: data.jurisdiction, departments: [], ...(ownerId === undefined ? {} : { ownerId }) }
  const allowed = authorizeCommand(actor, 'RegisterComplaint', scope)
  if (E.isLeft(allowed)) return allowed
  const patrolRule = patrolRules(command, config)
  if (patrolRule !== undefined) return E.left(patrolRule)
  // The deployment's categories are configuration, not shape: a typed command may name any text.
  if (!config.categories.some((c) => c.id === data.category)) return fail('category', `expected one of ${config.categories.map((c) => c.id).join(', ')}`)
  if (data.answer !== undefined) {
    if (data.kind !== 'consultation') return fail('answer', 'only a consultation is answered at registration')
    // The answer closes the case: one resolved on the spot is closed by its result, and a patrol finding has no one who asked.
    if (data.onTheSpot !== undefined) return fail('answer', 'a case resolved on the spot (现场办结) is closed by its result: give the answer or onTheSpot, not both')
    if (data.source === 'patrol') return fail('answer', 'a patrol finding (巡查发现) has no one who asked: only a consultation someone made is answered')
  }
  const urgency = data.urgency ?? 'normal'
  const policy = config.policyFor(data.category, urgency)
  const registered = emit('ComplaintRegistered', {
    complaintId: data.id,
    at,
    channel: data.channel,
    kind: data.kind,
    category: data.category,
    urgency,
    title: data.title,
    description: data.description,
    jurisdiction: data.jurisdiction,
    address: data.address,
    complainant: defined({ ...(data.complainant === undefined ? {} : declaredOnly(Complainant, data.complainant)), residentId: ownerId }),
    ownerId,
    policy: policy.name,
    source: data.source === 'patrol' ? 'patrol' : undefined,
    photos: data.photos,
    location: data.location === undefined ? undefined : declaredOnly(GeoPoint, data.location),
    // A case resolved on the spot, or a consultation answered at registration, is closed at once: it never waits to be accepted.
    ...(data.onTheSpot === undefined && data.answer === undefined ? acceptDeadline(at, policy, config) : {}),
    attachments: data.attachments,
  })
  if (data.onTheSpot !== undefined) {
    const { result, photos } = data.onTheSpot
    return ok(
      registered,
      emit('ComplaintResolvedOnTheSpot', { complaintId: data.id, at, unit: gridUnitOf(data.jurisdiction), result, outcome: 'resolved', photos }),
      emit('ComplaintClosed', { complaintId: data.id, at, closedAs: 'resolved-on-the-spot' }),
    )
  }
  return data.answer === undefined
    ? ok(registered)
    : ok(registered, emit('ComplaintClosed', { complaintId: data.id, at, closedAs: 'answered', answer: data.answer }))
}

/** Who takes down a matter that comes in on each channel (for the refusal's wording). */
const CHANNEL_DESK: Readonly<Record<Channel, string>> = {
  'hotline-12345': 'a call the 12345 hotline took, registered there',
  'message-board': "the 12345 platform's message board, registered by the hotline or its writer",
  'mini-program': 'the app, registered by the hotline or its user',
  'grid-visit': "a grid's rounds, registered by the grid worker or the community or street visiting it",
  'walk-in': 'a visit to a community or street office (or to the 受理 desk, 信访 来访), registered there',
  'contact-card': 'a call or note to the number on a 民情联络卡: the grid, community or street on the card',
}

/** The grid a place lies in, as the unit that resolves on the spot (its id is its path, as an acting unit's is). */
const gridUnitOf = (jurisdiction: string): HandlingUnit => ({ id: jurisdiction, level: 'grid', jurisdiction })

/**
 * 巡查发现 and 现场办结 (DOMAIN.md "Grid work"): a patrol finding is a grid worker's, with no complainant, on a grid
 * visit; a case resolved on the spot is a grid worker's, in a grid, in a category the configuration allows.
 */
const patrolRules = (command: RegisterComplaint, config: ResolvedConfig): DomainError | undefined => {
  const { data, meta } = command
  const { actor } = meta
  const patrolRole = actor.role === 'admin' || PATROL_ROLES.includes(actor.role)
  // Who first (forbidden), then what (validation).
  if (data.source === 'patrol' && !patrolRole) return forbidden(`${actor.role} ${actor.id} may not report a patrol finding (巡查发现): only a grid worker patrols`)
  if (data.onTheSpot !== undefined && !patrolRole) return forbidden(`${actor.role} ${actor.id} may not resolve a case on the spot (现场办结): only a grid worker does`)
  if (data.answer !== undefined && actor.role !== 'admin' && !ANSWERING_ROLES.includes(actor.role)) return forbidden(`${actor.role} ${actor.id} may not answer a consultation at registration`)
  // The channel is where the matter came in, and the registering role must be one that receives it (REGISTERING_CHANNELS):
  // a resident files from its own account (found by the resident persona: a resident's app filing could read
  // hotline-12345 in the record and every channel count), and staff take down only what reaches them (found in review:
  // a grid worker's registration read hotline-12345, a call the hotline never took). A wrong value in the data, not a
  // role that may not register: 400 at channel, as a resident's has been.
  const channels = REGISTERING_CHANNELS[actor.role]
  if (channels !== undefined && !channels.includes(data.channel)) {
    const why = actor.role === 'resident' ? `a resident files from its own account (the app, the message board, a 民情联络卡's code); ${data.channel} is taken down by staff` : `a ${actor.role} registers what reaches it; ${data.channel} is ${CHANNEL_DESK[data.channel]}`
    return validationError([{ path: 'channel', message: `expected ${channels.join(', ')}: ${why}` }])
  }
  if (data.source === 'patrol') {
    if (data.complainant !== undefined) return validationError([{ path: 'complainant', message: 'a patrol finding (巡查发现) has no complainant: leave it out, or register the complaint of the person who raised it' }])
    if (data.channel !== 'grid-visit') return validationError([{ path: 'channel', message: 'expected grid-visit for a patrol finding (巡查发现)' }])
  } else if (data.location !== undefined) {
    // A point on the map of a problem found on patrol is a public place; of a complaint someone raised it may be their home.
    return validationError([{ path: 'location', message: 'only a patrol finding (巡查发现) carries a map point; give an address instead' }])
  }
  if (data.onTheSpot !== undefined) {
    if (levelOf(data.jurisdiction) !== 'grid') return validationError([{ path: 'jurisdiction', message: 'expected a place in a grid: only a grid resolves on the spot (现场办结)' }])
    if (!config.onTheSpotCategories.includes(data.category)) {
      const allowed = config.onTheSpotCategories.length === 0 ? 'none is configured' : `only ${config.onTheSpotCategories.join(', ')}`
      return validationError([{ path: 'category', message: `${data.category} may not be resolved on the spot (现场办结: ${allowed}); register it without onTheSpot and it goes up the chain` }])
    }
  }
  return meta.imported === true ? undefined : missingOnPatrol(data)
}

/**
 * DOMAIN.md "Grid work": a patrol finding (巡查发现) comes "with location and photos", and a case resolved on the spot
 * (现场办结) is closed "with the result and photos" — what the grid shows of a finding no one else raised, and of a result
 * no one else checks before the case closes (found in review: both were taken with no photo). At least one each, by hash
 * (a patrol finding's may be an `attachments` entry of kind photo); both missing, both named. The finding's point on the
 * map (`location`) likewise (found in review: taken without it, an address at most saying where the worker stood), named
 * first. A record imported from another platform (`meta.imported`) is taken as it was made: it cannot be given photos or
 * a point afterwards.
 */
const missingOnPatrol = (data: RegisterComplaint['data']): DomainError | undefined => {
  const missing: { path: string; message: string }[] = []
  if (data.source === 'patrol' && data.location === undefined) {
    missing.push({ path: 'location', message: 'expected the point on the map where it was found ({ longitude, latitude }, WGS-84 degrees): a patrol finding (巡查发现) is reported with its location' })
  }
  const photoOfPlace = (data.photos ?? []).length > 0 || (data.attachments ?? []).some((a) => a.kind === 'photo')
  if (data.source === 'patrol' && !photoOfPlace) {
    missing.push({ path: 'photos', message: 'expected at least one photo of what was found (its sha-256 from POST /api/v1/attachments): a patrol finding (巡查发现) is reported with its photos' })
  }
  if (data.onTheSpot !== undefined && (data.onTheSpot.photos ?? []).length === 0) {
    missing.push({ path: 'onTheSpot.photos', message: 'expected at least one photo of the result (its sha-256 from POST /api/v1/attachments): a case resolved on the spot (现场办结) is closed with the result and its photos' })
  }
  return missing.length === 0 ? undefined : validationError(missing)
}

// 受理时限 under policies that set one (信访), with the calendar that counted it.
const acceptDeadline = (at: string, policy: DeadlinePolicy, config: ResolvedConfig) => {
  if (policy.acceptWithin === undefined) return {}
  const acceptBy = deadlineAfter(at, policy.acceptWithin, config.calendar)
  return { acceptBy, calendar: spanStampOf(config.calendar, at, acceptBy, policy.acceptWithin) }
}

/**
 * Decides a complaint command, its data already decoded (`decodeCommand`, once, at the edge): not-found (no
 * case), then forbidden (role, scope, department, unit), then invalid-transition (state), then the command's own
 * checks against the case — and only then the events.
 */
export const decideComplaint =
  (config: ResolvedConfig) =>
  (command: ComplaintCommand, state: ComplaintState): Outcome => {
    if (command.type === 'RegisterComplaint') return register(command, state, config)
    const type: StepType = command.type
    // The table is keyed by type, so each step is called with its own command's data.
    const s = (steps as Readonly<Record<string, Step<StepType> | undefined>>)[type]
    if (s === undefined) return fail('type', `expected a complaint command, got ${String(type)}`)
    if (!exists(state)) return E.left(notFound(`complaint does not exist`))
    const scope = complaintScope(state)
    if (scope === undefined) return E.left(notFound(`complaint does not exist`))
    const allowed = authorizeCommand(command.meta.actor, type, scope)
    if (E.isLeft(allowed)) return allowed
    const { actor } = command.meta
    if (type === 'CloseComplaint' && state.source !== 'patrol' && !CLOSERS.includes(actor.role)) {
      return E.left(forbidden(`${actor.role} ${actor.id} may not close a case raised by a complainant: the hotline or a supervisor closes it`))
    }
    return s.decide({ c: state, data: command.data, meta: command.meta, actor: command.meta.actor, config, type })
  }
