import { describe, expect, it } from 'vitest'
import { exclusionsByCaseId } from './exclusionPages.js'

describe('exclusionsByCaseId', () => {
  // The place's exclusions from day 0 to day 100 (ms of a day: 1 here).
  const held = { first: 0, last: 100 }
  it('walks by case id a period covering more than half the time between the first and last exclusion', () => {
    expect(exclusionsByCaseId({ from: 0, to: 101 }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: -1000, to: 51 }, held)).toBe(true)
    expect(exclusionsByCaseId({ from: 49, to: 1000 }, held)).toBe(true)
  })
  it('reads by time a period covering half of it or less, or none of it', () => {
    expect(exclusionsByCaseId({ from: -1000, to: 50 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 50, to: 1000 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 30, to: 40 }, held)).toBe(false)
    expect(exclusionsByCaseId({ from: 200, to: 300 }, held)).toBe(false)
  })
  it('reads by time where the place has no exclusion; one instant, by case id when the period holds it', () => {
    expect(exclusionsByCaseId({ from: 0, to: 100 }, { first: null, last: null })).toBe(false)
    expect(exclusionsByCaseId({ from: 0, to: 100 }, { first: 5, last: 5 })).toBe(true)
    expect(exclusionsByCaseId({ from: 0, to: 5 }, { first: 5, last: 5 })).toBe(false)
  })
})
