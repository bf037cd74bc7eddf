// Grid work (DOMAIN.md "Grid work"): 巡查发现 (patrol findings, no complainant), 现场办结 (resolved on the spot by the
// grid, for the configured categories), 街道吹哨、部门报到 (only a street or above summons; each department reports by a
// deadline, then its part) and 以下评上 (the street rates each department's help). Given past events, when a command,
// then events or a refusal code.
import { describe, expect, it } from 'vitest'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import type { CommandData } from './commands.js'
import type { ComplaintEvent } from './events.js'
import { actors, CASE_ID, command as cmd, GRID, historyUntil, registration, run, units, type Run } from './fixtures.js'
import { complaintDecider } from './index.js'
import type { ComplaintCase } from './state.js'

const decider = complaintDecider()
const spec = deciderSpec(decider)
type History = readonly ComplaintEvent[]
const eventsOf = (h: Run | History): History => ('events' in h ? h.events : h)
const given = (h: Run | History) => spec.given(eventsOf(h))
const anyEvents = (): void => undefined
const after = (h: Run | History, events: History): History => [...eventsOf(h), ...events]
const caseOf = (h: History): ComplaintCase => {
  const state = fold(decider, h)
  if (state.status === 'none') throw new Error('no case')
  return state
}
const pathsOf = (error: DomainError): readonly string[] => (error.code === 'validation' ? error.errors.map((e) => e.path) : [])
const messageOf = (error: DomainError): string => (error.code === 'validation' ? error.errors.map((e) => e.message).join('; ') : error.message)

const PHOTO = 'a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'
const RESULT_PHOTO = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'
const T = (local: string) => `2026-03-${local}+08:00`

/** A grid worker's patrol finding: no complainant, on a grid visit, with a photo and a point on the map. */
const patrol = (overrides: Partial<CommandData<'RegisterComplaint'>> = {}): CommandData<'RegisterComplaint'> => {
  const { complainant: _nobody, ...rest } = registration({
    channel: 'grid-visit',
    kind: 'help',
    category: 'sanitation',
    title: '垃圾堆放',
    description: '3号楼北侧垃圾堆放三天未清运',
    address: '3号楼北侧',
    source: 'patrol',
    photos: [PHOTO],
    location: { longitude: 111.7, latitude: 40.8 },
    ...overrides,
  })
  return rest
}

describe('patrol finding (巡查发现)', () => {
  it('given no case, when a grid worker reports what they found on patrol with no complainant, then it is registered with its photos and place', () => {
    const [registered] = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol())).then(anyEvents)
    expect(registered?.data).toMatchObject({ source: 'patrol', complainant: {}, photos: [PHOTO], location: { longitude: 111.7, latitude: 40.8 }, channel: 'grid-visit' })
    expect(registered?.data).not.toHaveProperty('ownerId')
    const c = caseOf(registered === undefined ? [] : [registered])
    expect(c).toMatchObject({ status: 'registered', source: 'patrol', photos: [PHOTO] })
  })

  it('given no case, when a patrol finding names a complainant, then it is refused at complainant (validation)', () => {
    const error = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), { ...patrol(), complainant: { name: '王五' } })).then('validation')
    expect(pathsOf(error)).toEqual(['complainant'])
  })

  it('given a complaint someone raised, when it carries a map point, then it is refused at location (validation): a point may be their home', () => {
    const data = registration({ channel: 'grid-visit', location: { longitude: 111.7, latitude: 40.8 } })
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)).then('validation'))).toEqual(['location'])
  })

  it('given no case, when a patrol finding comes in on another channel, then it is refused at channel (validation)', () => {
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ channel: 'hotline-12345' }))).then('validation'))).toEqual(['channel'])
  })

  it.each([
    ['a hotline operator', actors.operator],
    ['a community worker', actors.communityWorker],
    ['a resident', actors.resident],
  ])('given no case, when %s reports a patrol finding, then it is forbidden: only a grid worker patrols', (_who, actor) => {
    given([]).when(cmd('RegisterComplaint', actor, T('02T09:00:00'), patrol())).then('forbidden')
  })

  it('given a patrol finding, when it goes up the chain, then it is accepted and dispatched like any complaint, nobody is notified or called back, and it is closed once verified (核查结案)', () => {
    const found = run([
      cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ category: 'heating' })),
      cmd('AcceptComplaint', actors.communityWorker, T('02T09:30:00'), {}),
      cmd('DispatchComplaint', actors.communityWorker, T('02T10:00:00'), { unit: units.community }),
      cmd('AcknowledgeComplaint', actors.communityWorker, T('02T11:00:00'), {}),
      cmd('SubmitResult', actors.communityWorker, T('03T16:00:00'), { result: '已协调供热公司', outcome: 'resolved', photos: [RESULT_PHOTO] }),
    ])
    expect(caseOf(found.events).result).toMatchObject({ photos: [RESULT_PHOTO] })
    given(found).when(cmd('NotifyComplainant', actors.operator, T('03T17:00:00'), { method: 'phone' })).then('invalid-transition')
    given(found).when(cmd('RecordCallback', actors.operator, T('03T17:00:00'), { reached: false })).then('invalid-transition')
    given(found).when(cmd('CloseComplaint', actors.resident, T('03T17:00:00'), {})).then('forbidden')
    const closed = given(found).when(cmd('CloseComplaint', actors.gridWorker, T('03T17:00:00'), { reason: '现场核查已恢复' })).then(anyEvents)
    expect(closed).toEqual([{ type: 'ComplaintClosed', data: { complaintId: CASE_ID, at: T('03T17:00:00'), closedAs: 'verified', reason: '现场核查已恢复' } }])
  })

  it('given a complaint someone raised with its result in, when a grid worker closes it, then it is forbidden (the hotline notifies and closes), and it cannot be closed unnotified (invalid-transition)', () => {
    const submitted = historyUntil('resultSubmitted')
    given(submitted).when(cmd('CloseComplaint', actors.gridWorker, T('05T17:00:00'), {})).then('forbidden')
    given(submitted).when(cmd('CloseComplaint', actors.operator, T('05T17:00:00'), { reason: 'x' })).then('invalid-transition')
    given(historyUntil('notified')).when(cmd('CloseComplaint', actors.communityWorker, T('06T17:00:00'), { reason: 'x' })).then('forbidden')
  })
})

describe('on-the-spot resolution (现场办结)', () => {
  const onTheSpot = { result: '已联系保洁清运，现场恢复整洁', photos: [RESULT_PHOTO] }

  it('given no case, when a grid worker registers a patrol finding resolved on the spot, then one command registers, resolves at grid level and closes it', () => {
    const events = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ onTheSpot }))).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintResolvedOnTheSpot', 'ComplaintClosed'])
    expect(events[1]?.data).toEqual({
      complaintId: CASE_ID,
      at: T('02T09:00:00'),
      unit: { id: GRID, level: 'grid', jurisdiction: GRID },
      result: onTheSpot.result,
      outcome: 'resolved',
      photos: [RESULT_PHOTO],
    })
    expect(events[2]?.data).toEqual({ complaintId: CASE_ID, at: T('02T09:00:00'), closedAs: 'resolved-on-the-spot' })
    expect(caseOf(events)).toMatchObject({ status: 'closed', closedAs: 'resolved-on-the-spot', result: { onTheSpot: true, text: onTheSpot.result, unit: { level: 'grid' } } })
  })

  it('given no case, when a resident met on a grid visit has a small matter solved at once, then it is resolved on the spot too', () => {
    const data = registration({ channel: 'grid-visit', category: 'parking', complainant: { name: '王五', phone: '13800138000' }, onTheSpot: { result: '已联系车主挪车', photos: [RESULT_PHOTO] } })
    const events = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintResolvedOnTheSpot', 'ComplaintClosed'])
  })

  it('given no case, when the category is one configuration does not allow on the spot, then it is refused at category, naming the allowed ones (validation)', () => {
    const error = given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ category: 'heating', onTheSpot }))).then('validation')
    expect(pathsOf(error)).toEqual(['category'])
    expect(messageOf(error)).toContain('only sanitation, parking, neighbourhood')
  })

  it('given a deployment that allows heating on the spot, when a grid worker resolves a heating problem on the spot, then it is allowed', () => {
    const configured = complaintDecider({ onTheSpotCategories: ['heating'] })
    deciderSpec(configured).given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ category: 'heating', onTheSpot }))).then(anyEvents)
    deciderSpec(configured).given([]).when(cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), patrol({ onTheSpot }))).then('validation')
  })

  it.each([
    ['a hotline operator', actors.operator],
    ['a community worker', actors.communityWorker],
    ['a street officer', actors.streetOfficer],
  ])('given no case, when %s resolves on the spot, then it is forbidden: only the grid does', (_who, actor) => {
    given([]).when(cmd('RegisterComplaint', actor, T('02T09:00:00'), registration({ category: 'sanitation', onTheSpot }))).then('forbidden')
  })

  it('given no case, when the place is not in a grid, then it is refused at jurisdiction (validation)', () => {
    expect(pathsOf(given([]).when(cmd('RegisterComplaint', actors.admin, T('02T09:00:00'), patrol({ jurisdiction: 'hohhot/saihan/wulan', onTheSpot }))).then('validation'))).toEqual(['jurisdiction'])
  })

  it('given a grid worker of another grid, when they resolve a case in this grid on the spot, then it is forbidden (scope)', () => {
    const elsewhere = { ...actors.gridWorker, id: 'gw-9', jurisdiction: 'hohhot/saihan/wulan/xx-community/grid-018' }
    given([]).when(cmd('RegisterComplaint', elsewhere, T('02T09:00:00'), patrol({ onTheSpot }))).then('forbidden')
  })
})

describe('吹哨: only a street or a unit above it summons departments', () => {
  const summon = { departments: [units.housing], reason: '供热管网涉及住建' }

  it.each([
    ['the grid', units.grid, actors.gridWorker],
    ['the community', units.community, actors.communityWorker],
  ])('given a case led by %s, when its worker blows the whistle, then it is forbidden (the role does not summon)', (_who, lead, actor) => {
    given(historyUntil('acknowledged', lead, actor)).when(cmd('SummonDepartments', actor, T('02T12:00:00'), summon)).then('forbidden')
  })

  it('given a case led by the community, when a street officer (who acts for it) blows the whistle, then it is refused: escalate to the street first (invalid-transition)', () => {
    const error = given(historyUntil('acknowledged', units.community, actors.communityWorker)).when(cmd('SummonDepartments', actors.streetOfficer, T('02T12:00:00'), summon)).then('invalid-transition')
    expect(error.message).toContain('escalate the case to the street first')
  })

  it('given a case led by a department, when its officer blows the whistle, then it is forbidden', () => {
    given(historyUntil('acknowledged', units.housing, actors.housingOfficer)).when(cmd('SummonDepartments', actors.housingOfficer, T('02T12:00:00'), { departments: [units.environment], reason: 'x' })).then('forbidden')
  })

  it('given a case escalated to the district, when a district officer blows the whistle, then the district summons (a unit above the street)', () => {
    const districtOfficer = { id: 'do-1', role: 'street-officer', jurisdiction: units.district.jurisdiction } as const
    const led = historyUntil('acknowledged', units.district, districtOfficer)
    const [summoned] = given(led).when(cmd('SummonDepartments', districtOfficer, T('02T12:00:00'), summon)).then(anyEvents)
    expect(summoned?.data).toMatchObject({ by: units.district })
  })
})

describe('报到 deadline at its edge (default 2 working days, the shipped calendar)', () => {
  const summonAt = (at: string): Run =>
    run([command2('SummonDepartments', at)], {}, historyUntil('acknowledged', units.street, actors.streetOfficer))
  function command2(type: 'SummonDepartments', at: string) {
    return cmd(type, actors.streetOfficer, at, { departments: [units.housing], reason: '供热管网涉及住建' })
  }
  const arriveAt = (summoned: Run, at: string) =>
    given(summoned).when(cmd('ReportArrival', actors.housingOfficer, at, { unitId: 'saihan-housing' })).then(anyEvents)[0]?.data

  // Summoned Mon 2026-03-02 10:00: the day of the summons is not counted; working day 1 = Tue 3-03, day 2 = Wed 3-04,
  // so 报到 is due by Wed 2026-03-04 23:59:59 China time.
  const monday = () => summonAt(T('02T10:00:00'))
  it('the deadline is Wed 3-04 23:59:59 (+08:00)', () => {
    expect(caseOf(monday().events).summoned[0]?.reportBy).toBe(T('04T23:59:59'))
  })
  it('the day before (Tue 3-03): on time', () => {
    expect(arriveAt(monday(), T('03T16:00:00'))).toMatchObject({ reportBy: T('04T23:59:59'), onTime: true })
  })
  it('the day itself (Wed 3-04, 23:59:59): on time', () => {
    expect(arriveAt(monday(), T('04T23:59:59'))).toMatchObject({ onTime: true })
  })
  it('the day after (Thu 3-05, 00:00): late', () => {
    expect(arriveAt(monday(), T('05T00:00:00'))).toMatchObject({ onTime: false })
  })

  // Across 劳动节 2026 (the 2026 notice: 5-01..5-05 off, Sat 5-09 a make-up working day): summoned Thu 4-30 10:00 →
  // day 1 = Wed 5-06 (Fri 5-01 to Tue 5-05 are holidays), day 2 = Thu 5-07: due Thu 2026-05-07 23:59:59.
  it('across a holiday (劳动节): summoned Thu 4-30, due Thu 5-07; arriving Wed 5-06 on time, Fri 5-08 late', () => {
    const summoned = summonAt('2026-04-30T10:00:00+08:00')
    expect(caseOf(summoned.events).summoned[0]?.reportBy).toBe('2026-05-07T23:59:59+08:00')
    expect(arriveAt(summoned, '2026-05-06T09:00:00+08:00')).toMatchObject({ onTime: true })
    expect(arriveAt(summoned, '2026-05-08T09:00:00+08:00')).toMatchObject({ onTime: false })
  })

  // A 报到 window counted in hours is an instant, met up to and including itself, at 23:59:59 China time too (not a day's
  // end running to 24:00): summoned Mon 3-02 23:59:59 with 24 h → Tue 3-03 23:59:59.000; 23:59:59.500 is late.
  it('a 报到 window of 24 hours landing at 23:59:59: arriving then is on time, half a second later late', () => {
    const config = { arrivalWithin: { unit: 'hours', amount: 24 } } as const
    const summoned = run([command2('SummonDepartments', T('02T23:59:59'))], config, historyUntil('acknowledged', units.street, actors.streetOfficer, config))
    expect(caseOf(summoned.events).summoned[0]?.reportBy).toBe(T('03T23:59:59'))
    expect([arriveAt(summoned, T('03T23:59:59')), arriveAt(summoned, T('03T23:59:59.500'))]).toMatchObject([{ onTime: true }, { onTime: false }])
  })

  it('a deployment may set its own 报到 window: 1 working day from Mon 3-02 is Tue 3-03', () => {
    const summoned = run([command2('SummonDepartments', T('02T10:00:00'))], { arrivalWithin: { unit: 'working-days', amount: 1 } }, historyUntil('acknowledged', units.street, actors.streetOfficer, { arrivalWithin: { unit: 'working-days', amount: 1 } }))
    expect(caseOf(summoned.events).summoned[0]?.reportBy).toBe(T('03T23:59:59'))
  })
})

describe('a department’s part and 以下评上', () => {
  const summoned = (): History =>
    run(
      [cmd('SummonDepartments', actors.streetOfficer, T('02T10:00:00'), { departments: [units.housing, units.environment], reason: '供热管网' })],
      {},
      historyUntil('acknowledged', units.street, actors.streetOfficer),
    ).events
  const arrived = (): History => after(summoned(), given(summoned()).when(cmd('ReportArrival', actors.housingOfficer, T('03T09:00:00'), { unitId: 'saihan-housing' })).then(anyEvents))
  const partReported = (): History =>
    after(arrived(), given(arrived()).when(cmd('ReportDepartmentPart', actors.housingOfficer, T('03T15:00:00'), { unitId: 'saihan-housing', report: '已更换阀门', photos: [RESULT_PHOTO] })).then(anyEvents))
  const rate = { unitId: 'saihan-housing', rating: 'satisfied' as const, comment: '当天到场，问题解决' }

  it('given an arrived department, when it reports its part, then the part is on the case with its photos', () => {
    expect(caseOf(partReported()).summoned.find((s) => s.unit.id === 'saihan-housing')?.part).toEqual({ report: '已更换阀门', at: T('03T15:00:00'), photos: [RESULT_PHOTO] })
  })

  it('given a department that has not reported for duty, when it reports its part, then it is refused (invalid-transition); twice likewise; another department is forbidden', () => {
    given(summoned()).when(cmd('ReportDepartmentPart', actors.housingOfficer, T('03T15:00:00'), { unitId: 'saihan-housing', report: 'x' })).then('invalid-transition')
    given(partReported()).when(cmd('ReportDepartmentPart', actors.housingOfficer, T('03T16:00:00'), { unitId: 'saihan-housing', report: 'y' })).then('invalid-transition')
    given(arrived()).when(cmd('ReportDepartmentPart', actors.environmentOfficer, T('03T15:00:00'), { unitId: 'saihan-housing', report: 'x' })).then('forbidden')
    expect(pathsOf(given(arrived()).when(cmd('ReportDepartmentPart', actors.housingOfficer, T('03T15:00:00'), { unitId: 'nobody', report: 'x' })).then('validation'))).toEqual(['unitId'])
  })

  it('given a department’s part, when the summoning street rates its help with a comment, then the rating names the street and the department', () => {
    const events = given(partReported()).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('04T10:00:00'), rate)).then(anyEvents)
    expect(events).toEqual([
      { type: 'ComplaintDepartmentHelpRated', data: { complaintId: CASE_ID, at: T('04T10:00:00'), by: units.street, unit: units.housing, rating: 'satisfied', comment: '当天到场，问题解决' } },
    ])
    const rated = after(partReported(), events)
    expect(caseOf(rated).summoned.find((s) => s.unit.id === 'saihan-housing')?.rating).toEqual({ rating: 'satisfied', comment: '当天到场，问题解决', at: T('04T10:00:00') })
    given(rated).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('04T11:00:00'), rate)).then('invalid-transition')
  })

  it('given a department with no part and its 报到 deadline not passed, when the street rates it, then it is refused: nothing to rate yet (invalid-transition)', () => {
    given(arrived()).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('04T10:00:00'), rate)).then('invalid-transition')
  })

  it('given a department that never came, when its 报到 deadline (Wed 3-04) has passed, then the street may rate it (unsatisfied)', () => {
    const noShow = { unitId: 'saihan-env', rating: 'unsatisfied' as const, comment: '未按时报到' }
    given(summoned()).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('04T23:59:59'), noShow)).then('invalid-transition')
    given(summoned()).when(cmd('RateDepartmentHelp', actors.streetOfficer, T('05T00:00:00'), noShow)).then(anyEvents)
  })

  it.each([
    ['the department itself', actors.housingOfficer],
    ['a grid worker', actors.gridWorker],
    ['a community worker', actors.communityWorker],
    ['another street', actors.outsider],
  ])('given a department’s part, when %s rates it, then it is forbidden (the pipeline shows an outsider not-found)', (_who, actor) => {
    given(partReported()).when(cmd('RateDepartmentHelp', actor, T('04T10:00:00'), rate)).then('forbidden')
  })
})

describe('临期 / 超期 of a 报到: the reminder names the departments that owe it', () => {
  // Housing and environment summoned together on Mon 3-02 10:00: both due Wed 3-04 23:59:59 (+08:00), one deadline, so
  // the scheduler records one reminder per reminder kind for the two (its command id names the case, kind and deadline).
  const summoned = (): History =>
    run(
      [cmd('SummonDepartments', actors.streetOfficer, T('02T10:00:00'), { departments: [units.housing, units.environment], reason: '供热管网' })],
      {},
      historyUntil('acknowledged', units.street, actors.streetOfficer),
    ).events
  const housingCame = (): History => after(summoned(), given(summoned()).when(cmd('ReportArrival', actors.housingOfficer, T('03T09:00:00'), { unitId: 'saihan-housing' })).then(anyEvents))
  // The scheduler writes the deadline in UTC: Wed 3-04 23:59:59+08:00 is 15:59:59Z.
  const remind = (reminder: 'due-soon' | 'overdue', kind = 'arrival') => cmd('RecordDeadlineReminder', actors.admin, T('05T00:00:00'), { kind, deadline: '2026-03-04T15:59:59.000Z', reminder })

  it('given both still to come, when the due-soon reminder is recorded, then it names both departments', () => {
    const [event] = given(summoned()).when(remind('due-soon')).then(anyEvents)
    expect(event?.data).toMatchObject({ kind: 'arrival', reminder: 'due-soon', units: ['saihan-housing', 'saihan-env'] })
  })

  it('given housing came on time, when the overdue reminder is recorded, then it names environment only (housing owes nothing)', () => {
    const [event] = given(housingCame()).when(remind('overdue')).then(anyEvents)
    expect(event?.data).toMatchObject({ kind: 'arrival', reminder: 'overdue', units: ['saihan-env'] })
  })

  it('given a department summoned later (another deadline), then the reminder of the first deadline does not name it', () => {
    const later = after(housingCame(), given(housingCame()).when(cmd('SummonDepartments', actors.streetOfficer, T('03T10:00:00'), { departments: [{ id: 'saihan-market', level: 'district', jurisdiction: 'hohhot/saihan', department: 'market-regulation' }], reason: '涉及市场监管' })).then(anyEvents))
    const [event] = given(later).when(remind('overdue')).then(anyEvents)
    expect(event?.data).toMatchObject({ units: ['saihan-env'] })
  })

  it('given both came (environment late, before the scheduler looked), when the overdue reminder comes, then it is refused: nobody owes that 报到 (invalid-transition)', () => {
    const bothCame = after(housingCame(), given(housingCame()).when(cmd('ReportArrival', actors.environmentOfficer, T('05T00:00:00'), { unitId: 'saihan-env' })).then(anyEvents))
    expect(given(bothCame).when(remind('overdue')).then('invalid-transition').message).toContain('no summoned department owes a 报到 by 2026-03-04T15:59:59.000Z')
  })

  it('given the street sent the case back (退单) after the summons, when a 报到 reminder comes, then it is refused: the round and its summons ended', () => {
    const returned = after(summoned(), given(summoned()).when(cmd('ReturnComplaint', actors.streetOfficer, T('03T10:00:00'), { reason: '非本街道职责' })).then(anyEvents))
    given(returned).when(remind('due-soon')).then('invalid-transition')
  })

  it('given housing came, when the scheduler urges (督办) the missed 报到, then the urging names environment, the department that owes it', () => {
    const urge = cmd('UrgeComplaint', actors.admin, T('06T00:00:00'), { note: '自动督办', kind: 'arrival', deadline: '2026-03-04T15:59:59.000Z' })
    const [event] = given(housingCame()).when(urge).then(anyEvents)
    expect(event?.data).toMatchObject({ note: '自动督办', units: ['saihan-env'] })
    const bothCame = after(housingCame(), given(housingCame()).when(cmd('ReportArrival', actors.environmentOfficer, T('05T00:00:00'), { unitId: 'saihan-env' })).then(anyEvents))
    given(bothCame).when(urge).then('invalid-transition')
  })

  it('given a supervisor’s urging with no deadline named, then it names no department, as before', () => {
    const [event] = given(housingCame()).when(cmd('UrgeComplaint', actors.supervisor, T('06T00:00:00'), { note: '请加快' })).then(anyEvents)
    expect(event?.data).not.toHaveProperty('units')
  })

  it('given a reminder of another kind (签收), then it names no department', () => {
    const [event] = given(summoned()).when(remind('overdue', 'acknowledge')).then(anyEvents)
    expect(event?.data).not.toHaveProperty('units')
  })
})

// DOMAIN.md "Grid work": an issue found on patrol (巡查发现) comes "with location and photos"; a case resolved on the spot
// (现场办结) is closed "with the result and photos" — the photo is what the grid shows for a finding no one else raised,
// and for a result no one else checks before it is closed. Registered now, each needs at least one (400 naming the
// field, as a written agreement without its scan is 400 at attachments). A record imported from another platform
// (`meta.imported`, set by `gridcase import` only) cannot be given photos it never had: it is taken as it was.
describe('photos of a patrol finding and of an on-the-spot resolution', () => {
  const onTheSpot = { result: '已联系保洁清运，现场恢复整洁', photos: [RESULT_PHOTO] }
  const register = (data: CommandData<'RegisterComplaint'>, imported = false) => {
    const c = cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)
    return given([]).when(imported ? { ...c, meta: { ...c.meta, imported: true } } : c)
  }

  it('a patrol finding with no photo, or an empty list, is refused at photos (validation); one photo is enough, as a photo attachment', () => {
    for (const photos of [undefined, []]) {
      const error = register(patrol({ photos })).then('validation')
      expect(pathsOf(error)).toEqual(['photos'])
      expect(messageOf(error)).toContain('巡查发现')
    }
    register(patrol({ photos: [PHOTO] })).then(anyEvents)
    register(patrol({ photos: undefined, attachments: [{ sha256: PHOTO, kind: 'photo' }] })).then(anyEvents)
    // A document is not a photo of the place.
    expect(pathsOf(register(patrol({ photos: undefined, attachments: [{ sha256: PHOTO, kind: 'document' }] })).then('validation'))).toEqual(['photos'])
  })

  it('an on-the-spot resolution with no photo of the result is refused at onTheSpot.photos (validation), a patrol finding or a matter a resident raised alike', () => {
    for (const photos of [undefined, []]) {
      const result = { result: '已联系车主挪车', ...(photos === undefined ? {} : { photos }) }
      expect(pathsOf(register(patrol({ onTheSpot: result })).then('validation'))).toEqual(['onTheSpot.photos'])
      const raised = registration({ channel: 'grid-visit', category: 'parking', complainant: { name: '王五', phone: '13800138000' }, onTheSpot: result })
      expect(pathsOf(register(raised).then('validation'))).toEqual(['onTheSpot.photos'])
    }
    register(patrol({ onTheSpot })).then(anyEvents)
  })

  it('both missing on a patrol finding resolved on the spot: both fields named', () => {
    expect(pathsOf(register(patrol({ photos: undefined, onTheSpot: { result: '已清运' } })).then('validation'))).toEqual(['photos', 'onTheSpot.photos'])
  })

  it('a complaint someone raised, not resolved on the spot, needs no photo (as before)', () => {
    register(registration({ channel: 'grid-visit', complainant: { name: '王五', phone: '13800138000' } })).then(anyEvents)
  })

  it('imported from another platform (meta.imported): a patrol finding and an on-the-spot resolution without photos are taken as recorded', () => {
    const events = register(patrol({ photos: undefined, onTheSpot: { result: '已清运' } }), true).then(anyEvents)
    expect(events.map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintResolvedOnTheSpot', 'ComplaintClosed'])
    expect(events[0]?.data).not.toHaveProperty('photos')
  })
})

// DOMAIN.md "Grid work": an issue found on patrol (巡查发现) comes "with location and photos" — the photos are asked
// (above), the point on the map was not (found in review: a finding was taken with an address at most, or nothing, to
// say where the grid worker stood). Registered now, a patrol finding needs its `location` (400 at location, named beside
// a missing photo); a record imported from another platform (`meta.imported`) is taken as it was, as for the photos.
describe('the location of a patrol finding', () => {
  const register = (data: CommandData<'RegisterComplaint'>, imported = false) => {
    const c = cmd('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), data)
    return given([]).when(imported ? { ...c, meta: { ...c.meta, imported: true } } : c)
  }

  it('a patrol finding with no location is refused at location (validation), even with an address', () => {
    const error = register(patrol({ location: undefined })).then('validation')
    expect(pathsOf(error)).toEqual(['location'])
    expect(messageOf(error)).toContain('巡查发现')
    expect(pathsOf(register(patrol({ location: undefined, address: undefined })).then('validation'))).toEqual(['location'])
  })

  it('with its location it is taken, address or not', () => {
    const [registered] = register(patrol({ address: undefined })).then(anyEvents)
    expect(registered?.data).toMatchObject({ source: 'patrol', location: { longitude: 111.7, latitude: 40.8 } })
  })

  it('no location and no photo (nor a photo of the on-the-spot result): each field named', () => {
    expect(pathsOf(register(patrol({ location: undefined, photos: undefined })).then('validation'))).toEqual(['location', 'photos'])
    expect(pathsOf(register(patrol({ location: undefined, photos: [], onTheSpot: { result: '已清运' } })).then('validation'))).toEqual(['location', 'photos', 'onTheSpot.photos'])
  })

  it('the checks of who, the channel and the category come first, as for the photos', () => {
    given([]).when(cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), patrol({ location: undefined }))).then('forbidden')
    expect(pathsOf(register(patrol({ location: undefined, channel: 'contact-card' })).then('validation'))).toEqual(['channel'])
    expect(pathsOf(register(patrol({ location: undefined, category: 'heating', onTheSpot: { result: '已处理', photos: [RESULT_PHOTO] } })).then('validation'))).toEqual(['category'])
  })

  it('imported from another platform (meta.imported): a patrol finding without a location is taken as recorded', () => {
    const [registered] = register(patrol({ location: undefined }), true).then(anyEvents)
    expect(registered?.data).toMatchObject({ source: 'patrol' })
    expect(registered?.data).not.toHaveProperty('location')
  })
})
