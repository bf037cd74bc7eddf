// adaptivePause: how long a follower waits between passes, from the rate its last pass saw. Each figure worked by hand:
// pause = events × (ms since the last pass started) ÷ events taken, clamped to [minMs, maxMs].
import { describe, expect, it } from 'vitest'
import { adaptivePause, pauseOptions } from './subscription.js'

/** The live passes' pause as the server tunes it: about 20 events a pass, 20 to 100 ms between passes. */
const livePauses = () => adaptivePause({ minMs: 20, maxMs: 100, events: 20 })

describe('adaptivePause', () => {
  it('pauses maxMs after the first pass: no rate seen yet', () => {
    const pause = livePauses()
    expect(pause(0, 1)).toBe(100)
  })

  it('at 250 events/s settles on 80 ms: 20 events × 20 ms ÷ 5 taken, then 20 × 80 ÷ 20', () => {
    const pause = livePauses()
    pause(0, 1)
    // The next pass 20 ms later took the 5 events of those 20 ms (250/s = one each 4 ms): 20 × 20 / 5 = 80.
    expect(pause(20, 5)).toBe(80)
    // 80 ms later, 20 events: 20 × 80 / 20 = 80, steady.
    expect(pause(100, 20)).toBe(80)
  })

  it('at 1000 events/s stays at minMs: 20 events × 20 ms ÷ 20 taken = 20', () => {
    const pause = livePauses()
    pause(0, 20)
    expect(pause(20, 20)).toBe(20)
    // A burst (200 events in 20 ms) would give 2 ms: never below minMs.
    expect(pause(40, 200)).toBe(20)
  })

  it('at 50 events/s, or after a quiet spell, is capped at maxMs', () => {
    const pause = livePauses()
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
    const pause = livePauses()
    pause(0, 10)
    expect(pause(20, 0)).toBe(100)
  })
})

describe('pauseOptions (a runner\'s pause options, checked when it is built)', () => {
  it('defaults to a fixed 20 ms pause aiming at 20 events, and takes the options given', () => {
    expect(pauseOptions({})).toEqual({ minMs: 20, maxMs: 20, events: 20 })
    expect(pauseOptions({ coalesceMs: 0, coalesceMaxMs: 100, coalesceEvents: 5 })).toEqual({ minMs: 0, maxMs: 100, events: 5 })
    expect(pauseOptions({ coalesceMs: 7 })).toEqual({ minMs: 7, maxMs: 7, events: 20 })
  })

  it.each([
    [{ coalesceMs: -1 }, /^coalesceMs: expected a finite number of milliseconds, 0 or more; got -1$/],
    [{ coalesceMs: Number.NaN }, /^coalesceMs: .* got NaN$/],
    [{ coalesceMs: Number.POSITIVE_INFINITY }, /^coalesceMs: .* got Infinity$/],
    [{ coalesceMaxMs: -5 }, /^coalesceMaxMs: .* got -5$/],
    [{ coalesceMaxMs: Number.NaN }, /^coalesceMaxMs: .* got NaN$/],
    [{ coalesceEvents: 0 }, /^coalesceEvents: expected a finite number of events above 0; got 0$/],
    [{ coalesceEvents: -3 }, /^coalesceEvents: .* got -3$/],
    [{ coalesceEvents: Number.NaN }, /^coalesceEvents: .* got NaN$/],
  ])('refuses %o, naming the option', (options, message) => {
    expect(() => pauseOptions(options)).toThrow(message)
  })
})
