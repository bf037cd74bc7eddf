import { expect } from 'vitest'

/**
 * What `toEqual` compares a computed view with: the same value, each fraction matched within 5e-7 (`expect.closeTo`,
 * 6 digits) rather than rounded on both sides — two sums of the same figures in another order differ in their last
 * bits, and rounding each to 9 digits can put them on either side of a rounding step (it did, once: 1e-8 apart).
 * Whole numbers stay exact in effect (5e-7 apart is the same whole number), whichever side computed a fraction.
 */
export const near = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isFinite(value) ? expect.closeTo(value, 6) : value
  if (Array.isArray(value)) return value.map(near)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, near(v)]))
  return value
}
