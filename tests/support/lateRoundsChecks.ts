// The late rounds of a period (按期办结率: a complaint's 签收 or 办结 still due past its deadline, the deadline in the
// period) as the dashboard and the 考核 figures count them, across a month's end, whatever the batching — the same
// figures whether a round closed before the watermark (the latest event's time: kept counts) or after it (read as of
// asOf). All in community c1 (hohhot/saihan/wulan/c1), dispatched 03-20 10:00 China time unless said, 签收 by 03-21 10:00
// and signed for at 11:00 (on time):
// - A: 办结 by 03-30 (a day deadline, 23:59:59+08:00): closes 03-31 00:00, in March.
// - B: 办结 by 03-31: closes 04-01 00:00 (the month's end), in March (on 03-31).
// - C: 办结 by 04-01: closes 04-02 00:00, in April (on 04-01).
// - E: 办结 by 03-30 as A, answered late at 04-01 09:00 (the last event): late while it ran, then a late result.
// - D: dispatched 03-31 22:00, 签收 by 04-01 00:00:00 (an instant: closes 1 ms after it, in April), never signed for;
//   办结 by 04-10 (closes 04-11 00:00, in April).
// - G: 办结 by 03-30 as A (late, counted by the first watermark), re-based at 04-01 00:00:00 (a calendar change, 放假安排调整)
//   to 04-02: closes 04-03 00:00, in April — it leaves March. Its re-base puts the watermark exactly at B's close and at
//   D's 签收 deadline.
// Watermarks: 03-31 22:00 (the log up to D's dispatch), 04-01 00:00 (up to G's re-base), 04-01 09:00 (the whole log).
import type { DashboardReadModel } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { dashboardProjection, dashboardView, replay, runningDeadlines, type CaseRow, type DashboardFilter } from '@gridcase/core/projections'
import fc from 'fast-check'
import { expect } from 'vitest'
import { complaintDraft } from '../../packages/core/src/projections/fixtures.js'
import { batches } from './dashboardCases.js'
import { sampleDrafts } from './sampleLog.js'

export const LATE_PLACE = 'hohhot/saihan/wulan'
const lateId = (n: number): string => `00000000-0000-4000-8000-00000000060${n}`
const C1 = { id: 'wulan-c1', name: 'c1 社区', level: 'community' as const, jurisdiction: `${LATE_PLACE}/c1` }
const GRID = `${LATE_PLACE}/c1/g1`

const opened = (n: number, at: string, acknowledgeBy: string, resultBy: string): EventDraft[] => [
  complaintDraft(lateId(n), 'ComplaintRegistered', new Date(Date.parse(at) - 3_600_000).toISOString(), {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: 't', description: 'd', jurisdiction: GRID,
    complainant: { name: '李四', phone: '13912345678' }, policy: 'standard-normal',
  }),
  complaintDraft(lateId(n), 'ComplaintDispatched', at, {
    unit: C1, round: 1, redispatch: false, policy: 'standard-normal', acknowledgeBy, resultBy, category: 'heating', kind: 'complaint', urgency: 'normal', jurisdiction: GRID,
  }),
]
const signed = (n: number): EventDraft => complaintDraft(lateId(n), 'ComplaintAcknowledged', '2026-03-20T11:00:00+08:00', { unit: C1, after: 'dispatch', onTime: true })

const DISPATCHED = '2026-03-20T10:00:00+08:00'
const ACK_BY = '2026-03-21T10:00:00+08:00'

/** The log in time order (each case's events in their own order). */
export const lateDrafts = (): EventDraft[] => [
  ...opened(1, DISPATCHED, ACK_BY, '2026-03-30T23:59:59+08:00'),
  ...opened(2, DISPATCHED, ACK_BY, '2026-03-31T23:59:59+08:00'),
  ...opened(3, DISPATCHED, ACK_BY, '2026-04-01T23:59:59+08:00'),
  ...opened(5, DISPATCHED, ACK_BY, '2026-03-30T23:59:59+08:00'),
  ...opened(7, DISPATCHED, ACK_BY, '2026-03-30T23:59:59+08:00'),
  ...[1, 2, 3, 5, 7].map(signed),
  ...opened(4, '2026-03-31T22:00:00+08:00', '2026-04-01T00:00:00+08:00', '2026-04-10T23:59:59+08:00'),
  complaintDraft(lateId(7), 'ComplaintDeadlinesRebased', '2026-04-01T00:00:00+08:00', {
    reason: '放假安排调整', calendar: { id: 'cn-workdays', version: '2026.2' },
    changes: [{ kind: 'result', previous: '2026-03-30T23:59:59+08:00', deadline: '2026-04-02T23:59:59+08:00' }],
  }),
  complaintDraft(lateId(5), 'ComplaintResultSubmitted', '2026-04-01T09:00:00+08:00', {
    unit: C1, result: '已处理。', outcome: 'resolved', resultBy: '2026-03-30T23:59:59+08:00', onTime: false, round: 1,
  }),
].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))

/** The number of events before each watermark's cut: up to D's dispatch, up to G's re-base, the whole log. */
export const LATE_CUTS = [17, 18, 19] as const

const PERIODS = {
  march: { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' },
  april: { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' },
  q1: { from: '2026-01-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' },
  q2: { from: '2026-04-01T00:00:00+08:00', to: '2026-07-01T00:00:00+08:00' },
  year: { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' },
  d0331: { from: '2026-03-31T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' },
  d0401: { from: '2026-04-01T00:00:00+08:00', to: '2026-04-02T00:00:00+08:00' },
  // Two whole days and a month across the month's end (days at either side of a month).
  across: { from: '2026-02-27T00:00:00+08:00', to: '2026-04-03T00:00:00+08:00' },
} as const
type Period = keyof typeof PERIODS

type Row = Record<Period, number>
/**
 * By hand, per asOf (the log as it stands then): `results` (办结 rounds due in the period: answered, or past due — closed —
 * by asOf) and `dispatched` (签收 rounds likewise). 签收: A, B, C, E, G signed for (due 03-21: March), D's due 04-01
 * 00:00, past due from .001. 办结: A, E and G (before its re-base) close 03-31 00:00, B 04-01 00:00, C 04-02 00:00, G
 * (re-based at 04-01 00:00) 04-03 00:00, D 04-11 00:00. `across` (02-27 to 04-03) holds March, 04-01 and 04-02.
 */
const row = (march: number, april: number, year: number, d0331: number, d0401: number, across: number): Row => ({
  march, april, q1: march, q2: april, year, d0331, d0401, across,
})
export const LATE_BY_HAND: readonly { readonly asOf: string; readonly results: Row; readonly dispatched: Row }[] = [
  // At the first watermark: A, E and G past due; B not yet (closes at 24:00).
  { asOf: '2026-03-31T22:00:00+08:00', results: row(3, 0, 3, 0, 0, 3), dispatched: row(5, 0, 5, 0, 0, 5) },
  { asOf: '2026-03-31T23:59:59.999+08:00', results: row(3, 0, 3, 0, 0, 3), dispatched: row(5, 0, 5, 0, 0, 5) },
  // 24:00: B past due (on 03-31, in March); G re-based out of March (due 04-02, not yet past); D's 签收 falls now and is
  // past due 1 ms after.
  { asOf: '2026-04-01T00:00:00+08:00', results: row(3, 0, 3, 1, 0, 3), dispatched: row(5, 0, 5, 0, 0, 5) },
  { asOf: '2026-04-01T00:00:00.001+08:00', results: row(3, 0, 3, 1, 0, 3), dispatched: row(5, 1, 6, 0, 1, 6) },
  // E answered (late): its round counts as a late result, no longer as one running late — once.
  { asOf: '2026-04-01T09:00:00+08:00', results: row(3, 0, 3, 1, 0, 3), dispatched: row(5, 1, 6, 0, 1, 6) },
  // C past due (04-01).
  { asOf: '2026-04-02T00:00:00+08:00', results: row(3, 1, 4, 1, 1, 4), dispatched: row(5, 1, 6, 0, 1, 6) },
  // G past due (04-02).
  { asOf: '2026-04-03T00:00:00+08:00', results: row(3, 2, 5, 1, 1, 5), dispatched: row(5, 1, 6, 0, 1, 6) },
  // Long after the latest event: D's 办结 past due too.
  { asOf: '2026-05-10T12:00:00+08:00', results: row(3, 3, 6, 1, 1, 5), dispatched: row(5, 1, 6, 0, 1, 6) },
]

/** Periods whose ends are not China midnights (read as before, deadline by deadline). */
const UNEVEN = [
  { from: '2026-03-31T10:00:00+08:00', to: '2026-04-01T00:00:00.001+08:00' },
  { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T12:00:00+08:00' },
]

/**
 * What a cut of the log should answer, computed once for every model and batching that holds it: its replay's views
 * (each filter's once) and the time of the event after it (`next`, ms). The model's reads are the only work per batching.
 */
interface Expected {
  readonly log: readonly RecordedEvent[]
  readonly next: number
  readonly view: (filter: DashboardFilter) => ReturnType<typeof dashboardView>
}
const expectedOf = (log: readonly RecordedEvent[], next: number): Expected => {
  const reference = replay(dashboardProjection, log)
  const views = new Map<string, ReturnType<typeof dashboardView>>()
  return {
    log,
    next,
    view: (filter) => {
      const key = JSON.stringify(filter)
      let view = views.get(key)
      if (view === undefined) views.set(key, (view = dashboardView(reference, filter)))
      return view
    },
  }
}

/**
 * `log` applied as it stood before the event at `next` (ms): by hand up to then, as its replay at every asOf. The
 * model's reads of one asOf are sent together (independent reads, the pool's connections side by side), then held to
 * what is expected in order.
 */
const compareAt = async (model: DashboardReadModel, expected: Expected): Promise<number> => {
  const { log, next } = expected
  const lastAt = Date.parse(log.at(-1)?.metadata.occurredAt ?? '')
  let checked = 0
  for (const { asOf, results: handResults, dispatched: handDispatched } of LATE_BY_HAND) {
    if (Date.parse(asOf) < lastAt) continue
    // After the next event, the log as cut is not the log as it stood then: the replay of the cut log only.
    const byHand = Date.parse(asOf) < next
    const names = Object.keys(PERIODS) as Period[]
    const results = (name: Period): number | undefined => (byHand ? handResults[name] : expected.view({ jurisdiction: LATE_PLACE, asOf, ...PERIODS[name] }).rates.results)
    const dispatched = (name: Period): number | undefined => (byHand ? handDispatched[name] : expected.view({ jurisdiction: LATE_PLACE, asOf, ...PERIODS[name] }).rates.dispatched)
    const named = ['hohhot', LATE_PLACE].flatMap((place) => names.map((name) => ({ name, filter: { jurisdiction: place, asOf, ...PERIODS[name] } as DashboardFilter })))
    const uneven = ['hohhot', LATE_PLACE].flatMap((place) => UNEVEN.map((period) => ({ jurisdiction: place, asOf, ...period }) as DashboardFilter))
    const periods = names.map((n) => PERIODS[n])
    const [namedViews, unevenViews, figures, trends] = await Promise.all([
      Promise.all(named.map(({ filter }) => model.view(filter))),
      Promise.all(uneven.map((filter) => model.view(filter))),
      // The figures (rankings and trends): the district and the street below it, each period.
      model.figures?.({ jurisdiction: 'hohhot/saihan', places: ['hohhot/saihan', LATE_PLACE], periods, asOf }),
      model.figures?.({ jurisdiction: LATE_PLACE, places: [LATE_PLACE], periods, asOf }),
    ])
    for (const [i, { name, filter }] of named.entries()) {
      const got = namedViews[i]
      const want = expected.view(filter)
      expect({ filter, results: got?.rates.results, dispatched: got?.rates.dispatched }).toEqual({ filter, results: results(name), dispatched: dispatched(name) })
      expect({ filter, rates: got?.rates, units: got?.units }).toEqual({ filter, rates: want.rates, units: want.units })
      checked += 1
    }
    for (const [i, filter] of uneven.entries()) {
      const got = unevenViews[i]
      const want = expected.view(filter)
      expect({ filter, rates: got?.rates, units: got?.units }).toEqual({ filter, rates: want.rates, units: want.units })
    }
    for (const [answer, places] of [[figures, ['hohhot/saihan', LATE_PLACE]], [trends, [LATE_PLACE]]] as const) {
      expect(answer).toBeDefined()
      for (const place of places) {
        for (const [i, name] of names.entries()) {
          const got = answer?.get(place)?.[i]
          expect({ asOf, place, name, results: got?.rates.results, dispatched: got?.rates.dispatched }).toEqual({ asOf, place, name, results: results(name), dispatched: dispatched(name) })
          const v = expected.view({ jurisdiction: place, ...PERIODS[name], asOf, depth: 0 })
          expect({ asOf, place, name, rates: got?.rates, overdue: got?.overdue }).toEqual({ asOf, place, name, rates: v.rates, overdue: { byKind: v.overdue.byKind } })
        }
      }
    }
  }
  return checked
}

/**
 * Each watermark's log applied in one batch, each event its own, and the first 8 in one batch then the rest event by
 * event: the views and figures at each asOf at or after the watermark, as a replay gives them, and by hand while the
 * log as cut is the log as it stood then. The two batchings event by event are one run each over the whole log, looked
 * at as it passes each watermark (the model then holds that cut, as a run from empty would): 5 resets and 34 applies,
 * not 9 and 90, and each cut's replay views computed once for the three batchings, not once each (and up to three
 * times a filter). A reset truncates the model's 20-odd tables, 0.4–1.7 s on PostgreSQL at load 13; with the reads
 * one after another, the PostgreSQL test took 35 s there (near its 30 s bound at load 22), 13.5 s now at load 15.
 */
export const checkLateRounds = async (model: DashboardReadModel): Promise<void> => {
  const log = sealLog(lateDrafts())
  expect(log.length).toBe(LATE_CUTS.at(-1))
  // The whole log has no next event: every asOf after it is by hand. (Date.parse('Infinity') is NaN, which no asOf is
  // before: the by-hand rows from 04-01 09:00 on were never compared.)
  const cuts = LATE_CUTS.map((cut) => {
    const next = log[cut]
    return { cut, expected: expectedOf(log.slice(0, cut), next === undefined ? Infinity : Date.parse(next.metadata.occurredAt)) }
  })
  // Each cut in one batch.
  for (const { cut, expected } of cuts) {
    await model.reset()
    await model.apply(log.slice(0, cut))
    expect(await compareAt(model, expected)).toBeGreaterThan(0)
  }
  // Every event its own, and the first 8 in one batch then every event its own: each looked at at every cut it passes.
  for (const first of [0, 8]) {
    await model.reset()
    if (first > 0) await model.apply(log.slice(0, first))
    let applied = first
    for (const { cut, expected } of cuts) {
      for (; applied < cut; applied += 1) await model.apply([log[applied] as RecordedEvent])
      expect(await compareAt(model, expected)).toBeGreaterThan(0)
    }
  }
}

/**
 * The late rounds closed by the watermark are counted from what the model keeps, not read deadline by deadline: with
 * the whole log applied, `dropClosed` takes the rated running deadlines closed by the watermark (04-01 09:00: A, B, D's
 * 签收) out of the model's deadline rows behind its back, and the evaluation of a month, a quarter and a year, a day's,
 * and the figures, give the same late rounds as before (by hand; G's, re-based, is still running then).
 */
export const checkLateRoundsKept = async (model: DashboardReadModel, dropClosed: () => Promise<number>): Promise<void> => {
  const log = sealLog(lateDrafts())
  await model.reset()
  await model.apply(log)
  expect(await dropClosed()).toBe(3)
  const names = ['march', 'april', 'q1', 'q2', 'year', 'd0331', 'd0401'] as const
  for (const { asOf, results, dispatched } of LATE_BY_HAND.slice(4)) {
    for (const name of names) {
      const got = await model.view({ jurisdiction: LATE_PLACE, asOf, depth: 0, ...PERIODS[name] })
      expect({ asOf, name, results: got?.rates.results, dispatched: got?.rates.dispatched }).toEqual({ asOf, name, results: results[name], dispatched: dispatched[name] })
    }
    // The year from 10:00 on 1 January (ends not China midnights): its whole days and months from the kept counts too,
    // only its first morning's rounds one by one — it holds the year's late rounds (all of them March and April).
    const fromTen = await model.view({ jurisdiction: LATE_PLACE, asOf, depth: 0, from: '2026-01-01T10:00:00+08:00', to: PERIODS.year.to })
    expect({ asOf, name: 'year from 10:00', results: fromTen?.rates.results, dispatched: fromTen?.rates.dispatched }).toEqual({ asOf, name: 'year from 10:00', results: results.year, dispatched: dispatched.year })
    const figures = await model.figures?.({ jurisdiction: 'hohhot/saihan', places: ['hohhot/saihan', LATE_PLACE], periods: names.map((n) => PERIODS[n]), asOf })
    for (const place of ['hohhot/saihan', LATE_PLACE]) {
      for (const [i, name] of names.entries()) {
        const got = figures?.get(place)?.[i]
        expect({ asOf, place, name, results: got?.rates.results, dispatched: got?.rates.dispatched }).toEqual({ asOf, place, name, results: results[name], dispatched: dispatched[name] })
      }
    }
  }
}

const DAY_MS = 86_400_000
/** The China midnight `day` days after 1 January 2026's. */
const chinaDay = (day: number): string => new Date(Date.parse('2026-01-01T00:00:00+08:00') + day * DAY_MS).toISOString()
/** The China midnight starting month `m` of 2026 (0: January; 12: January 2027). */
const chinaMonth = (m: number): string => new Date(Date.UTC(2026, m, 1) - 8 * 3_600_000).toISOString()

/** Every China day from 18 January to 1 May 2026, and the months January to June: the days and months a history's deadlines fall in. */
const TREND_DAYS = Array.from({ length: 104 }, (_, i) => ({ from: chinaDay(17 + i), to: chinaDay(18 + i) }))
const TREND_MONTHS = Array.from({ length: 6 }, (_, m) => ({ from: chinaMonth(m), to: chinaMonth(m + 1) }))

/**
 * A random history for the late rounds' property: a sample log of cases opened hours or days apart from late January
 * (day deadlines or deadlines at any instant: rated deadlines crossing month ends), cut at a random point (cases still
 * running), folded in random batches up to a random first watermark, then the rest; periods of China midnights mixing
 * whole months, spans of days within or across months, and two periods' hull (months with days at either side).
 */
export const lateHistories = fc.record({
  cases: fc.integer({ min: 1, max: 36 }),
  seed: fc.integer(),
  dayDeadlines: fc.boolean(),
  spacingMinutes: fc.constantFrom(90, 12 * 60, 24 * 60, 37 * 60),
  start: fc.integer({ min: 0, max: 20 }),
  keep: fc.double({ min: 0.2, max: 1, noNaN: true }),
  first: fc.double({ min: 0, max: 1, noNaN: true }),
  // Batches at random cuts, or every event its own (a watermark between every deadline's close and what meets it late).
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  each: fc.boolean(),
  periods: fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 6 }).map((m) => ({ from: chinaMonth(m), to: chinaMonth(m + 1) })),
      fc.integer({ min: 0, max: 4 }).map((m) => ({ from: chinaMonth(m), to: chinaMonth(m + 3) })),
      fc.tuple(fc.integer({ min: 0, max: 170 }), fc.integer({ min: 1, max: 75 })).map(([day, days]) => ({ from: chinaDay(day), to: chinaDay(day + days) })),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  hours: fc.integer({ min: 1, max: 2000 }),
  pick: fc.nat(),
  // A last event (a note) exactly when a running deadline closes: the watermark at a close (kept, not read since).
  atClose: fc.boolean(),
  // The first period again with its ends moved by whole minutes (not China midnights): its whole days and months from
  // the kept counts, the parts of a day at either end one by one.
  shiftMinutes: fc.integer({ min: 1, max: 1439 }),
})
export type LateHistory = typeof lateHistories extends fc.Arbitrary<infer T> ? T : never

/**
 * The asOf a check takes at a watermark (the latest event's time, `lastAt`): the watermark itself, hours after it, and
 * at a running deadline's close, the millisecond before it and half a second after it (a day deadline at 24:00, an
 * hour deadline 1 ms after its instant: the boundary between the kept counts and the rounds read since).
 */
const lateAsOfs = (reference: { readonly cases: ReadonlyMap<string, CaseRow> }, lastAt: number, hours: number, pick: number): string[] => {
  const closes = [...reference.cases.values()].flatMap((row) => runningDeadlines(row).map((d) => deadlineClosesMs(d.deadline))).filter((ms) => ms - 1 >= lastAt).sort((a, b) => a - b)
  const close = closes.length === 0 ? undefined : closes[pick % closes.length]
  return [lastAt, lastAt + hours * 3_600_000, ...(close === undefined ? [] : [close - 1, close, close + 500])].map((ms) => new Date(ms).toISOString())
}

/**
 * The late rounds of random periods of China midnights, as a replay gives them, from a model folded in random batches:
 * at a first watermark and after the rest of the log, at asOfs on either side of a close and long after. The view of
 * each period (and of it open at either end) at three places, and the figures of a ranking (the district and a street
 * asked together, children found) and of trends (the city) over all the periods at once. Returns the answers compared.
 */
export const checkLateHistory = async (model: DashboardReadModel, h: LateHistory & { readonly afterSummons?: boolean; readonly coHandling?: boolean }): Promise<number> => {
  const drafts = [...sampleDrafts({
    cases: h.cases, seed: h.seed, spacingMinutes: h.spacingMinutes, dayDeadlines: h.dayDeadlines, gridWork: true, afterSummons: h.afterSummons === true, coHandling: h.coHandling === true,
    start: new Date(Date.parse('2026-01-20T08:00:00+08:00') + h.start * DAY_MS).toISOString(),
  })]
  const kept = drafts.slice(0, Math.max(1, Math.ceil(drafts.length * h.keep)))
  const before = replay(dashboardProjection, sealLog(kept))
  const closing = lateAsOfs(before, Date.parse(before.lastAt ?? ''), h.hours, h.pick)[3]
  const noted = kept.find((d) => d.type.startsWith('Complaint'))
  const complaintId = (noted?.data as { complaintId?: string } | undefined)?.complaintId
  const log = sealLog(
    h.atClose && closing !== undefined && complaintId !== undefined ? [...kept, complaintDraft(complaintId, 'ComplaintNoteAdded', closing, { note: '到期核查' })] : kept,
  )
  const firstCut = Math.max(1, Math.floor(log.length * h.first))
  await model.reset()
  let compared = 0
  for (const upTo of [firstCut, log.length]) {
    const done = upTo === firstCut ? 0 : firstCut
    const part = log.slice(done, upTo)
    for (const batch of h.each ? part.map((e) => [e]) : batches(part, h.cuts)) if (batch.length > 0) await model.apply(batch)
    const cut = log.slice(0, upTo)
    const reference = replay(dashboardProjection, cut)
    const lastAt = Date.parse(reference.lastAt ?? '')
    for (const asOf of lateAsOfs(reference, lastAt, h.hours, h.pick)) {
      for (const jurisdiction of ['hohhot', 'hohhot/saihan', 'hohhot/saihan/zhaojun']) {
        const shift = (iso: string | undefined): string | undefined => (iso === undefined ? undefined : new Date(Date.parse(iso) + h.shiftMinutes * 60_000).toISOString())
        const uneven = [{ from: shift(h.periods[0]?.from), to: shift(h.periods[0]?.to) }, { from: shift(h.periods[0]?.from) }, { from: h.periods[0]?.from, to: shift(h.periods[0]?.to) }]
        const periods: readonly { readonly from?: string | undefined; readonly to?: string | undefined }[] = [...h.periods, { from: h.periods[0]?.from }, { to: h.periods[0]?.to }, ...uneven]
        for (const period of periods) {
          const filter: DashboardFilter = { jurisdiction, asOf, depth: 0, ...(period.from === undefined ? {} : { from: period.from }), ...(period.to === undefined ? {} : { to: period.to }) }
          const got = await model.view(filter)
          const want = dashboardView(reference, filter)
          expect({ filter, rates: got?.rates, units: got?.units }).toEqual({ filter, rates: want.rates, units: want.units })
          compared += 1
        }
      }
      const ranking = { jurisdiction: 'hohhot/saihan', places: ['hohhot/saihan', 'hohhot/saihan/zhaojun'], childrenWithCases: true, periods: h.periods, asOf }
      const trends = { jurisdiction: 'hohhot', places: ['hohhot'], periods: h.periods, asOf }
      // Trends by day and month over the whole history: every China day's late rounds from the day counts.
      const daily = { jurisdiction: 'hohhot/saihan', places: ['hohhot/saihan'], periods: [...TREND_DAYS, ...TREND_MONTHS], asOf }
      for (const query of [ranking, trends, daily]) {
        const answer = await model.figures?.(query)
        expect(answer).toBeDefined()
        for (const [place, figures] of answer ?? []) {
          for (const [i, period] of query.periods.entries()) {
            const want = dashboardView(reference, { jurisdiction: place, ...period, asOf, depth: 0 })
            expect({ place, period, asOf, rates: figures[i]?.rates, overdue: figures[i]?.overdue }).toEqual({ place, period, asOf, rates: want.rates, overdue: { byKind: want.overdue.byKind } })
            compared += 1
          }
        }
      }
    }
  }
  return compared
}
