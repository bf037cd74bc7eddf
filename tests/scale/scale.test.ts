// The scale test of issue #17, gated (it writes 1.66M events and takes many minutes on a shared machine): run it with
// `GRIDCASE_SCALE=1 npx vitest run tests/scale` (GRIDCASE_SCALE_CASES=10000,200000 and GRIDCASE_SCALE_STORES=sqlite,postgres
// by default; PostgreSQL is the global setup's throwaway server or DATABASE_URL's). For each store it measures the
// server at the small and the large size (bench/scale.ts) and holds it to the bounds: RSS after start within
// 20% of the small size's, startup under 2 s at the large size, list and dashboard p99 within 2× of the small size's.
// `npm run bench` (bench/readModels.bench.ts) prints the same figures side by side without judging them.
import { describe, expect, inject, it } from 'vitest'
import { measureScale, type ScaleFigures, type StoreKind } from '../../bench/scale.js'

const enabled = process.env.GRIDCASE_SCALE === '1'
const [SMALL = 10_000, LARGE = 200_000] = (process.env.GRIDCASE_SCALE_CASES ?? '10000,200000').split(',').map(Number)
const STORES = (process.env.GRIDCASE_SCALE_STORES ?? 'sqlite,postgres').split(',') as StoreKind[]

describe.skipIf(!enabled)('scale (GRIDCASE_SCALE=1)', () => {
  for (const store of STORES) {
    it(`${store}: ${LARGE} cases beside ${SMALL}: RSS within 20%, startup < 2 s, list and dashboard p99 within 2×`, async () => {
      const url = inject('postgresUrl')
      if (store === 'postgres' && url === '') throw new Error(`no PostgreSQL: ${inject('postgresSkip')}`)
      const options = { requests: 500, ...(store === 'postgres' ? { url } : {}), log: (line: string) => console.log(line) }
      const small: ScaleFigures = await measureScale(store, SMALL, options)
      const large: ScaleFigures = await measureScale(store, LARGE, options)
      console.log(JSON.stringify({ small, large }))
      expect(large.rss / small.rss).toBeLessThanOrEqual(1.2)
      expect(large.startup).toBeLessThan(2)
      expect(large.list.p99 / small.list.p99).toBeLessThanOrEqual(2)
      expect(large.dashboard.p99 / small.dashboard.p99).toBeLessThanOrEqual(2)
    }, 3 * 3600_000)
  }
})
