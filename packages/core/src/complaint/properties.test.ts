import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { fold } from '../kernel/decider.js'
import { addHours } from '../calendar/dates.js'
import type * as t from 'io-ts'
import { commandData, type ComplaintCommand } from './commands.js'
import { eventData, type ComplaintEvent } from './events.js'
import { actors, CASE_ID, command, DISPUTE_ID, historyUntil, OTHER_CASE_ID, registration, run, units, type Run } from './fixtures.js'
import { complaint, complaintDecider } from './index.js'
import { actsFor, complaintPermissions } from './policy.js'
import { covers, type HandlingUnit } from './unit.js'
import { STATUSES, initialState, type ComplaintState } from './state.js'
import { evolveBefore } from '../../../../tests/support/complaintFoldBefore.js'

const decider = complaintDecider()
const allActors = Object.values(actors) as readonly Actor[]
const allUnits = Object.values(units)
const unitIds = [...allUnits.map((u) => u.id), 'nobody']

const anyUnit = fc.constantFrom(...allUnits)
// Mostly valid input, sometimes not.
const text = fc.oneof({ arbitrary: fc.constant('原因'), weight: 8 }, { arbitrary: fc.constantFrom('', '  '), weight: 1 })
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** Command data, mostly valid, sometimes not. */
const dataFor: Record<ComplaintCommand['type'], fc.Arbitrary<unknown>> = {
  RegisterComplaint: fc.record({
    kind: fc.constantFrom('complaint', 'consultation', 'help', 'report'),
    category: fc.constantFrom('heating', 'law-related', 'weather', 'sanitation'),
    urgency: fc.constantFrom('normal', 'urgent'),
    answer: maybe(fc.constantFrom('答复')),
    onTheSpot: maybe(fc.constant({ result: '已清理' })),
    patrol: fc.boolean(),
  }).map(({ patrol, ...o }) => {
    const data = registration(o as Partial<Parameters<typeof registration>[0]>)
    if (!patrol) return data
    const { complainant: _none, ...found } = data
    return { ...found, source: 'patrol', channel: 'grid-visit' }
  }),
  AcceptComplaint: fc.constant({}),
  RejectComplaint: fc.record({ reason: text }),
  DispatchComplaint: fc.record({ unit: anyUnit }),
  AcknowledgeComplaint: fc.constant({}),
  EscalateComplaint: fc.record({ to: anyUnit, reason: text }),
  SummonDepartments: fc.record({ departments: fc.subarray([units.housing, units.environment, units.district]), reason: text }),
  ReportArrival: fc.record({ unitId: fc.constantFrom(...unitIds) }),
  ReportDepartmentPart: fc.record({ unitId: fc.constantFrom(...unitIds), report: text }),
  RateDepartmentHelp: fc.record({ unitId: fc.constantFrom(...unitIds), rating: fc.constantFrom('satisfied', 'basically-satisfied', 'unsatisfied'), comment: text }),
  AddCoHandler: fc.record({ unit: anyUnit }),
  ReportCoHandling: fc.record({ unitId: fc.constantFrom(...unitIds), report: text }),
  RequestExtension: fc.record({ days: fc.integer({ min: 0, max: 40 }), reason: text }),
  ApproveExtension: fc.record({ days: maybe(fc.integer({ min: 1, max: 20 })) }).map((o) => (o.days === undefined ? {} : o)),
  DenyExtension: fc.record({ reason: text }),
  SubmitResult: fc.record({ result: text, outcome: fc.constantFrom('resolved', 'explained', 'done') }),
  ReturnComplaint: fc.record({ reason: text }),
  NotifyComplainant: fc.record({ method: fc.constantFrom('phone', 'sms', 'pigeon') }),
  SupplementComplaint: fc.oneof(
    fc.record({ text: fc.constantFrom('补充：楼道里也不热，电话13912345678') }),
    fc.record({ attachments: fc.constantFrom([{ sha256: 'd'.repeat(64), kind: 'photo' }], []) }),
    fc.record({ text, attachments: fc.constant([{ sha256: 'e'.repeat(64), kind: 'document', caption: '供热合同' }]) }),
    fc.constant({}),
  ),
  EvaluateComplaint: fc.record({ rating: fc.constantFrom('satisfied', 'basically-satisfied', 'unsatisfied') }),
  ReopenComplaint: fc.record({ reason: text, unit: maybe(anyUnit) }).map((o) => (o.unit === undefined ? { reason: o.reason } : o)),
  MergeComplaint: fc.record({ primaryId: fc.constantFrom(CASE_ID, OTHER_CASE_ID) }),
  UrgeComplaint: fc.record({ note: text }),
  AddNote: fc.record({ note: text }),
  RebaseDeadlines: fc.record({ reason: text }),
  RecordCallback: fc.oneof(
    fc.record({ reached: fc.boolean(), note: text }),
    fc.record({ reached: fc.constant(true), contacted: fc.boolean(), solved: fc.constantFrom('solved', 'partly', 'not-solved', 'mostly'), satisfaction: fc.constantFrom('satisfied', 'basically-satisfied', 'unsatisfied') }),
  ),
  ApplyForExclusion: fc.record({ ground: fc.constantFrom('unreasonable-demand', 'mis-dispatch', 'duplicate', 'other'), reason: text }),
  DecideExclusion: fc.record({ approved: fc.boolean(), reason: text }),
  ReferToMediation: fc.record({
    disputeId: fc.constantFrom(DISPUTE_ID, 'nope'),
    disputeCategory: fc.constant('neighbour'),
    respondents: fc.constantFrom([], [{ name: '赵六' }], [{ name: '赵六', phone: '1' }]),
    summary: fc.constant('纠纷'),
  }),
  RecordDeadlineReminder: fc.record({ kind: fc.constantFrom('result', 'acknowledge'), deadline: fc.constantFrom('2026-03-10T18:00:00+08:00', 'soon'), reminder: fc.constantFrom('due-soon', 'overdue', 'late') }),
  RecordMediationOutcome: fc.record({ disputeId: fc.constantFrom(DISPUTE_ID, OTHER_CASE_ID), outcome: fc.constantFrom('agreement', 'failed', 'litigation', 'settled') }),
  RecordReferralFailure: fc.record({ disputeId: fc.constantFrom(DISPUTE_ID, OTHER_CASE_ID), code: fc.constantFrom('already-exists', 'validation'), reason: text }),
  CloseComplaint: fc.record({ reason: maybe(text) }).map((o) => (o.reason === undefined ? {} : o)),
}

type CommandType = ComplaintCommand['type']
const TYPES = Object.keys(dataFor) as CommandType[]
const WORKING: CommandType[] = ['EscalateComplaint', 'SummonDepartments', 'AddCoHandler', 'ReportCoHandling', 'RequestExtension', 'ApproveExtension', 'DenyExtension', 'SubmitResult', 'RecordCallback', 'ReferToMediation']
/** The commands worth trying in each state, so random sequences get deep into the case. */
const likely: Record<ComplaintState['status'], CommandType[]> = {
  none: ['RegisterComplaint'],
  registered: ['AcceptComplaint', 'AcceptComplaint', 'AcceptComplaint', 'RejectComplaint', 'MergeComplaint', 'ReferToMediation'],
  accepted: ['DispatchComplaint', 'DispatchComplaint', 'DispatchComplaint', 'MergeComplaint', 'ReferToMediation'],
  returned: ['DispatchComplaint', 'DispatchComplaint', 'MergeComplaint'],
  dispatched: ['AcknowledgeComplaint', 'AcknowledgeComplaint', 'AcknowledgeComplaint', 'ReturnComplaint', 'RecordCallback', 'ApproveExtension', 'SupplementComplaint'],
  acknowledged: [...WORKING, 'SubmitResult', 'SubmitResult', 'ReturnComplaint'],
  escalated: ['AcknowledgeComplaint', 'ReportCoHandling', 'ApproveExtension', 'DenyExtension', 'RecordCallback'],
  'departments-summoned': [...WORKING, 'ReportArrival', 'ReportDepartmentPart', 'RateDepartmentHelp', 'ReturnComplaint'],
  'result-submitted': ['NotifyComplainant'],
  'complainant-notified': ['EvaluateComplaint', 'EvaluateComplaint', 'EvaluateComplaint', 'CloseComplaint', 'RecordCallback', 'ReopenComplaint'],
  evaluated: ['ReopenComplaint', 'ReopenComplaint', 'CloseComplaint', 'RecordCallback', 'ApplyForExclusion'],
  rejected: [],
  merged: [],
  'referred-to-mediation': ['RecordMediationOutcome', 'UrgeComplaint', 'RecordReferralFailure', 'ReportArrival', 'ReportDepartmentPart'],
  closed: ['ApplyForExclusion', 'DecideExclusion', 'SupplementComplaint'],
}
const permittedActors = (type: CommandType): readonly Actor[] =>
  allActors.filter((a) => a.role === 'admin' || complaintPermissions[type].includes(a.role))

const hours = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 6 }), weight: 5 }, { arbitrary: fc.integer({ min: 0, max: 24 * 20 }), weight: 1 })

/**
 * One step of a random sequence: mostly a command likely in the current state by an actor whose
 * role may issue it; sometimes any command by anyone. Resolved against the state when run.
 */
const stepWithData = fc.record({
  wild: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))).chain((b) => (b ? fc.boolean() : fc.constant(false))),
  typePick: fc.nat(),
  actorPick: fc.nat(),
  hours,
  data: fc.record(dataFor),
})
type Step = typeof stepWithData extends fc.Arbitrary<infer S> ? S : never

const resolve = (s: Step, state: ComplaintState): { type: CommandType; actor: Actor; data: unknown } => {
  const choices = s.wild || likely[state.status].length === 0 ? TYPES : likely[state.status]
  const type = choices[s.typePick % choices.length] ?? 'AddNote'
  const permitted = permittedActors(type)
  // Favour whoever acts for the lead unit, as lead-only commands need them.
  const forLead = state.status !== 'none' && state.lead !== undefined ? permitted.filter((a) => state.lead !== undefined && actsFor(a, state.lead)) : []
  const pool = s.wild ? allActors : [...forLead, ...forLead, ...permitted]
  return { type, actor: pool[s.actorPick % pool.length] ?? actors.admin, data: s.data[type] }
}

/** A starting point somewhere along the happy path (with a random lead), or no case at all. */
const start: fc.Arbitrary<Run> = fc.oneof(
  fc.constant<Run>({ events: [], state: { status: 'none' } }),
  fc
    .record({
      stage: fc.constantFrom('registered', 'accepted', 'dispatched', 'acknowledged', 'resultSubmitted', 'notified'),
      lead: fc.constantFrom(
        [units.grid, actors.gridWorker],
        [units.community, actors.communityWorker],
        [units.street, actors.streetOfficer],
        [units.housing, actors.housingOfficer],
      ),
    })
    .map(({ stage, lead }) => historyUntil(stage, lead[0], lead[1])),
  // Acknowledged with an extension request pending: where the walks go on from one (a referral, an escalation, a 退单…).
  fc
    .constantFrom<[HandlingUnit, Actor]>([units.grid, actors.gridWorker], [units.street, actors.streetOfficer], [units.housing, actors.housingOfficer])
    .map(([unit, handler]) => run([command('RequestExtension', handler, '2026-03-03T08:00:00+08:00', { days: 5, reason: '需等待物业公司答复' })], {}, historyUntil('acknowledged', unit, handler))),
)

/**
 * The command as the pipeline hands it to the decider: its data decoded once, at the edge (`decodeCommand` uses the
 * same codecs); undefined when the edge refuses the data (decode.test.ts), so the decider never sees it.
 */
const toCommand = (s: { type: CommandType; actor: Actor; data: unknown }, at: string, i: number): ComplaintCommand | undefined => {
  const codec: t.Decoder<unknown, unknown> = s.type === 'RegisterComplaint' ? complaint.create.data : commandData[s.type]
  const data = codec.decode(s.data)
  return E.isLeft(data) ? undefined : ({ type: s.type, data: data.right, meta: { commandId: `p-${i}`, actor: s.actor, at } } as unknown as ComplaintCommand)
}

/** Invariants every reachable state keeps; returns what is broken. */
const broken = (s: ComplaintState): string[] => {
  if (s.status === 'none') return []
  const problems: string[] = []
  const need = (ok: boolean, what: string) => (ok ? undefined : problems.push(`${s.status}: ${what}`))
  need((STATUSES as readonly string[]).includes(s.status), 'a known status')
  const inHand = ['dispatched', 'acknowledged', 'escalated', 'departments-summoned', 'result-submitted', 'complainant-notified', 'evaluated'].includes(s.status)
  // …unless its result came from the mediation it was referred to before dispatch.
  if (inHand && (s.mediation === undefined || s.lead !== undefined)) {
    need(s.lead !== undefined && s.resultBy !== undefined && s.acknowledgeBy !== undefined, 'a lead and deadlines')
    need(s.round >= 1, 'a round')
    need(s.lead === undefined || covers(s.lead, s.jurisdiction), 'a lead covering the case')
  }
  // A complaint referred to mediation before it was acknowledged takes its result from the mediation.
  if (['acknowledged', 'departments-summoned', 'result-submitted', 'complainant-notified', 'evaluated'].includes(s.status)) need(s.acknowledgedAt !== undefined || s.mediation !== undefined, 'acknowledged')
  if (['result-submitted', 'complainant-notified'].includes(s.status)) need(s.result !== undefined || s.mediation !== undefined, 'a result')
  // A mediation's conclusion on a complaint never dispatched is rated too (its evaluation credits no unit).
  if (s.status === 'evaluated') need(s.result !== undefined || s.mediation !== undefined, 'a result')
  if (['complainant-notified', 'evaluated'].includes(s.status)) need(s.notified !== undefined, 'feedback')
  if (s.status === 'evaluated') need(s.evaluation !== undefined, 'an evaluation')
  if (s.status === 'registered') need(s.round === 0 && s.lead === undefined, 'no dispatch yet')
  if (s.status === 'returned') need(s.lead === undefined, 'no lead')
  if (s.status === 'merged') need(s.mergedInto !== undefined && s.mergedInto !== s.id, 'a primary case')
  if (s.status === 'referred-to-mediation') need(s.disputeId !== undefined, 'a dispute id')
  if (s.status === 'closed') need(s.closedAs !== undefined, 'how it closed')
  // One extension per round of handling: none is pending while the extension granted in this round (and since the last 退单) stands.
  need(!(s.extension !== undefined && s.extension.round === s.round && s.extension.returns === s.returns && s.pendingExtension !== undefined), 'no pending request once this round is extended')
  // A pending extension request is on a case only where an approver can answer it (the round's deadline runs) or while a
  // referral holds the case (a failed one puts it back in hand): every other step ends the request — a result, the
  // mediation's conclusion, a 退单, a redispatch or 重办 (fresh round), and merging, rejection or closing come only where
  // none can be pending. Left on, it would be listed as pending for good with no one able to answer it.
  need(s.pendingExtension === undefined || ['dispatched', 'acknowledged', 'escalated', 'departments-summoned', 'referred-to-mediation'].includes(s.status), 'no pending extension request no one can answer')
  const ids = s.coHandlers.map((c) => c.unit.id)
  need(new Set(ids).size === ids.length && !ids.includes(s.lead?.id ?? ''), 'distinct co-handlers other than the lead')
  const summoned = s.summoned.map((c) => c.unit.id)
  need(new Set(summoned).size === summoned.length && !summoned.includes(s.lead?.id ?? ''), 'distinct summoned departments other than the lead')
  return problems
}

const BASE = '2026-03-06T09:00:00+08:00'

describe('complaint decider properties', () => {
  it('random command sequences never throw, keep every invariant, and emit events that decode and survive JSON', () => {
    fc.assert(
      fc.property(start, fc.array(stepWithData, { minLength: 5, maxLength: 40 }), (from, steps) => {
        let state = from.state
        let at = BASE
        steps.forEach((s, i) => {
          at = addHours(at, s.hours)
          const command = toCommand(resolve(s, state), at, i)
          if (command === undefined) return
          const result = decider.decide(command, state)
          if (E.isLeft(result)) return
          for (const event of result.right) {
            const codec: { decode: (u: unknown) => E.Either<unknown, unknown> } = eventData[event.type]
            expect(E.isRight(codec.decode(event.data)), `${event.type} decodes`).toBe(true)
            expect(JSON.parse(JSON.stringify(event.data))).toStrictEqual(event.data)
            state = decider.evolve(state, event)
            // Every event but a reminder (time passing) or a referral (the dispute moves, not the case) stamps updatedAt.
            const at = (event.data as { readonly at?: string }).at
            if (state.status !== 'none' && event.type !== 'ComplaintDeadlineReminder' && event.type !== 'ComplaintReferredToMediation' && at !== undefined) {
              expect(state.updatedAt, `${event.type} moves updatedAt`).toBe(at)
            }
          }
          expect(broken(state)).toEqual([])
        })
      }),
      { numRuns: 300 },
    )
  })

  it('replaying the emitted events (even through JSON) gives the same state', () => {
    fc.assert(
      fc.property(start, fc.array(stepWithData, { minLength: 5, maxLength: 40 }), (from, steps) => {
        let state = from.state
        let events: readonly ComplaintEvent[] = from.events
        let at = BASE
        steps.forEach((s, i) => {
          at = addHours(at, s.hours)
          const command = toCommand(resolve(s, state), at, i)
          const result = command === undefined ? undefined : decider.decide(command, state)
          if (result !== undefined && E.isRight(result)) {
            state = fold(decider, result.right, state)
            events = [...events, ...result.right]
          }
        })
        expect(fold(decider, events)).toEqual(state)
        expect(fold(decider, JSON.parse(JSON.stringify(events)) as ComplaintEvent[])).toEqual(state)
      }),
      { numRuns: 200 },
    )
  })

  it('folds a case to the very keys, key order and values the fold before withKeys gave: the case body served and stored, byte for byte', () => {
    // The HTTP case body and the case list's stored row are the state's own keys, in their order (caseView copies
    // them, JSON.stringify writes them). Written with undefined kept, so a key present but undefined counts too.
    const exactly = (s: ComplaintState): string => JSON.stringify(s, (_key, value: unknown) => (value === undefined ? '<undefined>' : value))
    fc.assert(
      fc.property(start, fc.array(stepWithData, { minLength: 5, maxLength: 40 }), fc.nat(), (from, steps, storedAt) => {
        let state = from.state
        let before = from.events.reduce(evolveBefore, initialState)
        expect(exactly(state)).toBe(exactly(before))
        let at = BASE
        steps.forEach((s, i) => {
          // The case list keeps a case as JSON (undefined keys dropped) and folds on from what it read back.
          if (i === storedAt % steps.length) {
            state = JSON.parse(JSON.stringify(state)) as ComplaintState
            before = JSON.parse(JSON.stringify(before)) as ComplaintState
          }
          at = addHours(at, s.hours)
          const command = toCommand(resolve(s, state), at, i)
          const result = command === undefined ? undefined : decider.decide(command, state)
          if (result === undefined || E.isLeft(result)) return
          for (const event of result.right) {
            state = decider.evolve(state, event)
            before = evolveBefore(before, event)
            expect(exactly(state), event.type).toBe(exactly(before))
            expect(JSON.stringify(state), event.type).toBe(JSON.stringify(before))
            expect(Object.getPrototypeOf(state)).toBe(Object.getPrototypeOf(before))
          }
        })
      }),
      { numRuns: 300 },
    )
  })

  it('a refused command changes nothing and leaves the state as it was', () => {
    fc.assert(
      fc.property(start, stepWithData, (from, s) => {
        const before = JSON.stringify(from.state)
        const command = toCommand(resolve(s, from.state), addHours(BASE, s.hours), 0)
        fc.pre(command !== undefined)
        const result = decider.decide(command, from.state)
        expect(JSON.stringify(from.state)).toBe(before)
        if (E.isLeft(result)) expect(['validation', 'forbidden', 'not-found', 'invalid-transition', 'deadline-passed', 'already-exists']).toContain(result.left.code)
      }),
    )
  })

  it('a forbidden actor never changes a case: auditors, other residents and officers elsewhere are refused as forbidden', () => {
    const strangers = fc.constantFrom<Actor>(actors.auditor, actors.otherResident, actors.outsider, { ...actors.admin, jurisdiction: 'baotou' })
    fc.assert(
      fc.property(start, stepWithData, strangers, (from, s, stranger) => {
        fc.pre(from.state.status !== 'none')
        const command = toCommand({ ...resolve(s, from.state), actor: stranger }, addHours(BASE, s.hours), 0)
        fc.pre(command !== undefined)
        const result = decider.decide(command, from.state)
        // Registering an id that exists answers already-exists whoever asks: it tells nothing of the case.
        expect(E.isLeft(result) && result.left.code).toBe(command.type === 'RegisterComplaint' ? 'already-exists' : 'forbidden')
      }),
    )
  })

  // DOMAIN.md "Jurisdiction and actors": who made a 举报 is known only to the hotline that registered it and to supervisors.
  it('on a 举报, whatever the walk: it is never referred to mediation, and only the hotline (or an admin) tells the complainant', () => {
    const asReport = (from: Run): Run => {
      const events = from.events.map((e) => (e.type === 'ComplaintRegistered' ? { ...e, data: { ...e.data, kind: 'report' as const } } : e))
      return { events, state: fold(decider, events) }
    }
    fc.assert(
      fc.property(start, fc.array(stepWithData, { minLength: 5, maxLength: 40 }), (from, steps) => {
        fc.pre(from.state.status !== 'none')
        let state = asReport(from).state
        let at = BASE
        steps.forEach((s, i) => {
          at = addHours(at, s.hours)
          const command = toCommand(resolve(s, state), at, i)
          if (command === undefined) return
          const result = decider.decide(command, state)
          if (E.isLeft(result)) return
          expect(command.type).not.toBe('ReferToMediation')
          if (command.type === 'NotifyComplainant') expect(['hotline-operator', 'admin']).toContain(command.meta.actor.role)
          for (const event of result.right) state = decider.evolve(state, event)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('a forbidden actor cannot register a case either', () => {
    fc.assert(
      fc.property(fc.constantFrom<Actor>(actors.auditor, actors.outsider, actors.housingOfficer, actors.mediator, actors.supervisor), (stranger) => {
        const command = toCommand({ type: 'RegisterComplaint', actor: stranger, data: registration() }, BASE, 0)
        if (command === undefined) throw new Error('the fixture registration does not decode')
        const result = decider.decide(command, { status: 'none' })
        expect(E.isLeft(result) && result.left.code).toBe('forbidden')
      }),
    )
  })
})
