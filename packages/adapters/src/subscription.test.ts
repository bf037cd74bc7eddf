// adaptivePause: how long a follower waits between passes, from the rate its last pass saw. Each figure worked by hand:
// pause = events × (ms since the last pass started) ÷ events taken, clamped to [minMs, maxMs].
import { describe, expect, it } from 'vitest'
import { adaptivePause } from './subscription.js'

describe('adaptivePause', () => {
  it('pauses maxMs after the first pass: no rate seen yet', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 100, events: 20 })
    expect(pause(0, 1)).toBe(100)
  })

  it('at 250 events/s settles on 80 ms: 20 events × 20 ms ÷ 5 taken, then 20 × 80 ÷ 20', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 100, events: 20 })
    pause(0, 1)
    // The next pass 20 ms later took the 5 events of those 20 ms (250/s = one each 4 ms): 20 × 20 / 5 = 80.
    expect(pause(20, 5)).toBe(80)
    // 80 ms later, 20 events: 20 × 80 / 20 = 80, steady.
    expect(pause(100, 20)).toBe(80)
  })

  it('at 1000 events/s stays at minMs: 20 events × 20 ms ÷ 20 taken = 20', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 100, events: 20 })
    pause(0, 20)
    expect(pause(20, 20)).toBe(20)
    // A burst (200 events in 20 ms) would give 2 ms: never below minMs.
    expect(pause(40, 200)).toBe(20)
  })

  it('at 50 events/s, or after a quiet spell, is capped at maxMs', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 100, events: 20 })
    pause(0, 1)
    // 5 events in 100 ms (50/s): 20 × 100 / 5 = 400, capped at 100.
    expect(pause(100, 5)).toBe(100)
    // One event 10 s later: 20 × 10 000 / 1, capped at 100.
    expect(pause(10_100, 1)).toBe(100)
  })

  it('is the fixed pause minMs when maxMs is not above it (the runners default)', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 20, events: 20 })
    expect(pause(0, 1)).toBe(20)
    expect(pause(20, 5)).toBe(20)
    expect(pause(10_000, 1)).toBe(20)
  })

  it('pauses maxMs after a pass that took nothing', () => {
    const pause = adaptivePause({ minMs: 20, maxMs: 100, events: 20 })
    pause(0, 10)
    expect(pause(20, 0)).toBe(100)
  })
})
