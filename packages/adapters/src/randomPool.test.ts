import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { randomPool } from './randomPool.js'

/** A generator whose every byte is known: the buffers it made, in order, their bytes counting up from `start`. */
const countingSource = (start = 0) => {
  const made: Buffer[] = []
  let next = start
  const source = (n: number): Buffer => {
    const bytes = Buffer.alloc(n)
    for (let i = 0; i < n; i += 1) bytes[i] = (next += 1) & 0xff
    made.push(bytes)
    return bytes
  }
  return { made, source }
}

describe('randomPool', () => {
  it('hands out the source’s bytes in order, and refills across the boundary: a draw that does not fit starts a new buffer', () => {
    const { made, source } = countingSource()
    const pool = randomPool(10, source)
    expect([...pool.take(4)]).toEqual([1, 2, 3, 4])
    expect([...pool.take(4)]).toEqual([5, 6, 7, 8])
    expect(made).toHaveLength(1)
    // 2 bytes are left: a draw of 3 takes a new buffer, and bytes 9 and 10 are never handed out.
    expect([...pool.take(3)]).toEqual([11, 12, 13])
    expect(made).toHaveLength(2)
    expect(pool.draw(7)).toBe(3)
    expect([...pool.buffer().subarray(3, 10)]).toEqual([14, 15, 16, 17, 18, 19, 20])
    expect(made).toHaveLength(2)
    // Exactly at the end: the next draw refills.
    expect(pool.draw(1)).toBe(0)
    expect(made).toHaveLength(3)
  })

  it('never hands out the same bytes twice, and never rewrites what it handed out (any sizes, take and draw mixed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.record({ n: fc.integer({ min: 1, max: 64 }), view: fc.boolean() }), { maxLength: 200 }),
        (size, draws) => {
          const { made, source } = countingSource()
          const pool = randomPool(size, source)
          const given: { buffer: Buffer; from: number; to: number; bytes: number[]; view?: Buffer }[] = []
          for (const { n: wanted, view } of draws) {
            const n = Math.min(wanted, size)
            if (view) {
              const bytes = pool.take(n)
              expect(bytes.length).toBe(n)
              const buffer = made.at(-1) as Buffer
              expect(bytes.buffer).toBe(buffer.buffer)
              const from = bytes.byteOffset - buffer.byteOffset
              given.push({ buffer, from, to: from + n, bytes: [...bytes], view: bytes })
            } else {
              const from = pool.draw(n)
              const buffer = pool.buffer()
              expect(buffer).toBe(made.at(-1))
              given.push({ buffer, from, to: from + n, bytes: [...buffer.subarray(from, from + n)] })
            }
          }
          // No two draws share a byte of the same buffer.
          for (let i = 0; i < given.length; i += 1) {
            for (let j = i + 1; j < given.length; j += 1) {
              const a = given[i]!
              const b = given[j]!
              if (a.buffer === b.buffer) expect(a.to <= b.from || b.to <= a.from).toBe(true)
            }
          }
          // What was handed out is as it was: no refill wrote over a buffer (views included).
          for (const g of given) {
            expect([...g.buffer.subarray(g.from, g.to)]).toEqual(g.bytes)
            if (g.view !== undefined) expect([...g.view]).toEqual(g.bytes)
          }
          // One buffer per `size` bytes at most (a refill only when the draw does not fit).
          const total = draws.reduce((sum, { n }) => sum + Math.min(n, size), 0)
          expect(made.length).toBeLessThanOrEqual(total)
          if (total > 0) expect(made.length).toBeGreaterThanOrEqual(Math.ceil(total / size))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('draws from the system generator by default: distinct bytes across many refills', () => {
    const pool = randomPool(32)
    const seen = new Set<string>()
    for (let i = 0; i < 1_000; i += 1) seen.add(pool.take(16).toString('hex'))
    expect(seen.size).toBe(1_000)
  })

  it('refuses a draw it cannot give (none, fractional, larger than the pool) and a pool of no bytes', () => {
    const pool = randomPool(8)
    for (const n of [0, -1, 1.5, 9, Number.NaN]) expect(() => pool.take(n)).toThrow(RangeError)
    for (const size of [0, -8, 2.5]) expect(() => randomPool(size)).toThrow(RangeError)
    expect(pool.take(8)).toHaveLength(8)
  })
})
