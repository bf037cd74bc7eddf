// Grid work in the figures, on a hand-written log whose figures are counted by hand (comments): 现场办结 counted at
// grid level (小事不出网格), and 以下评上 ratings in the summoned departments' evaluation.
import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import type { HandlingUnit } from '../complaint/unit.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { complaintDraft as c } from './fixtures.js'
import { replay } from './projection.js'
import { unitEvaluation } from './unitEvaluation.js'
import { scopeOf } from './filter.js'

const A = 'hohhot/saihan/wulan'
const G1 = `${A}/c1/g1`
const G2 = `${A}/c1/g2`
const unit = (id: string, level: HandlingUnit['level'], jurisdiction: string, department?: string): HandlingUnit => ({
  id,
  level,
  jurisdiction,
  ...(department === undefined ? {} : { department }),
})
const grid1 = unit(G1, 'grid', G1)
const grid2 = unit(G2, 'grid', G2)
const community = unit('c1', 'community', `${A}/c1`)
const street = unit('wulan', 'street', A)
const housing = unit('housing', 'district', 'hohhot/saihan', 'housing')
const environment = unit('environment', 'district', 'hohhot/saihan', 'environment')
const at = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`

const registered = (n: number, when: string, jurisdiction: string, category: string, patrol = true) =>
  c(id(n), 'ComplaintRegistered', when, {
    channel: 'grid-visit', kind: 'help', category, urgency: 'normal', title: 't', description: 'd', jurisdiction, complainant: {}, policy: 'standard-normal',
    ...(patrol ? { source: 'patrol' as const } : {}),
  })
const onTheSpot = (n: number, when: string, u: HandlingUnit) => [
  c(id(n), 'ComplaintResolvedOnTheSpot', when, { unit: u, result: '已现场处理', outcome: 'resolved' }),
  c(id(n), 'ComplaintClosed', when, { closedAs: 'resolved-on-the-spot' }),
]
const dispatched = (n: number, when: string, u: HandlingUnit, jurisdiction: string) =>
  c(id(n), 'ComplaintDispatched', when, {
    unit: u, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy: at('28', '10:00'), resultBy: at('28', '18:00'), category: 'heating', kind: 'help', urgency: 'normal', jurisdiction,
  })
const result = (n: number, when: string, u: HandlingUnit) =>
  c(id(n), 'ComplaintResultSubmitted', when, { unit: u, result: 'done', outcome: 'resolved', resultBy: at('28', '18:00'), onTime: true, round: 1 })
const summoned = (n: number, when: string, departments: HandlingUnit[], reportBy = at('20', '23:59')) =>
  c(id(n), 'ComplaintDepartmentsSummoned', when, { by: street, departments, reason: '吹哨', reportBy })
const arrived = (n: number, when: string, u: HandlingUnit) => c(id(n), 'ComplaintDepartmentArrived', when, { unit: u })
const rated = (n: number, when: string, u: HandlingUnit, rating: 'satisfied' | 'basically-satisfied' | 'unsatisfied') =>
  c(id(n), 'ComplaintDepartmentHelpRated', when, { by: street, unit: u, rating, comment: '评价' })

const log = sealLog([
  // c1, c2: grid 1 resolves two patrol findings on the spot (sanitation, parking).
  registered(1, at('02', '09:00'), G1, 'sanitation'),
  ...onTheSpot(1, at('02', '09:00'), grid1),
  registered(2, at('03', '09:00'), G1, 'parking'),
  ...onTheSpot(2, at('03', '09:00'), grid1),
  // c3: grid 2 resolves one on the spot.
  registered(3, at('04', '09:00'), G2, 'neighbourhood'),
  ...onTheSpot(3, at('04', '09:00'), grid2),
  // c4: a patrol finding sent up: the community's result, verified and closed.
  registered(4, at('05', '09:00'), G1, 'heating'),
  dispatched(4, at('05', '10:00'), community, G1),
  result(4, at('06', '10:00'), community),
  c(id(4), 'ComplaintClosed', at('06', '11:00'), { closedAs: 'verified' }),
  // c5: the street leads, summons housing and environment; rates housing satisfied, environment unsatisfied; street result.
  registered(5, at('09', '09:00'), G2, 'heating', false),
  dispatched(5, at('09', '10:00'), street, G2),
  summoned(5, at('10', '10:00'), [housing, environment]),
  // 报到 due 3-20 23:59: housing arrives 3-11 (on time); environment never comes (the case stays open: late).
  arrived(5, at('11', '09:00'), housing),
  rated(5, at('16', '10:00'), housing, 'satisfied'),
  rated(5, at('23', '10:00'), environment, 'unsatisfied'),
  result(5, at('24', '10:00'), street),
  // c6: the street summons housing again; rated basically satisfied; no result yet.
  registered(6, at('11', '09:00'), G2, 'heating', false),
  dispatched(6, at('11', '10:00'), street, G2),
  summoned(6, at('12', '10:00'), [housing]),
  // Housing arrives 3-21 09:00, after its deadline 3-20 23:59: late.
  arrived(6, at('21', '09:00'), housing),
  rated(6, at('17', '10:00'), housing, 'basically-satisfied'),
  // c8: environment summoned, due 3-16 23:59, never comes; the case is closed 3-18: late (counted after the case ended).
  registered(8, at('13', '09:00'), G2, 'heating', false),
  dispatched(8, at('13', '10:00'), street, G2),
  summoned(8, at('13', '11:00'), [environment], at('16', '23:59')),
  c(id(8), 'ComplaintClosed', at('18', '10:00'), { closedAs: 'no-evaluation', reason: '诉求人撤回' }),
  // c9: housing summoned, due 3-27 23:59; the case is closed 3-26, before it: the 报到 no longer counts.
  registered(9, at('25', '09:00'), G2, 'heating', false),
  dispatched(9, at('25', '10:00'), street, G2),
  summoned(9, at('25', '11:00'), [housing], at('27', '23:59')),
  c(id(9), 'ComplaintClosed', at('26', '10:00'), { closedAs: 'no-evaluation', reason: '诉求人撤回' }),
  // c7: April: on the spot in grid 1, outside March.
  registered(7, '2026-04-01T09:00:00+08:00', G1, 'sanitation'),
  ...onTheSpot(7, '2026-04-01T09:00:00+08:00', grid1),
])

const state = replay(dashboardProjection, log)
const march = { from: at('01', '00:00'), to: '2026-04-01T00:00:00+08:00', asOf: '2026-04-30T00:00:00+08:00' }

describe('grid work in the figures (March 2026, counted by hand)', () => {
  const view = dashboardView(state, { ...march, jurisdiction: 'hohhot/saihan' })

  it('counts results resolved on the spot at grid level, with their share (小事不出网格)', () => {
    // Accepted results in March: c1, c2, c3 on the spot (grid), c4 community, c5 street → 5. c6 has none; c7 is April.
    expect(view.resolutionLevels.total).toBe(5)
    expect(view.resolutionLevels.byLevel.grid).toEqual({ count: 3, share: 3 / 5 })
    expect(view.resolutionLevels.byLevel.community).toEqual({ count: 1, share: 1 / 5 })
    expect(view.resolutionLevels.byLevel.street).toEqual({ count: 1, share: 1 / 5 })
    // On the spot: 3 of 5.
    expect(view.resolutionLevels.onTheSpot).toEqual({ count: 3, share: 3 / 5 })
    // Street, community or grid: all 5.
    expect(view.resolutionLevels.streetOrBelowShare).toBe(1)
  })

  it('credits each grid with what it resolved on the spot, and each department with the streets’ ratings (以下评上)', () => {
    const byId = new Map(view.units.map((u) => [u.unit.id, u]))
    // Grid 1: c1, c2 (c7 is April); grid 2: c3.
    expect(byId.get(G1)?.resolvedOnTheSpot).toBe(2)
    expect(byId.get(G2)?.resolvedOnTheSpot).toBe(1)
    // Housing: satisfied (c5), basically satisfied (c6) → (1 + 1 × 1) / 2 = 1.
    expect(byId.get('housing')?.helpRatings).toEqual({ rated: 2, satisfied: 1, basicallySatisfied: 1, unsatisfied: 0, satisfactionRate: 1 })
    // Environment: unsatisfied (c5) → 0 / 1 = 0.
    expect(byId.get('environment')?.helpRatings).toEqual({ rated: 1, satisfied: 0, basicallySatisfied: 0, unsatisfied: 1, satisfactionRate: 0 })
    // The street rated; it is not rated itself.
    expect(byId.get('wulan')?.helpRatings).toEqual({ rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: null })
  })

  it('counts each summoned department’s 报到: due in the period, on time, late when it never came', () => {
    const byId = new Map(view.units.map((u) => [u.unit.id, u]))
    // Housing: c5 on time, c6 late (c9 closed before its deadline: not counted) → 1 / 2.
    expect(byId.get('housing')?.arrivals).toEqual({ due: 2, onTime: 1, onTimeRate: 0.5 })
    // Environment: c5 never came (open, past 3-20), c8 never came (closed after 3-16) → 0 / 2.
    expect(byId.get('environment')?.arrivals).toEqual({ due: 2, onTime: 0, onTimeRate: 0 })
    // The street was not summoned.
    expect(byId.get('wulan')?.arrivals).toEqual({ due: 0, onTime: 0, onTimeRate: null })
  })

  it('weighs “basically satisfied” as the 满意率 does: weight 0.5 gives housing (1 + 0.5) / 2 = 0.75', () => {
    const units = unitEvaluation(state, scopeOf({ ...march, jurisdiction: 'hohhot/saihan' }, Date.parse(march.asOf)), { partlySolved: 0, basicallySatisfied: 0.5 })
    expect(units.find((u) => u.unit.id === 'housing')?.helpRatings.satisfactionRate).toBe(0.75)
  })

  it('a rating counts in the period it was given: only housing’s c5 rating is in 3-01..3-17 10:00', () => {
    const early = dashboardView(state, { from: at('01', '00:00'), to: at('17', '10:00'), asOf: march.asOf, jurisdiction: 'hohhot/saihan' })
    expect(early.units.find((u) => u.unit.id === 'housing')?.helpRatings.rated).toBe(1)
  })
})
