// A dispute's overall mediation outcome by period (docs/kpis.md "Mediation": its outcome as of the period's end, in the
// period of the conclusion that made it), three ways on random histories: the SQLite read model (its `outcome␟…` facts
// with `until`, `outcomeGap␟…` taken off, the kept month2 / day1 sums of one month or day, the facts read row by row for
// any other period), core's dashboardView over a replay, and the oracle (tests/support/kpiOracle.ts: each dispute
// replayed to the period's end). The events fall on China midnights, a millisecond before them and at noon, across
// month ends, several at the same instant, some out of time order; the periods are single days, months, a quarter,
// several months, months with days at either side, parts of days, open at either end (at a month's start or another
// day's), and all time — and, for the replay and the oracle, as of a time inside them. (packages/core/src/projections/outcomeSpans.test.ts checks the facts against the definition in hours.)
import { sqliteDashboard } from '@gridcase/adapters'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type Mediation } from '@gridcase/core/projections'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { disputeDraft } from '../packages/core/src/projections/fixtures.js'
import { oracleFigures } from './support/kpiOracle.js'

const PLACE = 'hohhot/saihan/wulan'
const china = (day: string, time = '00:00') => `2026-${day}T${time}:00+08:00`
const iso = (ms: number) => new Date(ms).toISOString()
const ACCEPTED = Date.parse(china('02-28'))
const mediator = { id: 'm-1', jurisdiction: PLACE }

// `perform`: the agreement recorded performed in full — a suit may follow it (人民调解法 art. 32: over its content), before
// the close or after it, as after one not performed.
const STEPS = ['fail', 'fail', 'agree', 'transfer', 'transfer', 'litigation', 'litigation', 'assign', 'session', 'rejected', 'refused', 'perform', 'close'] as const
type Step = (typeof STEPS)[number]
const draftOf = (id: string, step: Step, at: string): EventDraft => {
  switch (step) {
    case 'fail':
      return disputeDraft(id, 'MediationFailed', at, { track: 'people', reason: '分歧大' })
    case 'agree':
      return disputeDraft(id, 'MediationAgreed', at, { track: 'people', mediatorId: 'm-1', form: 'oral', terms: ['赔偿'], effectiveOn: at.slice(0, 10), reachedOn: at.slice(0, 10) })
    case 'transfer':
      return disputeDraft(id, 'DisputeTransferred', at, { hop: 1, from: 'people', to: 'administrative', reason: '转调解', mediationDeadline: china('12-31', '23:59') })
    case 'litigation':
      return disputeDraft(id, 'ReferredToLitigation', at, { reason: '引导诉讼' })
    case 'assign':
      return disputeDraft(id, 'MediatorAssigned', at, { track: 'people', mediator })
    case 'session':
      return disputeDraft(id, 'MediationSessionHeld', at, { session: 1, track: 'people', mediatorId: 'm-1', minutes: 'm' })
    case 'rejected':
      return disputeDraft(id, 'JudicialConfirmationRejected', at, { court: '赛罕区人民法院', reason: '驳回' })
    case 'refused':
      return disputeDraft(id, 'JudicialConfirmationRefused', at, { court: '赛罕区人民法院', caseNumber: '(2026)蒙0105民特1号', reason: '不予受理' })
    case 'perform':
      return disputeDraft(id, 'FulfilmentRecorded', at, { fulfilment: 'full' })
    case 'close':
      return disputeDraft(id, 'DisputeClosed', at, { outcome: 'litigation' })
  }
}

// China midnights (month ends among them), the millisecond before each, and noon.
const TIMES = ['03-01', '03-05', '03-06', '03-15', '03-31', '04-01', '04-10', '04-15', '05-01', '06-30', '07-01'].flatMap((d) => {
  const midnight = Date.parse(china(d))
  return [midnight, midnight - 1, Date.parse(china(d, '12:00'))]
})

const PERIODS: readonly DashboardFilter[] = [
  {},
  { from: china('03-01'), to: china('04-01') },
  { from: china('04-01'), to: china('05-01') },
  { from: china('02-01'), to: china('03-01') },
  { from: china('03-05'), to: china('03-06') },
  { from: china('03-31'), to: china('04-01') },
  { from: china('04-10'), to: china('04-11') },
  { from: china('01-01'), to: china('04-01') },
  { from: china('04-01'), to: china('07-01') },
  { from: china('03-01'), to: china('05-01') },
  { from: china('03-01'), to: china('06-01') },
  { from: china('03-05'), to: china('03-15') },
  // Whole months with whole days at either side.
  { from: china('03-05'), to: china('04-10') },
  { from: china('02-28'), to: china('07-01') },
  { from: china('03-01'), to: china('04-15') },
  { from: china('03-01'), to: china('04-10', '12:00') },
  { from: china('03-15', '12:00'), to: china('04-01') },
  { from: china('03-10', '12:00'), to: china('04-10', '12:00') },
  { from: china('03-01') },
  { from: china('03-05', '12:00') },
  { to: china('04-01') },
  // Open at one end, from or to a day that is not a month's first: whole months and whole days.
  { from: china('03-06') },
  { to: china('04-10') },
]

// Periods whose ends are at random hours and minutes (near the events' times, a millisecond either side, or anywhere from
// 02-25 to 07-05), within a day, across one whole day, open at one end: whole months and days from their sums, the parts
// of a day at either end fact by fact (periodParts).
const instant = fc.oneof(
  fc.tuple(fc.constantFrom(...TIMES), fc.integer({ min: -1500, max: 1500 }), fc.constantFrom(-1, 0, 1)).map(([t, minutes, ms]) => t + minutes * 60_000 + ms),
  fc.integer({ min: Date.parse(china('02-25')), max: Date.parse(china('07-05')) }).map((ms) => ms - (ms % 60_000)),
)
const unevenPeriods = fc.array(
  fc.record({ a: instant, b: instant, open: fc.constantFrom('none' as const, 'from' as const, 'to' as const) }).map(({ a, b, open }): DashboardFilter => {
    const [from, to] = a <= b ? [a, b] : [b, a]
    return { ...(open === 'from' ? {} : { from: iso(from) }), ...(open === 'to' ? {} : { to: iso(to) }) }
  }),
  { maxLength: 4 },
)

const overall = (m: Pick<Mediation, 'agreements' | 'failures' | 'concluded' | 'meanDaysToConclude'>) => ({
  agreements: m.agreements,
  failures: m.failures,
  concluded: m.concluded,
  // Milliseconds per dispute, whole: the three sum whole milliseconds and divide once.
  meanMs: m.meanDaysToConclude === null ? null : Math.round(m.meanDaysToConclude * 86_400_000),
})

const histories = fc.array(
  fc.record({
    steps: fc.array(fc.record({ step: fc.constantFrom(...STEPS), at: fc.constantFrom(...TIMES), again: fc.boolean() }), { maxLength: 10 }),
    // Most logs record a dispute's events in time order; some do not.
    inOrder: fc.boolean(),
  }),
  { minLength: 1, maxLength: 3 },
)

const logOf = (disputes: readonly { readonly steps: readonly { readonly step: Step; readonly at: number; readonly again: boolean }[]; readonly inOrder: boolean }[]) => {
  const drafts: EventDraft[] = []
  disputes.forEach(({ steps, inOrder }, i) => {
    const id = `00000000-0000-4000-8000-00000000090${i}`
    drafts.push(
      disputeDraft(id, 'DisputeReported', iso(ACCEPTED - 3_600_000), { id, source: 'party-application', category: 'neighbour', jurisdiction: `${PLACE}/c1`, summary: 's', parties: [{ side: 'applicant', name: '王某' }, { side: 'respondent', name: '李某' }] }),
      disputeDraft(id, 'DisputeAccepted', iso(ACCEPTED), { mediationDeadline: china('12-31', '23:59') }),
    )
    let last = ACCEPTED
    for (const s of inOrder ? [...steps].sort((a, b) => a.at - b.at) : steps) {
      // `again`: at the same instant as the event before it.
      last = s.again ? last : s.at
      drafts.push(draftOf(id, s.step, iso(last)))
    }
  })
  return sealLog(drafts)
}

describe('a dispute’s overall outcome by period: the SQLite read model, a replay and the oracle agree', () => {
  it('for random histories across China midnights and month ends, each event applied on its own', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.constantFrom(...TIMES), unevenPeriods, async (disputes, inside, uneven) => {
        const log = logOf(disputes)
        const state = replay(dashboardProjection, log)
        const model = sqliteDashboard(':memory:')
        try {
          for (const event of log) await model.apply([event])
          for (const period of [...PERIODS, ...uneven]) {
            const filter = { ...period, jurisdiction: PLACE, asOf: china('12-31') }
            const replayed = overall(dashboardView(state, filter).mediation)
            const kept = await model.view(filter)
            if (kept === undefined) throw new Error('no view')
            expect({ filter, ...overall(kept.mediation) }).toEqual({ filter, ...replayed })
            expect({ filter, ...overall(oracleFigures(log, filter).mediation) }).toEqual({ filter, ...replayed })
            // As of a time inside (or before) the period: the period's end is then that time.
            const early = { ...filter, asOf: iso(inside) }
            expect({ early, ...overall(oracleFigures(log, early).mediation) }).toEqual({ early, ...overall(dashboardView(state, early).mediation) })
          }
        } finally {
          await model.close()
        }
      }),
      { numRuns: 150 },
    )
  })
})
