import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay, type DashboardFilter, type DashboardState } from '@gridcase/core/projections'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'

const logOf = (cases: number, seed: number, afterSummons = false, coHandling = false): RecordedEvent[] =>
  sealLog(sampleDrafts({ cases, seed, spacingMinutes: 90, gridWork: true, committees: true, afterSummons, coHandling }))

const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng/wulan', 'hohhot/saihan/zhaojun/c2', 'hohhot/saihan/dongfeng/c1/g03']
const START = Date.parse('2026-01-05T08:00:00+08:00')
const iso = (offsetHours: number) => new Date(START + offsetHours * 3_600_000).toISOString()

/** A filter a dashboard user might pick: a place, a period, and sometimes a time to look back at. */
const filters: fc.Arbitrary<DashboardFilter> = fc.record(
  {
    jurisdiction: fc.constantFrom(...PLACES),
    from: fc.integer({ min: -24, max: 400 }).map(iso),
    to: fc.integer({ min: 0, max: 1500 }).map(iso),
    asOf: fc.integer({ min: 0, max: 1500 }).map(iso),
    depth: fc.integer({ min: 0, max: 4 }),
  },
  { requiredKeys: [] },
)
const histories = fc.record({ cases: fc.integer({ min: 0, max: 60 }), seed: fc.integer() })
const reencoded = (state: DashboardState): DashboardState => {
  const saved: unknown = JSON.parse(JSON.stringify(dashboardProjection.encode?.(state)))
  const decoded = dashboardProjection.decode?.(saved)
  if (decoded === undefined) throw new Error('the saved dashboard did not decode')
  return decoded
}

describe('dashboard properties', () => {
  it('replaying the same history twice gives the same dashboard', () => {
    fc.assert(
      fc.property(histories, filters, ({ cases, seed }, filter) => {
        const log = logOf(cases, seed)
        expect(dashboardView(replay(dashboardProjection, log), filter)).toEqual(dashboardView(replay(dashboardProjection, log), filter))
      }),
      { numRuns: 40 },
    )
  })

  it('replaying in two batches, with a save and load between them, gives the same dashboard as one pass', () => {
    fc.assert(
      fc.property(histories, fc.double({ min: 0, max: 1, noNaN: true }), filters, ({ cases, seed }, cut, filter) => {
        const log = logOf(cases, seed)
        const k = Math.floor(cut * log.length)
        const first = reencoded(replay(dashboardProjection, log.slice(0, k)))
        const twoBatches = replay(dashboardProjection, log.slice(k), first)
        expect(dashboardView(twoBatches, filter)).toEqual(dashboardView(replay(dashboardProjection, log), filter))
      }),
      { numRuns: 40 },
    )
  })

  it.each([
    [false, false],
    [true, false],
    [true, true],
  ])('the dashboard as of a time equals the dashboard of the log up to that time (summoning rounds returned or referred after the summons: %s; co-handling 协办, denied extensions, 补充 and notes: %s)', (afterSummons, coHandling) => {
    // The time is near one of the log's own events, where facts are about to change.
    const near = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), minutes: fc.integer({ min: -90, max: 90 }) })
    fc.assert(
      fc.property(histories, near, filters, ({ cases, seed }, { at, minutes }, filter) => {
        const log = logOf(cases, seed, afterSummons, coHandling)
        const pivot = log[Math.floor(at * log.length)]
        const asOf = pivot === undefined ? iso(0) : new Date(Date.parse(pivot.metadata.occurredAt) + minutes * 60_000).toISOString()
        const prefix = log.filter((e) => Date.parse(e.metadata.occurredAt) <= Date.parse(asOf))
        const { position: _p1, ...fromAll } = dashboardView(replay(dashboardProjection, log), { ...filter, asOf })
        const { position: _p2, ...fromPrefix } = dashboardView(replay(dashboardProjection, prefix), { ...filter, asOf })
        expect(fromAll).toEqual(fromPrefix)
      }),
      { numRuns: 100 },
    )
  })

  it('a sample log is in time order, so "up to a time" is a prefix of it', () => {
    const log = logOf(60, 1)
    const times = log.map((e) => Date.parse(e.metadata.occurredAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(log.length).toBeGreaterThan(300)
  })
})
