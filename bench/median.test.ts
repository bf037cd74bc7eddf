import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { median } from './anchors/runs.js'

describe('the benches\' median', () => {
  it('is the middle value of an odd count and the mean of the two middle values of an even one, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2)
    // Found in review of session 26: the HTTP target table took the lower of two rounds (a nearest-rank quantile), so
    // with BENCH_TARGET_REPEAT=2 its "median" p99 ratio was the more favourable round (0.85× for rounds 0.85 and 3.18).
    expect(median([3.18, 0.85])).toBeCloseTo(2.015, 10)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })

  it('is the one every bench uses: none keeps a median of its own', () => {
    const dir = new URL('.', import.meta.url)
    const own = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && /const median = |\.length \/ 2\)\]/.test(readFileSync(new URL(f, dir), 'utf8')))
    expect(own).toEqual([])
  })
})
