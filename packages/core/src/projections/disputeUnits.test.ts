import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { dashboardProjection, dashboardView } from './dashboard.js'
import { runningDeadlines } from './facts.js'
import { DISPUTE_UNITS_PLACE, disputeUnitsDrafts, disputeUnitsId } from './fixtures.js'
import { replay } from './projection.js'
import { unassignedOverdue, type UnitFigures } from './unitEvaluation.js'

// The hand-written log (four disputes; whose each deadline is, worked out by hand) is disputeUnitsDrafts in fixtures.ts.
const A = DISPUTE_UNITS_PLACE
const at = (day: string, time = '09:00') => `2026-${day}T${time}:00+08:00`
const id = disputeUnitsId
const log = sealLog(disputeUnitsDrafts())
const state = replay(dashboardProjection, log)
const view = (day: string, time = '12:00') => dashboardView(state, { asOf: at(day, time) })
const overdueOf = (units: readonly UnitFigures[], unitId: string) => {
  const u = units.find((x) => x.unit.id === unitId)
  if (u === undefined) return undefined
  return Object.fromEntries(Object.entries(u.overdue).filter(([, n]) => n > 0))
}

describe('the unit evaluation counts the dispute deadlines a unit answers for', () => {
  it('the mediation period is the committee’s the case is routed to; a clerk’s entrustment’s receipt clock the centre’s', () => {
    // 05-07 12:00: d1's and d3's mediation (due 05-06) and d2's receipt (due 04-07) are overdue; d4 has agreed, and
    // its confirmation window (due 05-11) is still open.
    const v = view('05-07')
    expect(v.overdue.byKind).toMatchObject({ mediation: 2, receipt: 1, confirmation: 0 })
    expect(overdueOf(v.units, 'committee:c1-people')).toEqual({ mediation: 1 })
    expect(overdueOf(v.units, 'committee:saihan-medical')).toEqual({ mediation: 1 })
    // The entrustment was routed to the centre's property committee: signing for it is the centre's.
    expect(overdueOf(v.units, 'centre:saihan-centre')).toEqual({ receipt: 1 })
    expect(overdueOf(v.units, 'committee:saihan-property')).toBeUndefined()
    // On the overdue list each names its unit.
    expect(v.overdue.items.map((i) => [i.caseId, i.deadlineKind, i.unitId]).sort()).toEqual([
      [id(1), 'mediation', 'committee:c1-people'],
      [id(2), 'receipt', 'centre:saihan-centre'],
      [id(3), 'mediation', 'committee:saihan-medical'],
    ])
  })

  it('a transfer to a track the committee does not mediate on takes the case from it; routing it again gives it to the new committee', () => {
    // 05-11 12:00: d3 transferred on 05-10, due 06-09, not overdue; nothing of it is the medical committee's any more.
    expect(overdueOf(view('05-11').units, 'committee:saihan-medical')).toBeUndefined()
    // 06-12 12:00: d3's new deadline (06-09) passed, routed on 06-11 to wulan-admin; d1's (05-06) still overdue with c1.
    const v = view('06-12')
    expect(overdueOf(v.units, 'committee:wulan-admin')).toEqual({ mediation: 1 })
    expect(overdueOf(v.units, 'committee:saihan-medical')).toBeUndefined()
    // As of 05-07, before the transfer, the same deadline history still reads the medical committee's.
    expect(overdueOf(view('05-07').units, 'committee:wulan-admin')).toBeUndefined()
    expect(overdueOf(view('05-07').units, 'committee:saihan-medical')).toEqual({ mediation: 1 })
  })

  it('a deadline carried across a transfer that falls due before the case is routed again is no committee’s', () => {
    // 06-10 12:00: d3's second period (due 06-09) has passed; the transfer of 05-10 took it from the medical
    // committee (it mediates on the people's track only) and the routing to wulan-admin comes on 06-11.
    const v = view('06-10')
    expect(overdueOf(v.units, 'committee:saihan-medical')).toBeUndefined()
    expect(overdueOf(v.units, 'committee:wulan-admin')).toBeUndefined()
    expect(v.overdue.items.filter((i) => i.caseId === id(3)).map((i) => [i.deadlineKind, i.deadline, i.unitId])).toEqual([
      ['mediation', '2026-06-09T15:59:59.000Z', undefined],
    ])
  })

  it('the 司法确认 window is the parties’: overdue on the list, counted against no unit (while c1’s committee is)', () => {
    // 05-12 12:00: d4's window (due 05-11) passed; d1's mediation (due 05-06) is c1's.
    const v = view('05-12')
    expect(v.overdue.byKind.confirmation).toBe(1)
    expect(v.overdue.items.find((i) => i.deadlineKind === 'confirmation')?.unitId).toBeUndefined()
    expect(overdueOf(v.units, 'committee:c1-people')).toEqual({ mediation: 1 })
    for (const u of v.units) expect(u.overdue.confirmation).toBe(0)
  })

  it('knows the committees and the centre as units: id, name, level and place (as near as the events tell)', () => {
    const units = new Map(view('06-12').units.map((u) => [u.unit.id, u.unit]))
    // A people's committee sits in the community of the dispute it was routed; a specialist committee and its centre
    // in the district (the events name neither's place: the HTTP layer puts the configured place over this).
    expect(units.get('committee:c1-people')).toEqual({ id: 'committee:c1-people', name: 'c1 社区人民调解委员会', level: 'community', jurisdiction: `${A}/c1` })
    expect(units.get('committee:wulan-admin')).toEqual({ id: 'committee:wulan-admin', name: '乌兰街道行政调解委员会', level: 'community', jurisdiction: `${A}/c1` })
    expect(units.get('centre:saihan-centre')).toEqual({ id: 'centre:saihan-centre', level: 'district', jurisdiction: 'hohhot/saihan' })
  })

  it('the running deadlines a read model keeps carry the same units', () => {
    const of = (n: number) => runningDeadlines(state.cases.get(`dispute-${id(n)}`) ?? (undefined as never)).map((r) => [r.kind, r.unitId])
    expect(of(1)).toEqual([['mediation', 'committee:c1-people']])
    expect(of(2)).toEqual([['receipt', 'centre:saihan-centre']])
    expect(of(3)).toEqual([['mediation', 'committee:wulan-admin']])
    expect(of(4)).toEqual([['confirmation', undefined]])
  })
})

describe('overdue deadlines no unit answers for yet', () => {
  it('are counted by kind beside the units: a dispute transferred and not routed again, the parties’ window', () => {
    const only = (counts: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))
    // 05-07 12:00: d1's and d3's mediation are their committees', d2's receipt the centre's: none unassigned.
    expect(only(unassignedOverdue(view('05-07')))).toEqual({})
    // 05-12 12:00: d4's 司法确认 window (due 05-11) passed: the parties', no unit's.
    expect(only(unassignedOverdue(view('05-12')))).toEqual({ confirmation: 1 })
    // 06-10 12:00: d3's second period (due 06-09) passed while no committee held it (routed again on 06-11).
    expect(only(unassignedOverdue(view('06-10')))).toEqual({ mediation: 1, confirmation: 1 })
    // 06-12 12:00: routed to wulan-admin, d3's is that committee's again.
    expect(only(unassignedOverdue(view('06-12')))).toEqual({ confirmation: 1 })
  })
})

describe('the worked example’s deadlines', () => {
  it('are those worked by hand from DOMAIN.md "Time" (劳动节, 清明 and a Sunday move the last day)', () => {
    const deadlines = disputeUnitsDrafts().flatMap((d) => {
      const data = d.data as Record<string, unknown>
      return ['mediationDeadline', 'receiptDeadline', 'confirmationDeadline'].flatMap((k) => (typeof data[k] === 'string' ? [[d.streamId.slice(-1), d.type, data[k]]] : []))
    })
    expect(deadlines).toEqual([
      ['1', 'DisputeAccepted', '2026-05-06T23:59:59+08:00'],
      ['2', 'DisputeReported', '2026-04-07T23:59:59+08:00'],
      ['3', 'DisputeAccepted', '2026-05-06T23:59:59+08:00'],
      ['3', 'DisputeTransferred', '2026-06-09T23:59:59+08:00'],
      ['4', 'DisputeAccepted', '2026-05-06T23:59:59+08:00'],
      ['4', 'MediationAgreed', '2026-05-11T23:59:59+08:00'],
    ])
  })
})

describe('the saved dashboard', () => {
  it('is rebuilt from a snapshot of the format before (/5), whose dispute rows carry no holders', () => {
    const saved = dashboardProjection.encode?.(state) as { format: string; cases: [string, object][] }
    expect(dashboardProjection.decode?.(saved)).toBeDefined()
    const before = { ...saved, format: 'gridcase-dashboard/5', cases: saved.cases.map(([k, row]) => [k, { ...row, holders: undefined }]) }
    expect(dashboardProjection.decode?.(before)).toBeUndefined()
  })
})
