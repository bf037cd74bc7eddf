// The dashboard writes a case's facts by difference (by `factId`, as a multiset); `sameFacts` lets it skip that when a
// case's facts are the same in the same order. It must never say "same" where the difference would add or drop a fact.
import fc from 'fast-check'
import type { DashboardFact } from '@gridcase/core/projections'
import { describe, expect, it } from 'vitest'
import { factDiff, factId, sameFacts } from './factDiff.js'

const counts = (facts: readonly DashboardFact[]): Map<string, number> => {
  const out = new Map<string, number>()
  for (const f of facts) out.set(factId(f), (out.get(factId(f)) ?? 0) + 1)
  return out
}

const fact = fc.record({ key: fc.constantFrom('count\u001fcomplaint\u001fclosed\u001fheating', 'level\u001fgrid', 'rate\u001fontime'), at: fc.constantFrom(0, 1, 86_400_000, 1.5), value: fc.constantFrom(0, 1, 3, Number.NaN, -0) })

describe('sameFacts', () => {
  it('says same only where the fact-by-fact difference adds and drops nothing', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 4 }), fc.array(fact, { maxLength: 4 }), (a, b) => {
        if (sameFacts(a, b)) expect(counts(b)).toEqual(counts(a))
      }),
      { numRuns: 5_000 },
    )
  })

  it('says same for the same facts in the same order (copies, not the same objects), and not for a time or value moved', () => {
    const facts = [
      { key: 'level\u001fgrid', at: 5, value: 0 },
      { key: 'rate\u001fontime', at: 7, value: 2 },
    ]
    expect(sameFacts(facts, facts.map((f) => ({ ...f })))).toBe(true)
    expect(sameFacts(facts, [facts[0] as DashboardFact, { key: 'rate\u001fontime', at: 8, value: 2 }])).toBe(false)
    expect(sameFacts(facts, [facts[0] as DashboardFact, { key: 'rate\u001fontime', at: 7, value: 3 }])).toBe(false)
    expect(sameFacts(facts, facts.slice(0, 1))).toBe(false)
    // A callback's fact whose competitor came (a later callback: `until`) is not the same fact: the model must rewrite it.
    expect(sameFacts(facts, [facts[0] as DashboardFact, { ...(facts[1] as DashboardFact), until: 9 }])).toBe(false)
    expect(factDiff(facts, [facts[0] as DashboardFact, { ...(facts[1] as DashboardFact), since: 1 }]).gone).toEqual([facts[1]])
  })
})

describe('factDiff', () => {
  it('adds and takes away the difference of the two multisets, each fact once, no id both added and taken away', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 6 }), fc.array(fact, { maxLength: 6 }), (before: DashboardFact[], now: DashboardFact[]) => {
        const { added, gone } = factDiff(before, now)
        const moved = counts(before)
        for (const f of gone) moved.set(factId(f), (moved.get(factId(f)) ?? 0) - 1)
        for (const f of added) moved.set(factId(f), (moved.get(factId(f)) ?? 0) + 1)
        expect(new Map([...moved].filter(([, n]) => n !== 0))).toEqual(counts(now))
        expect(added.every((f) => now.includes(f)) && gone.every((f) => before.includes(f))).toBe(true)
        expect(added.filter((f) => gone.some((g) => factId(g) === factId(f)))).toEqual([])
        // In `now`'s order.
        expect(added).toEqual(now.filter((f) => added.includes(f)))
      }),
      { numRuns: 500 },
    )
  })
})
