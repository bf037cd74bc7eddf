// caseView copies the shown state with Object.assign and sets id, case type and version on the copy, where it spread
// the state into a literal: the same view, key for key and in order, for any state and any actor.
import type { Actor } from '@gridcase/core/access'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deepFreeze } from '../../../core/src/kernel/fixtures.js'
import type { CaseCollection } from '../collection.js'
import { onCaseOf, personalView } from '../mask.js'
import { caseView } from './caseView.js'

/** Every key path of a value in order, with each leaf's type: equal lists mean the same shape, key order included. */
const shapeOf = (value: unknown, path = '$'): string[] => {
  if (Array.isArray(value)) return [`${path}:array`, ...value.flatMap((v, i) => shapeOf(v, `${path}[${i}]`))]
  if (typeof value === 'object' && value !== null) return [`${path}:object`, ...Object.keys(value).flatMap((k) => shapeOf((value as Record<string, unknown>)[k], `${path}.${k}`))]
  return [`${path}:${typeof value}`]
}

/** caseView as it was written. */
const spreadView = (collection: CaseCollection, caseId: string, state: unknown, version: number, actor: Actor | undefined) => {
  const body = typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : { state }
  return { ...personalView(body, actor, undefined, onCaseOf(collection.caseType, state, undefined)), id: caseId, caseType: collection.caseType.name, version }
}

describe('caseView', () => {
  const collection = { caseType: { name: 'complaint' } } as unknown as CaseCollection
  const key = fc.oneof(fc.constantFrom('id', 'version', 'caseType', 'status', 'complainant', 'kind', '__proto__', '1'), fc.string({ maxLength: 4 }))
  const state = fc.oneof(
    fc.array(fc.tuple(key, fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }).map((members) => JSON.parse(JSON.stringify(Object.fromEntries(members))) as unknown),
    fc.jsonValue({ maxDepth: 1 }),
  )
  const actor = fc.constantFrom<Actor | undefined>(
    undefined,
    { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' },
    { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' },
    { id: 'r', role: 'resident', jurisdiction: 'hohhot' },
  )

  it('is the shown state with id, case type and version, as a spread of it made it', () => {
    fc.assert(
      fc.property(state, actor, fc.nat(), (s, a, version) => {
        const view = caseView(collection, 'c-1', s, version, a)
        const reference = spreadView(collection, 'c-1', s, version, a)
        expect(view).toStrictEqual(reference)
        expect(shapeOf(view)).toEqual(shapeOf(reference))
      }),
      { numRuns: 300 },
    )
  })

  it('never changes the state it is given, for any actor (a masked view is added to, the state is copied)', () => {
    fc.assert(
      fc.property(state, actor, fc.nat(), (s, a, version) => {
        const before = JSON.stringify(s)
        // Frozen: an assignment to it throws (ESM is strict).
        const view = caseView(collection, 'c-1', deepFreeze(s), version, a)
        expect(JSON.stringify(s)).toBe(before)
        expect(view).not.toBe(s)
      }),
      { numRuns: 300 },
    )
  })

  it('gives a role that sees masked data a new view on each call (what personalView masked is the caller’s, never shared)', () => {
    const complaint = { kind: 'report', title: '暖气不热', complainant: { name: '李明', phone: '13800471001' }, description: '李明家室温低于 18 度' }
    for (const a of [{ id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' }, { id: 'aud', role: 'auditor', jurisdiction: 'hohhot' }] as const) {
      for (const s of [complaint, { ...complaint, kind: 'complaint' }].map((c) => deepFreeze(structuredClone(c)))) {
        const first = caseView(collection, 'c-3', s, 1, a)
        const second = caseView(collection, 'c-3', s, 2, a)
        expect(second).not.toBe(first)
        expect(first).not.toBe(s)
        // Each answer's own keys: the first's version is still its own after the second was made.
        expect([first['version'], second['version']]).toEqual([1, 2])
        // Masked: the description names the complainant — but a 举报's to a supervisor, who may know who reported (its
        // name, in the text as on the complainant: mask.ts `reporterKnown`), its phone masked.
        const knowsReporter = a.role === 'supervisor' && s.kind === 'report'
        expect([first['description'], (first['complainant'] as { phone: string }).phone]).toEqual([knowsReporter ? '李明家室温低于 18 度' : '李*家室温低于 18 度', '138****1001'])
      }
    }
  })

  it('answers a supervisor (masked) and an operator (not) with the same view as before, the complaint case in Chinese included', () => {
    const complaint = { kind: 'complaint', title: '暖气不热', complainant: { name: '李明', phone: '13800471001' }, description: '李明家室温低于 18 度', notes: 2 }
    for (const a of [{ id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' }, { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' }] as const) {
      const s = deepFreeze(structuredClone(complaint))
      expect(JSON.stringify(caseView(collection, 'c-2', s, 7, a))).toBe(JSON.stringify(spreadView(collection, 'c-2', s, 7, a)))
    }
  })
})
