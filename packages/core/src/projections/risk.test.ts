import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { disputeDraft as d } from './fixtures.js'
import { replay } from './projection.js'

// Five disputes in two streets of Saihan district, March 2026. Every figure below is counted by hand from this log.
const A = 'hohhot/saihan/wulan'
const B = 'hohhot/saihan/zhaojun'
const at = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`
const reported = (n: number, when: string, jurisdiction: string, category: 'neighbour' | 'medical' = 'neighbour') =>
  d(id(n), 'DisputeReported', when, {
    id: id(n), source: 'party-application', category, jurisdiction, summary: 's',
    parties: [{ side: 'applicant', name: '王芳', phone: '13800138000' }, { side: 'respondent', name: '李强' }],
  })
const graded = (n: number, when: string, grade: 'low' | 'medium' | 'high') => d(id(n), 'DisputeRiskGraded', when, { grade, reason: '研判' })
const escalated = (n: number, when: string, to: string) => d(id(n), 'DisputeEscalated', when, { to, grade: 'high', reason: '研判' })
const declined = (n: number, when: string) => d(id(n), 'DisputeDeclined', when, { reason: '不受理' })
const closed = (n: number, when: string) => d(id(n), 'DisputeClosed', when, { outcome: 'declined' })

const log = sealLog([
  // 1 (A, grid): high on the 2nd, escalated; still open → high since the 2nd.
  reported(1, at('02', '09:00'), `${A}/c1/g1`),
  graded(1, at('02', '09:05'), 'high'),
  escalated(1, at('02', '09:05'), A),
  // 2 (A, community): medium on the 3rd, high on the 5th, low on the 8th.
  reported(2, at('03', '10:00'), `${A}/c1`, 'medical'),
  graded(2, at('03', '10:05'), 'medium'),
  graded(2, at('05', '10:00'), 'high'),
  escalated(2, at('05', '10:00'), A),
  graded(2, at('08', '10:00'), 'low'),
  // 3 (B): high on the 4th, declined and closed on the 6th.
  reported(3, at('04', '11:00'), `${B}/c2`),
  graded(3, at('04', '11:05'), 'high'),
  escalated(3, at('04', '11:05'), B),
  declined(3, at('06', '09:00')),
  closed(3, at('06', '10:00')),
  // 4 (B): low on the 4th; never escalated.
  reported(4, at('04', '12:00'), `${B}/c2/g9`),
  graded(4, at('04', '12:05'), 'low'),
  // 5 (A): never graded.
  reported(5, at('07', '08:00'), `${A}/c1/g2`),
])
const state = replay(dashboardProjection, log)
const risk = (filter: { jurisdiction?: string; asOf?: string; from?: string; to?: string }) => dashboardView(state, filter).risk

describe('the dashboard flags open high-risk disputes (风险等级), counted by hand', () => {
  it.each([
    // as of the 5th 12:00: 1 high (since 2nd), 2 high (since 5th), 3 high (since 4th, not yet closed), 4 low.
    ['district, 5th noon', { jurisdiction: 'hohhot/saihan', asOf: at('05', '12:00') }, { low: 1, medium: 0, high: 3 }, [1, 3, 2]],
    // as of the 6th noon: 3 closed (off the list and the counts).
    ['district, 6th noon', { jurisdiction: 'hohhot/saihan', asOf: at('06', '12:00') }, { low: 1, medium: 0, high: 2 }, [1, 2]],
    // as of the 9th: 2 regraded low on the 8th; 5 never graded (not counted).
    ['district, 9th', { jurisdiction: 'hohhot/saihan', asOf: at('09', '00:00') }, { low: 2, medium: 0, high: 1 }, [1]],
    ['street A, 4th noon', { jurisdiction: A, asOf: at('04', '12:00') }, { low: 0, medium: 1, high: 1 }, [1]],
    ['street B, 5th noon', { jurisdiction: B, asOf: at('05', '12:00') }, { low: 1, medium: 0, high: 1 }, [3]],
    // a period does not apply: the high risk graded on the 2nd is open in a period that starts on the 7th.
    ['district, period from the 7th, 9th', { jurisdiction: 'hohhot/saihan', from: at('07', '00:00'), asOf: at('09', '00:00') }, { low: 2, medium: 0, high: 1 }, [1]],
  ])('%s', (_what, filter, byGrade, cases) => {
    const figures = risk(filter)
    expect(figures.byGrade).toEqual(byGrade)
    expect(figures.highOpen).toBe(byGrade.high)
    expect(figures.items.map((i) => Number(i.caseId.slice(-1)))).toEqual(cases)
  })
  it('lists each open high-risk dispute with its place, category, since when, and the street it went to — no personal data', () => {
    expect(risk({ asOf: at('05', '12:00') }).items[2]).toEqual({
      caseId: id(2),
      jurisdiction: `${A}/c1`,
      category: 'medical',
      since: '2026-03-05T02:00:00.000Z',
      escalatedTo: A,
    })
    expect(JSON.stringify(risk({ asOf: at('05', '12:00') }))).not.toMatch(/王芳|李强|138/)
  })
})
