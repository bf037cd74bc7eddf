// A bounded map dropping its oldest entry on every insertion (the caches of stream heads, sealing keys, remembered
// streams, opened events): core's `oldestKey` (one kept iterator) beside `map.keys().next()` (a new iterator per drop,
// which V8 walks past every entry deleted since the table was last rebuilt) and beside a bare Map.set of a new key with
// no bound (the floor). Each an LRU's mix: per insertion, one hit taken out and put back last.
//   npx tsx bench/index.ts boundedMaps        (BENCH_BOUNDED_OPS=100000, BENCH_BOUNDED_ROUNDS=3)
import { oldestKey } from '@gridcase/core'
import { compared, load, median } from './anchors/runs.js'

const OPS = Number(process.env['BENCH_BOUNDED_OPS'] ?? 100_000)
const ROUNDS = Number(process.env['BENCH_BOUNDED_ROUNDS'] ?? 3)

type Drop = (map: Map<string, number>) => () => string | undefined
const sides: Record<string, Drop | undefined> = {
  'bare Map.set, no bound': undefined,
  'oldestKey (kept iterator)': (map) => {
    const oldest = oldestKey(map)
    return () => oldest.next()
  },
  'map.keys().next() per drop': (map) => () => map.keys().next().value,
}

/** ns per insertion: `OPS` insertions into a map holding `limit`, one hit moved to the end before each. */
const nsPerInsertion = (limit: number, drop: Drop | undefined): number => {
  const map = new Map<string, number>()
  let next = 0
  for (; next < limit; next += 1) map.set(`k${next}`, next)
  const oldest = drop?.(map)
  const started = process.hrtime.bigint()
  for (let i = 0; i < OPS; i += 1) {
    const hit = `k${next - 1 - ((i * 7919) % (limit - 1))}`
    const value = map.get(hit)
    if (value !== undefined) {
      map.delete(hit)
      map.set(hit, value)
    }
    map.set(`k${next}`, next)
    next += 1
    if (oldest !== undefined && map.size > limit) map.delete(oldest() as string)
  }
  return Number(process.hrtime.bigint() - started) / OPS
}

export const run = async (): Promise<void> => {
  console.log(`a map bounded by dropping its oldest entry, ns per insertion (with one LRU hit), median of ${ROUNDS} rounds of ${OPS.toLocaleString('en-US')}, sides interleaved; ${load()}`)
  for (const limit of [1_000, 10_000, 100_000]) {
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((k) => [k, []]))
    for (let r = 0; r <= ROUNDS; r += 1) {
      for (const [name, drop] of Object.entries(sides)) {
        const ns = nsPerInsertion(limit, drop)
        // The first round warms up.
        if (r > 0) times[name]?.push(ns)
      }
    }
    const floor = median(times['bare Map.set, no bound'] ?? [])
    console.log(`  ${limit.toLocaleString('en-US')} entries`)
    for (const name of ['oldestKey (kept iterator)', 'map.keys().next() per drop']) {
      console.log(compared(`  ${name}`, median(times[name] ?? []), floor, 'ns', { baselineName: 'bare set', higherIsBetter: false }))
    }
  }
}
