import { describe, expect, it } from 'vitest'
import { systemClock } from './clock.js'

describe('systemClock', () => {
  it('tells the time of the call, as Date.toISOString writes it (the text is shared within a millisecond)', () => {
    for (let i = 0; i < 2_000; i += 1) {
      const before = Date.now()
      const now = systemClock.now()
      const after = Date.now()
      expect(now).toBe(new Date(Date.parse(now)).toISOString())
      expect(Date.parse(now)).toBeGreaterThanOrEqual(before)
      expect(Date.parse(now)).toBeLessThanOrEqual(after)
    }
  })
})
