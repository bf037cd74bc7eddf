import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { canRead } from '../access/permissions.js'
import type { Actor } from '../kernel/actor.js'
import { decode } from '../kernel/codec.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import { streetOf } from './centre.js'
import { GradeRiskData, RouteToCommitteeData } from './commands.js'
import { committeeRegistryOf } from './committees.js'
import type { DisputeEvent } from './events.js'
import { actors, at, COMMUNITY, committees, command, type CommandOf, DISPUTE_ID, GRID, history, parties, STREET } from './fixtures.js'
import { disputeDecider, disputeScope as scopeOf } from './index.js'

// "一个中心管化解": risk grades (风险研判) and their escalation, committees, routing (分流), 现场调解.

const decider = disputeDecider({ committees })
const { given } = deciderSpec(decider)
const anyEvents = (): void => undefined
const fieldsOf = (e: DomainError) => (e.code === 'validation' ? e.errors.map((f) => f.path) : [])
const messagesOf = (e: DomainError) => (e.code === 'validation' ? e.errors.map((f) => f.message).join(' | ') : e.message)

const T = '2026-03-12T10:00:00+08:00'
const c = <K extends keyof CommandOf>(type: K, data: CommandOf[K]['data'], who: Actor, when = T) => command(type, who, when, data)
const report = (over: Partial<CommandOf['ReportDispute']['data']> = {}, who: Actor = actors.gridWorker, when = T) =>
  c('ReportDispute', { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水', ...over }, who, when)

const medicalReported: DisputeEvent[] = [{ type: 'DisputeReported', data: { ...(history.reported[0]?.data as object), category: 'medical' } } as DisputeEvent]
const graded = (grade: 'low' | 'medium' | 'high', previousGrade?: 'low' | 'medium' | 'high'): DisputeEvent => ({
  type: 'DisputeRiskGraded',
  data: { grade, reason: `研判为${grade}`, ...(previousGrade === undefined ? {} : { previousGrade }) },
})
const routedTo = (committeeId: string): DisputeEvent => {
  const committee = committees.committees.get(committeeId)
  if (committee === undefined) throw new Error(committeeId)
  return {
    type: 'DisputeRouted',
    data: { committeeId, committeeName: committee.name, kind: committee.kind, track: committee.track, ...(committee.centre === undefined ? {} : { centre: committee.centre }) },
  }
}

describe('risk grade at intake (风险研判)', () => {
  it('given no case, when a grid worker reports one graded low with a reason, then DisputeReported and DisputeRiskGraded, nothing escalated', () => {
    const events = given([]).when(report({ risk: { grade: 'low', reason: '邻里小事，情绪平稳' } })).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['DisputeReported', 'DisputeRiskGraded'])
    expect(events[1]).toEqual({ type: 'DisputeRiskGraded', data: { grade: 'low', reason: '邻里小事，情绪平稳' } })
  })
  it('when reported graded high, then it is escalated to the street at once (DisputeEscalated to the street its grid lies in)', () => {
    given([]).when(report({ risk: { grade: 'high', reason: '一方扬言报复' } })).then((events) => {
      expect(events.slice(1)).toEqual([
        { type: 'DisputeRiskGraded', data: { grade: 'high', reason: '一方扬言报复' } },
        { type: 'DisputeEscalated', data: { to: STREET, grade: 'high', reason: '一方扬言报复' } },
      ])
    })
  })
  it('when the grade has no reason, then the codec names reason; a grade outside the three, the allowed values', () => {
    const decoded = decode(GradeRiskData, { grade: 'high' })
    expect(E.isLeft(decoded) && fieldsOf(decoded.left)).toEqual(['reason'])
    const wrong = decode(GradeRiskData, { grade: 'severe', reason: '多人聚集' })
    expect(E.isLeft(wrong) && messagesOf(wrong.left)).toBe("expected one of 'low', 'medium', 'high'")
  })
  it("when the centre's intake window reports a party's application graded high, then reported, graded and escalated", () => {
    const events = given([]).when(report({ source: 'party-application', risk: { grade: 'high', reason: '扬言上访' } }, actors.centreOfficer)).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['DisputeReported', 'DisputeRiskGraded', 'DisputeEscalated'])
  })
  it('a place above the street level escalates to itself; below it, to its street', () => {
    expect([streetOf(GRID), streetOf(COMMUNITY), streetOf(STREET), streetOf('hohhot/saihan'), streetOf('hohhot')]).toEqual([STREET, STREET, STREET, 'hohhot/saihan', 'hohhot'])
  })
})

describe('regrading (GradeRisk)', () => {
  it('given graded medium, when the centre regrades it high with a reason, then graded (previous medium) and escalated', () => {
    given([...at.accepted, graded('medium')])
      .when(c('GradeRisk', { grade: 'high', reason: '对方纠集多人到场' }, actors.centreOfficer))
      .then([
        { type: 'DisputeRiskGraded', data: { grade: 'high', reason: '对方纠集多人到场', previousGrade: 'medium' } },
        { type: 'DisputeEscalated', data: { to: STREET, grade: 'high', reason: '对方纠集多人到场' } },
      ])
  })
  it('given an ungraded case, when the assigned mediator grades it medium, then graded with no previous grade', () => {
    given(at.session).when(c('GradeRisk', { grade: 'medium', reason: '情绪激动' }, actors.peopleMediator)).then([
      { type: 'DisputeRiskGraded', data: { grade: 'medium', reason: '情绪激动' } },
    ])
  })
  it('given graded high, when regraded low, then graded only (nothing to escalate); and high again escalates again', () => {
    const history = [...at.accepted, graded('high'), { type: 'DisputeEscalated', data: { to: STREET, grade: 'high', reason: 'x' } } as DisputeEvent]
    given(history).when(c('GradeRisk', { grade: 'low', reason: '已平息' }, actors.streetOfficer)).then([
      { type: 'DisputeRiskGraded', data: { grade: 'low', reason: '已平息', previousGrade: 'high' } },
    ])
    const again = given([...history, graded('low', 'high')]).when(c('GradeRisk', { grade: 'high', reason: '再次激化' }, actors.streetOfficer)).then(anyEvents)
    expect(again.map((e) => e.type)).toEqual(['DisputeRiskGraded', 'DisputeEscalated'])
  })
  it('given graded high, when "regraded" high, then validation names grade (a regrade changes the grade)', () => {
    expect(fieldsOf(given([...at.accepted, graded('high')]).when(c('GradeRisk', { grade: 'high', reason: '仍高' }, actors.streetOfficer)).then('validation'))).toEqual(['grade'])
  })
  it('given a closed case, when regraded, then invalid-transition', () => {
    given(at.closed).when(c('GradeRisk', { grade: 'high', reason: '—' }, actors.streetOfficer)).then('invalid-transition')
  })
  it.each([
    ['a resident party', actors.wang],
    ['an auditor', actors.auditor],
    ['an officer of another street', actors.otherStreetOfficer],
    ['a court clerk', actors.courtClerk],
  ])('when %s regrades, then forbidden', (_who, who) => {
    given(at.accepted).when(c('GradeRisk', { grade: 'high', reason: '—' }, who)).then('forbidden')
  })
  it('given escalated, the street office reads the case and acts on it (scope rules: the street holds its grids)', () => {
    const state = fold(decider, [...at.accepted, graded('high')])
    const scope = scopeOf(state)
    expect(scope !== undefined && canRead(actors.streetOfficer, scope)).toBe(true)
    expect(scope !== undefined && canRead(actors.otherStreetOfficer, scope)).toBe(false)
    given([...at.accepted, graded('high')]).when(c('AssignMediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } }, actors.streetOfficer)).then(anyEvents)
  })
})

describe('committees (调解委员会) from the committee file', () => {
  const file = (committee: object) => committeeRegistryOf({
    format: 'gridcase-committees/1',
    centres: [{ id: 'saihan-centre', name: '中心', jurisdiction: 'hohhot/saihan' }],
    committees: [committee as never],
  })
  const problems = (committee: object) => {
    const made = file(committee)
    return 'problems' in made ? made.problems.map((p) => `${p.path}: ${p.message}`) : []
  }
  it('loads the fixture file: centres, committees, each mediator on one committee', () => {
    expect([...committees.committees.keys()]).toEqual(['xx-community-committee', 'saihan-medical', 'saihan-property'])
    expect(committees.committeeOfMediator.get('md-1')).toBe('saihan-medical')
    expect(committees.committees.get('saihan-medical')?.track).toBe('people')
  })
  it.each([
    ['a specialist committee without its centre', { id: 'm', name: '医调委', kind: 'medical', jurisdiction: 'hohhot/saihan', mediators: [{ id: 'a', name: '甲' }] }, 'committees[0].centre: is required for a medical committee: the centre it sits in'],
    ['a specialist committee outside its centre', { id: 'm', name: '医调委', kind: 'medical', jurisdiction: 'hohhot/xincheng', centre: 'saihan-centre', mediators: [{ id: 'a', name: '甲' }] }, 'committees[0].jurisdiction: expected hohhot/saihan or a place in it, where 中心 is'],
    ["a people's committee at a district", { id: 'p', name: '调委会', kind: 'people', jurisdiction: 'hohhot/saihan', mediators: [{ id: 'a', name: '甲' }] }, "committees[0].jurisdiction: a people's mediation committee sits in a community or street; \"hohhot/saihan\" is a district"],
    ['a committee with no mediators', { id: 'p', name: '调委会', kind: 'people', jurisdiction: STREET, mediators: [] }, 'committees[0].mediators: expected at least one mediator'],
    ['an id that is not a slug', { id: 'P 1', name: '调委会', kind: 'people', jurisdiction: STREET, mediators: [{ id: 'a', name: '甲' }] }, 'committees[0].id: "P 1" is not an id (lower-case letters, digits and -)'],
  ])('refuses %s, naming the field', (_what, committee, problem) => {
    expect(problems(committee)).toEqual([problem])
  })
  it('refuses a mediator on two committees', () => {
    const made = committeeRegistryOf({
      format: 'gridcase-committees/1',
      centres: [],
      committees: [
        { id: 'a', name: '甲调委会', kind: 'people', jurisdiction: STREET, mediators: [{ id: 'm-1', name: '甲' }] },
        { id: 'b', name: '乙调委会', kind: 'people', jurisdiction: COMMUNITY, mediators: [{ id: 'm-1', name: '甲' }] },
      ],
    })
    expect('problems' in made && made.problems).toEqual([{ path: 'committees[1].mediators[0].id', message: '"m-1" already sits on a' }])
  })
})

describe('routing to a committee (分流, RouteToCommittee)', () => {
  it("given a medical dispute accepted, when the centre routes it to its medical committee, then DisputeRouted with the committee's name, kind and track", () => {
    given([...medicalReported, history.accepted]).when(c('RouteToCommittee', { committee: 'saihan-medical', reason: '医疗纠纷分流至医调委' }, actors.centreOfficer)).then([
      {
        type: 'DisputeRouted',
        data: { committeeId: 'saihan-medical', committeeName: '赛罕区医疗纠纷人民调解委员会', kind: 'medical', track: 'people', centre: 'saihan-centre', reason: '医疗纠纷分流至医调委' },
      },
    ])
  })
  it("given a reported neighbour dispute, when a street officer routes it to the community's people's committee, then routed (a people's committee takes any category)", () => {
    given(at.reported).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.streetOfficer)).then([routedTo('xx-community-committee')])
  })
  it('given routed, when routed to another committee, then the previous one is named', () => {
    const events = given([...medicalReported, routedTo('saihan-medical')]).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.centreOfficer)).then(anyEvents)
    expect(events[0]?.type === 'DisputeRouted' && events[0].data.previousCommitteeId).toBe('saihan-medical')
  })
  it.each([
    ['a neighbour dispute to the medical committee', at.accepted, 'saihan-medical', /mediates medical disputes only/],
    ['a committee not in the file', at.accepted, 'nowhere', /expected a configured committee \(one of xx-community-committee, saihan-medical, saihan-property\)/],
    ['the committee it is already with', [...at.accepted, routedTo('xx-community-committee')], 'xx-community-committee', /expected another committee/],
  ])('when routing %s, then validation names committee', (_what, past, committee, message) => {
    const refused = given(past).when(c('RouteToCommittee', { committee }, actors.centreOfficer)).then('validation')
    expect(fieldsOf(refused)).toEqual(['committee'])
    expect(messagesOf(refused)).toMatch(message)
  })
  it("when routing a dispute of another community to this community's committee, then validation (the committee mediates in its own place)", () => {
    const elsewhere: DisputeEvent[] = [{ type: 'DisputeReported', data: { ...(history.reported[0]?.data as object), jurisdiction: `${STREET}/yy-community` } } as DisputeEvent]
    expect(messagesOf(given(elsewhere).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.centreOfficer)).then('validation'))).toMatch(
      /expected a committee that mediates in .*yy-community/,
    )
  })
  it('when no committees are configured, then validation says so', () => {
    const bare = deciderSpec(disputeDecider())
    expect(messagesOf(bare.given(at.accepted).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.centreOfficer)).then('validation'))).toMatch(/no committees are configured/)
  })
  it('given a mediator holds the case, when routed, then invalid-transition (move it by reassign or transfer)', () => {
    given(at.assigned).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.centreOfficer)).then('invalid-transition')
  })
  it.each([
    ['a grid worker', actors.gridWorker],
    ['a mediator', actors.communityMediator],
    ['a resident', actors.wang],
  ])('when %s routes, then forbidden', (_who, who) => {
    given(at.accepted).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, who)).then('forbidden')
  })
  it('the codec names the committee when it is missing', () => {
    const decoded = decode(RouteToCommitteeData, { reason: '分流' })
    expect(E.isLeft(decoded) && fieldsOf(decoded.left)).toEqual(['committee'])
  })
})

describe("assignment after routing: only the committee's mediators are eligible", () => {
  const routed = [...medicalReported, history.accepted, routedTo('saihan-medical')]
  it('given routed to the medical committee, when its mediator is assigned, then MediatorAssigned', () => {
    given(routed).when(c('AssignMediator', { track: 'people', mediator: { id: 'md-1', jurisdiction: 'hohhot/saihan', name: '孙医调' } }, actors.centreOfficer)).then([
      { type: 'MediatorAssigned', data: { track: 'people', mediator: { id: 'md-1', jurisdiction: 'hohhot/saihan', name: '孙医调' } } },
    ])
  })
  it('when a mediator outside the committee is assigned, then validation names mediator.id and the committee and its mediators', () => {
    const refused = given(routed).when(c('AssignMediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } }, actors.streetOfficer)).then('validation')
    expect(fieldsOf(refused)).toEqual(['mediator.id'])
    expect(messagesOf(refused)).toBe('expected a mediator of 赛罕区医疗纠纷人民调解委员会 (saihan-medical), where the dispute was routed: one of md-1 (孙医调); pm-1 does not sit on it')
  })
  it("when the committee's mediator is assigned on another track, then validation names track", () => {
    expect(fieldsOf(given(routed).when(c('AssignMediator', { track: 'administrative', mediator: { id: 'md-1', jurisdiction: 'hohhot/saihan' } }, actors.centreOfficer)).then('validation'))).toEqual(['track'])
  })
  it('given assigned within the committee, when reassigned outside it, then validation names mediator.id', () => {
    const assigned = [...routed, { type: 'MediatorAssigned', data: { track: 'people', mediator: { id: 'md-1', jurisdiction: 'hohhot/saihan' } } } as DisputeEvent]
    expect(fieldsOf(given(assigned).when(c('ReassignMediator', { mediator: { id: 'pm-1', jurisdiction: STREET }, reason: '回避' }, actors.streetOfficer)).then('validation'))).toEqual(['mediator.id'])
  })
  it('given not routed, when any mediator is assigned, then as before (no committee to be eligible for)', () => {
    given(at.accepted).when(c('AssignMediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } }, actors.streetOfficer)).then(anyEvents)
  })
})

// DOMAIN.md: a mediator has a track (people | administrative | judicial), and `mediator-assigned(track …)` puts the case on
// it. The assignment names the mediator by id and place only (MediatorRef): the one record of a mediator's track the
// server holds at assignment is the committee file — a committee mediates on its track, and a mediator sits on one
// committee. Found in review: with no committee on the case (not routed, or transferred off the committee's track) a
// member of the community's people's committee was assigned to an administrative mediation — taken, after which every
// step they took was 403 (their token's track is people, the case's administrative) and the case sat with a mediator
// who could not mediate it. A mediator who sits on no committee is not known to the server at assignment: their track is
// checked on every step they take on the case (`authorize`: the actor's own track against the case's).
describe("assignment without a committee on the case: a mediator who sits on a committee mediates on that committee's track", () => {
  it.each([
    ['accepted, not routed: pm-1 (xx社区人民调解委员会, people) on the administrative track', at.accepted, 'administrative'],
    ['accepted, not routed: pm-1 on the judicial track', at.accepted, 'judicial'],
    ['transferred to administrative (no committee): pm-1 on it', at.transferred, 'administrative'],
  ] as const)('%s → 400 at mediator.id, nothing written', (_what, past, track) => {
    const refused = given(past).when(c('AssignMediator', { track, mediator: { id: 'pm-1', jurisdiction: STREET } }, actors.streetOfficer)).then('validation')
    expect(fieldsOf(refused)).toEqual(['mediator.id'])
    expect(messagesOf(refused)).toBe(`expected a mediator on the ${track} track: pm-1 sits on xx社区人民调解委员会 (xx-community-committee), which mediates on the people track`)
  })
  it('the same mediator on the people track: MediatorAssigned', () => {
    given(at.accepted).when(c('AssignMediator', { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } }, actors.streetOfficer)).then(anyEvents)
  })
  it('a mediator on no committee (am-1, an administrative mediator of a department): taken as before — the server holds no track for them', () => {
    const [assigned] = given(at.transferred).when(c('AssignMediator', { track: 'administrative', mediator: { id: 'am-1', jurisdiction: 'hohhot/saihan' } }, actors.streetOfficer)).then(anyEvents)
    expect(assigned?.type).toBe('MediatorAssigned')
  })
  it('given an administrative mediator on the case, when reassigned to a member of a people committee, then 400 at mediator.id', () => {
    const held = [...at.transferred, { type: 'MediatorAssigned', data: { track: 'administrative', mediator: { id: 'am-1', jurisdiction: 'hohhot/saihan' } } } as DisputeEvent]
    expect(fieldsOf(given(held).when(c('ReassignMediator', { mediator: { id: 'cm-1', jurisdiction: COMMUNITY }, reason: '回避' }, actors.streetOfficer)).then('validation'))).toEqual(['mediator.id'])
  })
  it("the acting mediator's own track is checked on every step: on the people track, a mediator whose token names another track, or none, is refused", () => {
    for (const track of ['administrative', undefined] as const) {
      const pm1: Actor = track === undefined ? { id: 'pm-1', role: 'mediator', jurisdiction: STREET } : { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track }
      given(at.assigned).when(c('RecordSession', { minutes: '双方陈述' }, pm1)).then('forbidden')
      given(at.session).when(c('RecordAgreement', { form: 'oral', terms: ['赔偿'], reachedOn: '2026-03-12' }, pm1)).then('forbidden')
      given(at.session).when(c('RecordFailure', { reason: '分歧较大' }, pm1)).then('forbidden')
    }
  })
})

describe("scope: a committee's mediators read the disputes routed to it, and only those", () => {
  const routed = fold(decider, [...medicalReported, history.accepted, routedTo('saihan-medical')])
  const scope = scopeOf(routed)
  it('names the committee in the scope', () => {
    expect(scope?.committee).toBe('saihan-medical')
  })
  it.each([
    ['a mediator of the medical committee', true, actors.medicalMediator],
    ["a mediator of the community's committee", false, actors.communityMediator],
    ['a mediator on no committee, not assigned', false, actors.peopleMediator],
    ['the centre officer', true, actors.centreOfficer],
  ])('%s: reads it = %s', (_who, reads, who) => {
    expect(scope !== undefined && canRead(who, scope)).toBe(reads)
  })
  it("a committee's mediator reads it but acts only once assigned (forbidden before)", () => {
    given([...medicalReported, history.accepted, routedTo('saihan-medical')]).when(c('GradeRisk', { grade: 'high', reason: '—' }, actors.medicalMediator)).then('forbidden')
  })
  it('a centre officer reads no complaint (a case type without mediators)', () => {
    expect(canRead(actors.centreOfficer, { jurisdiction: GRID })).toBe(false)
  })
  it("given a people's committee case transferred to administrative mediation, then it is no longer the committee's", () => {
    const transferred = fold(decider, [
      ...at.reported, history.accepted, routedTo('xx-community-committee'),
      { type: 'MediatorAssigned', data: { track: 'people', mediator: { id: 'cm-1', jurisdiction: COMMUNITY } } } as DisputeEvent,
      history.session(1), history.failed(), history.transferred(1, 'people', 'administrative'),
    ])
    expect([transferred.committee, scopeOf(transferred)?.committee]).toEqual([undefined, undefined])
  })
})

describe('现场调解: reported and agreed on the spot, in one command (人民调解法 arts. 28–30)', () => {
  // Reported and agreed on 10 March 2026: the agreement takes effect that day (art. 29); the 30-day window for
  // 司法确认 (art. 33) ends on day 30 after it, 9 April 2026 (a Thursday, a working day), at 24:00 China time.
  // The mediation clock starts the same instant: 30 days → 9 April 2026 too.
  const SPOT = '2026-03-10T15:00:00+08:00'
  const SCAN = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
  const written = {
    form: 'written' as const,
    terms: ['李强于2026年3月20日前赔偿王芳维修费2000元'],
    facts: '楼上卫生间漏水致楼下天花板受损，双方就赔偿数额争执',
    performance: '现金一次付清',
    location: 'xx社区3号楼下',
    signatures: [
      { party: '王芳', signedOn: '2026-03-10' },
      { party: '李强', signedOn: '2026-03-10' },
    ],
    mediatorSignedOn: '2026-03-10',
    attachments: [{ sha256: SCAN }],
  }
  const spot = (over: object = {}, who: Actor = actors.communityMediator, extra: object = {}) =>
    report({ source: 'party-application', onTheSpot: { ...written, ...over } as never, ...extra }, who, SPOT)

  it('given no case, when a mediator of the community committee records a written agreement signed by both parties, then reported, accepted, routed, assigned, one session, agreed', () => {
    const events = given([]).when(spot()).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['DisputeReported', 'DisputeAccepted', 'DisputeRouted', 'MediatorAssigned', 'MediationSessionHeld', 'MediationAgreed'])
    expect(events[0]?.type === 'DisputeReported' && [events[0].data.onTheSpot, events[0].data.reportedOn]).toEqual([true, '2026-03-10'])
    expect(events[1]?.type === 'DisputeAccepted' && events[1].data.mediationDeadline).toBe('2026-04-09T23:59:59+08:00')
    expect(events[2]).toEqual({ ...routedTo('xx-community-committee'), data: { ...routedTo('xx-community-committee').data, reason: '现场调解' } })
    expect(events[3]).toEqual({ type: 'MediatorAssigned', data: { track: 'people', mediator: { id: 'cm-1', jurisdiction: COMMUNITY, name: '赵红' } } })
    const agreed = events[5]
    expect(agreed?.type === 'MediationAgreed' && agreed.data).toMatchObject({
      track: 'people',
      mediatorId: 'cm-1',
      form: 'written',
      terms: written.terms,
      signatures: written.signatures,
      mediatorSignedOn: '2026-03-10',
      effectiveOn: '2026-03-10',
      confirmationDeadline: '2026-04-09T23:59:59+08:00',
      committeeId: 'xx-community-committee',
      onTheSpot: true,
      facts: written.facts,
      performance: '现金一次付清',
      location: 'xx社区3号楼下',
      attachments: [{ sha256: SCAN, kind: 'agreement' }],
    })
  })
  // 诉前委派 agreed on the spot by the people's committee the court entrusted it to: the agreement goes back to the court
  // (ReportedToCourt, in the same append) as a mediation's conclusion after the report does — within the 30 days
  // counted from the record (法释〔2016〕14号 art. 27), on time.
  it('a court’s entrustment recorded and agreed on the spot by a people’s committee mediator is reported back to the court', () => {
    const events = given([]).when(spot({}, actors.communityMediator, { source: 'court-entrusted', court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调91号' })).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['DisputeReported', 'DisputeAccepted', 'DisputeRouted', 'MediatorAssigned', 'MediationSessionHeld', 'MediationAgreed', 'ReportedToCourt'])
    expect(events[6]).toEqual({
      type: 'ReportedToCourt',
      data: { court: '赛罕区人民法院', courtCaseNumber: '(2026)蒙0105民诉前调91号', outcome: 'agreement', terms: written.terms, mediationDeadline: '2026-04-09T23:59:59+08:00', onTime: true },
    })
  })
  it('then the case reads as any agreed case: the parties may apply for 司法确认 within the window', () => {
    const events = given([]).when(spot()).then(anyEvents)
    const state = fold(decider, events)
    expect([state.status, state.committee?.id, state.mediator?.id, state.onTheSpot]).toEqual(['agreement-reached', 'xx-community-committee', 'cm-1', true])
    given([...events, history.consented('李强')]).when(command('ApplyForConfirmation', actors.wang, '2026-04-09T20:00:00+08:00', { court: '赛罕区人民法院' })).then(anyEvents)
  })
  it('with a performance deadline (the terms: by 3-20), the agreement carries it — the start of the enforcement window once confirmed', () => {
    const agreed = given([]).when(spot({ performBy: '2026-03-20' })).then(anyEvents).at(-1)
    expect(agreed?.type === 'MediationAgreed' && agreed.data.performBy).toBe('2026-03-20')
    // Performed on the spot (the day it took effect) is a deadline too.
    const atOnce = given([]).when(spot({ performBy: '2026-03-10' })).then(anyEvents).at(-1)
    expect(atOnce?.type === 'MediationAgreed' && atOnce.data.performBy).toBe('2026-03-10')
  })
  it('when it is oral, reached today, then agreed with no signatures, effective that day (art. 30)', () => {
    const events = given([]).when(spot({ form: 'oral', signatures: undefined, mediatorSignedOn: undefined, attachments: undefined, reachedOn: '2026-03-10' })).then(anyEvents)
    const agreed = events.at(-1)
    expect(agreed?.type === 'MediationAgreed' && [agreed.data.form, agreed.data.reachedOn, agreed.data.effectiveOn, agreed.data.signatures]).toEqual(['oral', '2026-03-10', '2026-03-10', undefined])
  })
  it.each([
    ['one party has not signed', { signatures: [{ party: '王芳', signedOn: '2026-03-10' }] }, ['onTheSpot.signatures'], /missing 李强/],
    ['a signature dated the day before (before it was reported)', { signatures: [{ party: '王芳', signedOn: '2026-03-09' }, { party: '李强', signedOn: '2026-03-10' }] }, ['onTheSpot.signatures[0].signedOn'], /no earlier than 2026-03-10/],
    ['a signature dated the day after (after it is recorded)', { signatures: [{ party: '王芳', signedOn: '2026-03-11' }, { party: '李强', signedOn: '2026-03-10' }] }, ['onTheSpot.signatures[0].signedOn'], /no later than 2026-03-10/],
    ['a signature of someone who is no party', { signatures: [...written.signatures, { party: '路人', signedOn: '2026-03-10' }] }, ['onTheSpot.signatures[2].party'], /the name of a party/],
    ['the mediator has not signed', { mediatorSignedOn: undefined }, ['onTheSpot.mediatorSignedOn'], /required/],
    ["the signed paper's scan is missing", { attachments: [] }, ['onTheSpot.attachments'], /sha-256 of the signed agreement/],
    ['an oral agreement has no day it was reached', { form: 'oral', signatures: undefined, mediatorSignedOn: undefined }, ['onTheSpot.reachedOn'], /required/],
    ['the performance deadline (履行期限) is the day before it took effect', { performBy: '2026-03-09' }, ['onTheSpot.performBy'], /no earlier than 2026-03-10, the day the agreement took effect/],
  ])('when %s, then validation names the field and nothing is written', (_what, over, fields, message) => {
    const refused = given([]).when(spot(over)).then('validation')
    expect(fieldsOf(refused)).toEqual(fields)
    expect(messagesOf(refused)).toMatch(message)
  })
  it('when a grid worker records one, then forbidden (a mediator signs the agreement, art. 29)', () => {
    given([]).when(report({ source: 'screening', onTheSpot: written }, actors.gridWorker, SPOT)).then('forbidden')
  })
  // Found in review: a mediator whose token names no track recorded an agreement on the spot (the case then on its
  // committee's people track), after which it could take no further step on the case (authorize: its track, none, is not
  // the case's) — the on-the-spot command was the one mediator step that let a missing track pass.
  it("when the committee's mediator's token names no track, or another, then forbidden (a mediator mediates on its own track)", () => {
    const { track: _none, ...trackless } = actors.communityMediator
    for (const who of [trackless as Actor, { ...actors.communityMediator, track: 'administrative' } as Actor]) {
      expect(given([]).when(spot({}, who)).then('forbidden').message).toMatch(/on the people track/)
    }
  })
  it('when a mediator who sits on no committee records one, then forbidden (no committee seal)', () => {
    expect(given([]).when(spot({}, actors.peopleMediator)).then('forbidden').message).toMatch(/sits on no configured committee/)
  })
  it("when the medical committee's mediator records a neighbour dispute, then validation (a specialist committee mediates its own category)", () => {
    expect(fieldsOf(given([]).when(spot({}, actors.medicalMediator)).then('validation'))).toEqual(['onTheSpot'])
  })
  it('when it is graded high as well, then the escalation comes with it', () => {
    const events = given([]).when(spot({}, actors.communityMediator, { risk: { grade: 'high', reason: '当事人情绪激烈' } })).then(anyEvents)
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(['DisputeReported', 'DisputeRiskGraded', 'DisputeEscalated'])
  })
})

// 三调联动: a transfer moves the case to another track (DisputeTransferred: `track` is the receiving one), and a committee
// mediates on its own track only (the transfer keeps the committee only on it). Found in review: a case transferred to
// administrative mediation was routed to the community's people's committee — accepted, after which no mediator could be
// assigned (the committee's on the people track, the case on the administrative: each assignment refused by the other
// rule) until it was routed again. Routing a case that is on a track is to a committee of that track.
describe('routing a case already on a track (after a transfer, or back from the court)', () => {
  it('given transferred to administrative, when routed to a people’s committee, then validation names committee and both tracks', () => {
    const refused = given(at.transferred).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.streetOfficer)).then('validation')
    expect(fieldsOf(refused)).toEqual(['committee'])
    expect(messagesOf(refused)).toMatch(/administrative/)
    expect(messagesOf(refused)).toMatch(/people/)
  })
  it('given back from the court on the people track, routing to a people’s committee is taken', () => {
    given(at.rejected).when(c('RouteToCommittee', { committee: 'xx-community-committee' }, actors.streetOfficer)).then([routedTo('xx-community-committee')])
  })
})
