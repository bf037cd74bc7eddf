import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sealLog, type EventDraft } from '../audit/sealedLog.js'
import { dashboardProjection } from './dashboard.js'
import { caseFacts, factCountsIn } from './facts.js'
import { disputeDraft } from './fixtures.js'
import { concludedMs, disputeOutcome } from './mediation.js'
import { replay } from './projection.js'
import type { DisputeRow } from './summaries.js'

// What a read model keeps of a dispute's overall outcome (`caseFacts`: `outcome␟…` facts with `until`, `outcomeGap␟…`
// taken off) must count, in every period, what the definition counts (docs/kpis.md "Mediation"): the dispute's outcome
// as of the period's end (`disputeOutcome` before `to`), when the conclusion that made it falls in the period.
const ID = '00000000-0000-4000-8000-000000000701'
const T0 = Date.parse('2026-03-02T09:00:00+08:00')
const HOUR = 3_600_000
const m = { id: 'm-1', jurisdiction: 'hohhot/saihan/wulan' }

const STEPS = ['assign', 'session', 'agree', 'fail', 'transfer', 'litigation', 'rejected', 'refused'] as const
type Step = (typeof STEPS)[number]
const draftOf = (step: Step, at: string): EventDraft => {
  switch (step) {
    case 'assign':
      return disputeDraft(ID, 'MediatorAssigned', at, { track: 'people', mediator: m })
    case 'session':
      return disputeDraft(ID, 'MediationSessionHeld', at, { session: 1, track: 'people', mediatorId: 'm-1', minutes: 'm' })
    case 'agree':
      return disputeDraft(ID, 'MediationAgreed', at, { track: 'people', mediatorId: 'm-1', form: 'oral', terms: ['赔偿'], effectiveOn: at.slice(0, 10), reachedOn: at.slice(0, 10) })
    case 'fail':
      return disputeDraft(ID, 'MediationFailed', at, { track: 'people', reason: '分歧大' })
    case 'transfer':
      return disputeDraft(ID, 'DisputeTransferred', at, { hop: 1, from: 'people', to: 'administrative', reason: '转调解', mediationDeadline: '2026-12-31T23:59:59+08:00' })
    case 'litigation':
      return disputeDraft(ID, 'ReferredToLitigation', at, { reason: '引导诉讼' })
    case 'rejected':
      return disputeDraft(ID, 'JudicialConfirmationRejected', at, { court: '赛罕区人民法院', reason: '驳回' })
    case 'refused':
      return disputeDraft(ID, 'JudicialConfirmationRefused', at, { court: '赛罕区人民法院', caseNumber: '(2026)蒙0105民特1号', reason: '不予受理' })
  }
}

const rowOf = (steps: readonly { readonly step: Step; readonly hours: number }[]): DisputeRow => {
  const iso = (ms: number) => new Date(ms).toISOString()
  const drafts: EventDraft[] = [
    disputeDraft(ID, 'DisputeReported', iso(T0 - HOUR), { id: ID, source: 'party-application', category: 'neighbour', jurisdiction: 'hohhot/saihan/wulan/c1', summary: 's', parties: [{ side: 'applicant', name: '王某' }, { side: 'respondent', name: '李某' }] }),
    disputeDraft(ID, 'DisputeAccepted', iso(T0), { mediationDeadline: '2026-12-31T23:59:59+08:00' }),
    // Hours from the acceptance: equal ones make events at the same instant, and a log may hold them out of time order.
    ...steps.map((s) => draftOf(s.step, iso(T0 + s.hours * HOUR))),
  ]
  const row = [...replay(dashboardProjection, sealLog(drafts)).cases.values()][0]
  if (row?.caseType !== 'dispute') throw new Error('no dispute')
  return row
}

/** [agreements, failures, summed ms] in `[from, to)` by the definition, and by the facts. */
const byDefinition = (row: DisputeRow, from: number, to: number): [number, number, number] => {
  const outcome = disputeOutcome(row, Number.POSITIVE_INFINITY, to)
  if (outcome === undefined || outcome.at < from || outcome.at >= to) return [0, 0, 0]
  return [outcome.agreed ? 1 : 0, outcome.agreed ? 0 : 1, concludedMs(outcome)]
}
const byFacts = (row: DisputeRow, from: number, to: number): [number, number, number] => {
  const got: [number, number, number] = [0, 0, 0]
  for (const f of caseFacts(row)) {
    const [head, kind] = f.key.split('\u001f')
    if ((head !== 'outcome' && head !== 'outcomeGap') || !factCountsIn(f, from, to)) continue
    const sign = head === 'outcome' ? 1 : -1
    if (kind === 'agreed') got[0] += sign
    else got[1] += sign
    got[2] += sign * f.value
  }
  return got
}

describe('a dispute’s outcome facts', () => {
  it('count, in any period, the outcome as of the period’s end when its conclusion falls in the period', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.constantFrom(...STEPS), hours: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 }),
        // Period ends as hours from the acceptance: below 0 an open start, above 44 an open end.
        fc.array(fc.tuple(fc.integer({ min: -1, max: 45 }), fc.integer({ min: -1, max: 45 })), { minLength: 1, maxLength: 8 }),
        (steps, periods) => {
          const row = rowOf(steps)
          const time = (h: number) => (h < 0 ? Number.NEGATIVE_INFINITY : h > 44 ? Number.POSITIVE_INFINITY : T0 + h * HOUR)
          for (const [a, b] of periods) {
            const [from, to] = [time(Math.min(a, b)), time(Math.max(a, b))]
            expect(byFacts(row, from, to)).toEqual(byDefinition(row, from, to))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a failure, a transfer, and litigation from that mediation: the failure is the outcome again from the referral', () => {
    // Failed at +10 h, transferred at +20 h, referred to litigation at +30 h (no conclusion): periods from the acceptance
    // ending at +15 h count the failure, at +25 h nothing (mediating again), at +35 h or never the failure again.
    const row = rowOf([{ step: 'fail', hours: 10 }, { step: 'transfer', hours: 20 }, { step: 'litigation', hours: 30 }])
    const ms = 10 * HOUR
    for (const [to, expected] of [[15, [0, 1, ms]], [25, [0, 0, 0]], [35, [0, 1, ms]]] as const) {
      expect(byFacts(row, T0, T0 + to * HOUR)).toEqual(expected)
    }
    expect(byFacts(row, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual([0, 1, ms])
  })
})
