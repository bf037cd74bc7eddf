import { describe, expect, it } from 'vitest'
import { registryOf } from './jurisdictionNames.js'
import type { DashboardView } from './dashboard.js'
import type { HelpRatings, UnitFigures } from './unitEvaluation.js'
import { departmentRatingsOf, rankedUnits } from './unitRanking.js'

const none = { accept: 0, acknowledge: 0, arrival: 0, result: 0, mediation: 0, confirmation: 0, 'court-accept': 0, 'court-decide': 0, receipt: 0, dispatch: 0 }
/** A unit with every rate 1 and the 以下评上 given. */
const unit = (id: string, department: string | undefined, helpRatings: HelpRatings): UnitFigures => ({
  unit: { id, level: 'street', jurisdiction: 'hohhot/saihan/a-street', ...(department === undefined ? {} : { department }) },
  dispatched: 1, acknowledgedOnTime: 1, onTimeAcknowledgementRate: 1, results: 1, resultsOnTime: 1, onTimeRate: 1,
  calledBack: 1, contacted: 1, responseRate: 1, resolved: 1, resolutionRate: 1, notReached: 0, declined: 0,
  evaluated: 1, satisfied: 1, satisfactionRate: 1, returns: 0, reopenings: 0, exclusions: 0, overdue: none,
  resolvedOnTheSpot: 0, arrivals: { due: 0, onTime: 0, onTimeRate: null }, helpRatings,
})
const unrated: HelpRatings = { rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: null }

describe('以下评上 in the unit ranking', () => {
  it('scores a rated department with its rating, and leaves the weight out for a unit nobody rated', () => {
    const made = registryOf({ format: 'gridcase-jurisdictions/1', jurisdictions: [{ code: 'hohhot/saihan/a-street', name: '甲街道', level: 'street' }] })
    if (!('registry' in made)) throw new Error('bad registry')
    // Two ratings: one satisfied, one unsatisfied → 0.5.
    const housing = unit('a-street#housing', 'housing', { rated: 2, satisfied: 1, basicallySatisfied: 0, unsatisfied: 1, satisfactionRate: 0.5 })
    const street = unit('a-street', undefined, unrated)
    const view = { units: [housing, street] } as Pick<DashboardView, 'units'> as DashboardView
    expect([...departmentRatingsOf(view)]).toEqual([['a-street#housing', 0.5]])
    // housing: (10 + 30 + 30 + 5 + 15) × 1 + 10 × 0.5 = 95 over 100 points → 95. street: 90 over 90 → 100 (coverage 0.9).
    expect(rankedUnits(view, made.registry).map((u) => [u.unit.id, u.unit.jurisdictionName, u.departmentRating, u.score, u.coverage, u.rank])).toEqual([
      ['a-street', '甲街道', null, 100, 0.9, 1],
      ['a-street#housing', '甲街道', 0.5, 95, 1, 2],
    ])
  })
})
