import { describe, expect, it } from 'vitest'
import { unitEvaluationCsv } from './evaluationCsv.js'
import type { UnitFigures } from './unitEvaluation.js'

const none = { accept: 0, acknowledge: 0, arrival: 0, result: 0, mediation: 0, confirmation: 0, 'court-accept': 0, 'court-decide': 0, receipt: 0, dispatch: 0 }
const figures = (unit: UnitFigures['unit'], n: number): UnitFigures => ({
  unit, dispatched: n, acknowledgedOnTime: n, onTimeAcknowledgementRate: 1, results: 2, resultsOnTime: 1, onTimeRate: 0.5,
  calledBack: 0, contacted: 0, responseRate: null, resolved: 0, resolutionRate: null, notReached: 1, declined: 0,
  evaluated: 0, satisfied: 0, satisfactionRate: null, returns: 0, reopenings: 1, exclusions: 0, overdue: none,
  resolvedOnTheSpot: n, arrivals: { due: n, onTime: 0, onTimeRate: n === 0 ? null : 0 }, helpRatings: { rated: n, satisfied: n, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: n === 0 ? null : 1 },
})

describe('the unit evaluation as CSV', () => {
  it('starts with a BOM, names the jurisdiction beside its code, prints the score to two decimals, ends lines with CRLF, quotes commas and quotes, leaves unknown rates empty, and defuses formulas', () => {
    const g1 = figures({ id: 'g1', name: '网格 "一", 东', level: 'grid', jurisdiction: 'a/b/c/d/g1' }, 3)
    const csv = unitEvaluationCsv([
      { ...g1, unit: { ...g1.unit, jurisdictionName: '第1网格' }, score: 66.666666, rank: 1 },
      figures({ id: '=cmd', level: 'street', jurisdiction: 'a/b/c', department: 'housing' }, 0),
    ])
    expect(csv.startsWith('\uFEFF单位编号 unit id,')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toBe('g1,"网格 ""一"", 东",grid,a/b/c/d/g1,第1网格,,3,3,1,2,1,0.5,0,,,,1,0,0,1,0,3,3,0,3,1,66.67,1,0,0,0,0,0,0,0,0,0,0')
    expect(lines[2]).toBe("'=cmd,,street,a/b/c,,housing,0,0,1,2,1,0.5,0,,,,1,0,0,1,0,0,0,,0,,,,0,0,0,0,0,0,0,0,0,0")
    expect(lines[3]).toBe('')
  })

  it('ends with the unit’s overdue deadlines by kind, after the rank: a committee’s mediation periods, a centre’s receipts', () => {
    const committee = figures({ id: 'committee:c1', name: 'c1 人民调解委员会', level: 'community', jurisdiction: 'a/b/c/d' }, 0)
    const csv = unitEvaluationCsv([{ ...committee, overdue: { ...none, mediation: 2, receipt: 1 } }], '2026-06-12T12:00:00+08:00')
    const [header, row] = csv.slice(1).split('\r\n')
    const cells = (header ?? '').split(',')
    // Counts as of the export's time, not of the period: 当前超期, and the time, in each header.
    const asOf = ' as of 2026-06-12T12:00:00+08:00'
    expect(cells.slice(28)).toEqual([
      '当前超期受理 overdue accept', '当前超期签收 overdue acknowledge', '当前超期报到 overdue arrival', '当前超期办结 overdue result', '当前超期调解 overdue mediation',
      '当前超期司法确认申请 overdue confirmation', '当前超期法院受理 overdue court-accept', '当前超期法院裁定 overdue court-decide', '当前超期委派签收 overdue receipt',
      '当前超期派单 overdue dispatch',
    ].map((h) => h + asOf))
    // Without the time: "now".
    expect(unitEvaluationCsv([]).slice(1).split('\r\n')[0]?.split(',').at(-1)).toBe('当前超期派单 overdue dispatch as of now')
    // The 28 columns before as they were; then accept 0, acknowledge 0, arrival 0, result 0, mediation 2, …, receipt 1, dispatch 0.
    expect((row ?? '').split(',').slice(28)).toEqual(['0', '0', '0', '0', '2', '0', '0', '0', '1', '0'])
  })
})
