import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, jitteredBackoff } from './backoff.js'

describe('backoffDelay', () => {
  it('doubles the cap with each retry up to maxMs: with random at its top the waits are 2, 4, 8, … 100 ms', () => {
    const top = () => 0.999_999
    // baseMs 2: caps 2·2^0 = 2, 4, 8, 16, 32, 64, then 128 > 100 so 100.
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((r) => Math.round(backoffDelay(r, { random: top })))).toEqual([2, 4, 8, 16, 32, 64, 100, 100])
  })

  it('every wait lies in [0, min(maxMs, baseMs · 2^(retry−1)))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const wait = backoffDelay(retry, { baseMs: 3, maxMs: 50, random: () => r })
        return wait >= 0 && wait < Math.min(50, 3 * 2 ** (retry - 1))
      }),
    )
  })

  it('jitteredBackoff resolves (after a timer)', async () => {
    await expect(jitteredBackoff({ maxMs: 1 })(3)).resolves.toBeUndefined()
  })
})
