import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { oldestKey } from './oldestKey.js'

describe('oldestKey', () => {
  it('gives the first key in insertion order, undefined for an empty map', () => {
    const map = new Map<string, number>()
    const oldest = oldestKey(map)
    expect(oldest.next()).toBeUndefined()
    map.set('a', 1).set('b', 2).set('c', 3)
    expect(oldest.next()).toBe('a')
    map.delete('a')
    // 'b' taken out and put back: the oldest is now 'c'.
    map.delete('b')
    map.set('b', 2)
    expect(oldest.next()).toBe('c')
    map.delete('c')
    expect(oldest.next()).toBe('b')
    map.delete('b')
    expect(oldest.next()).toBeUndefined()
    // Entries added after the iterator reached the end, and after a clear.
    map.set('d', 4)
    expect(oldest.next()).toBe('d')
    oldest.clear()
    expect(map.size).toBe(0)
    map.set('e', 5).set('f', 6)
    expect(oldest.next()).toBe('e')
  })

  it('property: a map bounded by dropping oldestKey() holds what one dropping map.keys().next() holds, in the same order', () => {
    const op = fc.record({ kind: fc.constantFrom('set', 'refresh', 'delete', 'clear'), key: fc.integer({ min: 0, max: 12 }) }, { requiredKeys: ['kind', 'key'] })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 300 }), (limit, ops) => {
        const kept = new Map<number, number>()
        const reference = new Map<number, number>()
        const oldest = oldestKey(kept)
        for (const [i, { kind, key }] of ops.entries()) {
          for (const map of [kept, reference]) {
            if (kind === 'set') map.set(key, i)
            else if (kind === 'refresh') {
              const value = map.get(key)
              if (value !== undefined) {
                map.delete(key)
                map.set(key, value)
              }
            } else if (kind === 'delete') {
              map.delete(key)
              // A value that must not stay reachable, now and then.
              if (map === kept && i % 5 === 0) oldest.reset()
            } else if (i % 17 === 0) {
              // A clear, now and then.
              if (map === kept) oldest.clear()
              else map.clear()
            }
          }
          while (kept.size > limit) kept.delete(oldest.next() as number)
          while (reference.size > limit) reference.delete(reference.keys().next().value as number)
          expect([...kept]).toEqual([...reference])
        }
      }),
      { numRuns: 300 },
    )
  })
})
