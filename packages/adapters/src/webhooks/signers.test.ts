import { describe, expect, it } from 'vitest'
import { signerCache } from './signers.js'

/** A cache of stand-in signers that counts how many it made. */
const counted = (max: number) => {
  const made: string[] = []
  const cache = signerCache((secret) => {
    made.push(secret)
    return { secret }
  }, max)
  return { cache, made }
}

describe('signerCache: a signer lives while its secret still signs', () => {
  it('is built once for every use in a pass and the next, and dropped after a pass and the one before did not use it', () => {
    const { cache, made } = counted(100)
    cache.turn()
    const a = cache.of('A')
    expect(cache.of('A')).toBe(a)
    cache.of('B')
    // The next pass uses A again (the same signer, not built again), B no more.
    cache.turn()
    expect(cache.of('A')).toBe(a)
    expect([cache.has('A'), cache.has('B'), cache.size]).toEqual([true, true, 2])
    // B was used by neither this pass nor the one before: gone; A, used by the pass before, kept one pass more.
    cache.turn()
    expect([cache.has('A'), cache.has('B'), cache.size]).toEqual([true, false, 1])
    cache.turn()
    expect([cache.has('A'), cache.size]).toEqual([false, 0])
    expect(made).toEqual(['A', 'B'])
  })

  it('never holds more than its bound, however many secrets a pass signs with', () => {
    const { cache } = counted(3)
    cache.turn()
    for (const s of ['A', 'B']) cache.of(s)
    cache.turn()
    for (const s of ['C', 'D', 'E', 'F', 'G']) {
      cache.of(s)
      expect(cache.size).toBeLessThanOrEqual(3)
    }
    expect(cache.has('G')).toBe(true)
  })

  it('clear drops every signer', () => {
    const { cache } = counted(10)
    cache.of('A')
    cache.turn()
    cache.of('B')
    cache.clear()
    expect([cache.has('A'), cache.has('B'), cache.size]).toEqual([false, false, 0])
  })
})
