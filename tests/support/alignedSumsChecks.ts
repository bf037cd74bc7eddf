// The kept sums of the callbacks and ratings with a competitor per China month and day (`month2`, `day1`: docs/kpis.md
// "The callback"), and of those of alignment 2 by their months and their competitors' (dashboard_months_apart), against a replay: random callbacks, ratings, reopenings and 考评申诉 across month and day ends and
// China midnight (UTC+8), folded in random batches (a later callback gives an earlier one a competitor in its month or
// day, or takes it away) — the kept sums equal a rebuild's, and single months, single days, a quarter, runs of months and a year, months with days
// at either side, periods open at one end and plans mixing them give the replay's 三率.
import type { DashboardReadModel } from '@gridcase/adapters'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { expect } from 'vitest'
import { complaintDecider } from '../../packages/core/src/complaint/index.js'
import type { ComplaintCommand } from '../../packages/core/src/complaint/commands.js'
import type { ComplaintState } from '../../packages/core/src/complaint/state.js'
import { actors, COMMUNITY, command, GRID, registration, units } from '../../packages/core/src/complaint/fixtures.js'
import { batches } from './dashboardCases.js'

const cst = (local: string) => `2026-${local}+08:00`
// Instants around the ends of February, 10 March, March, and China and UTC midnights.
const TIMES = [
  '02-20T09:00:00', '02-28T07:59:59', '02-28T08:00:00', '02-28T23:59:59', '03-01T00:00:00', '03-01T07:59:59', '03-01T08:00:00',
  '03-01T09:00:00', '03-10T09:00:00', '03-10T23:59:59', '03-11T00:00:00', '03-11T09:00:00', '03-31T07:59:59', '03-31T08:00:00',
  '03-31T23:59:59', '04-01T00:00:00', '04-01T09:00:00', '04-02T09:00:00',
].map(cst)

export type Act =
  | { readonly kind: 'answered'; readonly contacted: boolean; readonly solved: 'solved' | 'partly' | 'not-solved'; readonly satisfaction: 'satisfied' | 'basically-satisfied' | 'unsatisfied' }
  | { readonly kind: 'missed' }
  | { readonly kind: 'declined' }
  | { readonly kind: 'rating'; readonly rating: 'satisfied' | 'basically-satisfied' | 'unsatisfied' }
  | { readonly kind: 'reopen' }
  | { readonly kind: 'exclusion' }

const satisfaction = fc.constantFrom('satisfied' as const, 'basically-satisfied' as const, 'unsatisfied' as const)
export const acts: fc.Arbitrary<Act> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('answered' as const), contacted: fc.boolean(), solved: fc.constantFrom('solved' as const, 'partly' as const, 'not-solved' as const), satisfaction }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'missed' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'declined' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rating' as const), rating: satisfaction }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'exclusion' as const }) },
)
const caseActs = fc.array(fc.tuple(fc.nat({ max: TIMES.length - 1 }), acts), { maxLength: 7 })

// Every other complaint at the community (its unit's), the others at grid-017 below it.
const HANDLERS = [
  { place: GRID, unit: units.grid, worker: actors.gridWorker },
  { place: COMMUNITY, unit: units.community, worker: actors.communityWorker },
] as const
const id = (n: number) => `00000000-0000-4000-8000-0000000007${String(n).padStart(2, '0')}`

/** The complaints' events in time order: each handled in February, then its acts (a command refused is left out). */
const logOf = (cases: readonly (readonly [number, Act][])[]) =>
  actsLog(
    cases.map((list) => list.map(([t, act]) => ({ at: Date.parse(TIMES[t] ?? ''), act }))),
    Date.parse(cst('02-02T09:00:00')),
  )

/**
 * The complaints' events in time order: each registered at `start` (the n-th at `start[n]` when several are given) and
 * handled within 3 days 8 hours (at GRID or COMMUNITY, in turn), then its acts in time order, the k-th of a case k ms
 * after its instant (a command refused is left out; give acts after the handling).
 */
export const actsLog = (cases: readonly (readonly { readonly at: number; readonly act: Act }[])[], start: number | readonly number[]) => {
  const decider = complaintDecider()
  const drafts: { d: EventDraft; i: number }[] = []
  for (const [n, list] of cases.entries()) {
    const registered = typeof start === 'number' ? start : (start[n] ?? Number.NaN)
    const after = (ms: number) => new Date(registered + ms).toISOString()
    const op = actors.operator
    const handler = HANDLERS[n % 2] ?? HANDLERS[0]
    const gw = handler.worker
    const commands: ComplaintCommand[] = [
      command('RegisterComplaint', op, after(0), registration({ id: id(n), jurisdiction: handler.place })),
      command('AcceptComplaint', op, after(10 * 60_000), {}),
      command('DispatchComplaint', op, after(60 * 60_000), { unit: handler.unit }),
      command('AcknowledgeComplaint', gw, after(2 * 60 * 60_000), {}),
      command('SubmitResult', gw, after(3 * 86_400_000 + 7 * 60 * 60_000), { result: '已处理', outcome: 'resolved' }),
      command('NotifyComplainant', op, after(3 * 86_400_000 + 8 * 60 * 60_000), { method: 'phone' }),
    ]
    const sorted = [...list].sort((a, b) => a.at - b.at)
    for (const [k, { at, act }] of sorted.entries()) {
      // Acts at the same instant k ms apart (the k-th act of the case), so each command has its own id and time.
      const time = new Date(at + k).toISOString()
      switch (act.kind) {
        case 'answered':
          commands.push(command('RecordCallback', op, time, { reached: true, contacted: act.contacted, solved: act.solved, satisfaction: act.satisfaction }))
          break
        case 'missed':
          commands.push(command('RecordCallback', op, time, { reached: false, note: '无人接听' }))
          break
        case 'declined':
          commands.push(command('RecordCallback', op, time, { reached: true, declined: true }))
          break
        case 'rating':
          commands.push(command('EvaluateComplaint', actors.resident, time, { rating: act.rating }))
          break
        case 'reopen':
          commands.push(
            command('ReopenComplaint', op, time, { reason: '回访不满意' }),
            command('AcknowledgeComplaint', gw, new Date(Date.parse(time) + 100).toISOString(), {}),
            command('SubmitResult', gw, new Date(Date.parse(time) + 200).toISOString(), { result: '再次处理', outcome: 'resolved' }),
            command('NotifyComplainant', op, new Date(Date.parse(time) + 300).toISOString(), { method: 'phone' }),
          )
          break
        case 'exclusion':
          commands.push(
            command('ApplyForExclusion', gw, time, { ground: 'duplicate', reason: '重复投诉' }),
            command('DecideExclusion', actors.supervisor, new Date(Date.parse(time) + 100).toISOString(), { approved: true, reason: '核实' }),
          )
          break
      }
    }
    let state: ComplaintState = decider.initialState
    for (const c of commands) {
      const decision = decider.decide(c, state)
      if (E.isLeft(decision)) continue
      for (const e of decision.right) {
        state = decider.evolve(state, e)
        drafts.push({ d: { streamId: `complaint-${id(n)}`, type: e.type, data: e.data, actor: c.meta.actor, at: c.meta.at }, i: drafts.length })
      }
    }
  }
  return sealLog(drafts.sort((x, y) => Date.parse(x.d.at) - Date.parse(y.d.at) || x.i - y.i).map(({ d }) => d))
}

const month = (m: string, next: string) => ({ from: cst(`${m}-01T00:00:00`), to: cst(`${next}-01T00:00:00`) })
const day = (d: string) => ({ from: cst(`${d}T00:00:00`), to: new Date(Date.parse(cst(`${d}T00:00:00`)) + 86_400_000).toISOString() })
const PERIODS = [
  month('02', '03'), month('03', '04'), month('04', '05'),
  day('02-28'), day('03-01'), day('03-10'), day('03-11'), day('03-31'), day('04-01'),
  { from: cst('01-01T00:00:00'), to: cst('04-01T00:00:00') },
  { from: cst('03-01T00:00:00'), to: cst('05-01T00:00:00') },
  // Runs of whole months (from the sums of those of alignment 2 by their months): competitors in the month before the
  // first, in it, in the last, in the month after, or none.
  { from: cst('02-01T00:00:00'), to: cst('04-01T00:00:00') },
  { from: cst('02-01T00:00:00'), to: cst('05-01T00:00:00') },
  { from: cst('04-01T00:00:00'), to: cst('06-01T00:00:00') },
  { from: cst('01-01T00:00:00'), to: '2027-01-01T00:00:00+08:00' },
  { from: cst('02-28T00:00:00'), to: cst('03-02T00:00:00') },
  { from: cst('03-10T00:00:00'), to: cst('03-12T00:00:00') },
  // Whole months with whole days at either side (a month's sums and the facts of alignment 1 or 2 read one by one).
  { from: cst('02-28T00:00:00'), to: cst('04-02T00:00:00') },
  { from: cst('03-11T00:00:00'), to: cst('05-01T00:00:00') },
  { from: cst('02-01T00:00:00'), to: cst('03-11T00:00:00') },
  // March in UTC: not China midnights.
  { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
]
// Open at one end (the view only: a plan's periods have both ends): whole months from or to a month's start, with whole
// days besides from or to another day's.
const OPEN_PERIODS = [
  { from: cst('03-01T00:00:00') }, { to: cst('04-01T00:00:00') }, { from: cst('03-11T00:00:00') }, { to: cst('03-11T00:00:00') }, { from: cst('04-01T00:00:00') },
  { from: cst('02-01T00:00:00') }, { to: cst('03-01T00:00:00') },
]
const AS_OF = cst('05-10T12:00:00')

// An instant near the history's times (a random number of minutes, a millisecond either side) or anywhere from 02-20 to
// 04-03 at a random hour and minute: periods whose ends are not China midnights (periodParts: whole months and days
// from their sums, the parts of a day at either end fact by fact), within one day, across one whole day, open at one end.
const instant = fc.oneof(
  fc.tuple(fc.nat({ max: TIMES.length - 1 }), fc.integer({ min: -1500, max: 1500 }), fc.constantFrom(-1, 0, 1)).map(
    ([t, minutes, ms]) => new Date(Date.parse(TIMES[t] ?? '') + minutes * 60_000 + ms).toISOString(),
  ),
  fc.integer({ min: Date.parse(cst('02-20T00:00:00')), max: Date.parse(cst('04-03T00:00:00')) }).map((ms) => new Date(ms - (ms % 60_000)).toISOString()),
)
const unevenPeriod = fc
  .record({ from: instant, to: instant, open: fc.constantFrom('none' as const, 'from' as const, 'to' as const), jurisdiction: fc.constantFrom('hohhot', COMMUNITY, GRID), depth: fc.integer({ min: 0, max: 3 }) })
  .map(({ from, to, open, jurisdiction, depth }) => {
    const [a, b] = Date.parse(from) <= Date.parse(to) ? [from, to] : [to, from]
    return { ...(open === 'from' ? {} : { from: a }), ...(open === 'to' ? {} : { to: b }), jurisdiction, depth }
  })

/** The rows a model keeps of the sums of one bucket (`day1`, `month2`) and by months (`dashboard_months_apart`), as plain values in key order. */
export type KeptAligned = (model: DashboardReadModel) => Promise<readonly unknown[]> | readonly unknown[]

/** `KeptAligned` of a SQLite file: its rows of `day1` and `month2`, then of `dashboard_months_apart`, sums to 6 places. */
export const keptAlignedSqlite = (db: { prepare(sql: string): { all(): unknown[] } }): readonly unknown[] => [
  ...db.prepare(`SELECT grain, place, bucket, key, n, round(sum, 6) AS sum FROM dashboard_periods WHERE grain IN ('day1', 'month2') ORDER BY grain, place, bucket, key`).all(),
  ...db.prepare(`SELECT place, month, key, since_month, until_month, n, round(sum, 6) AS sum FROM dashboard_months_apart ORDER BY place, month, key, since_month, until_month`).all(),
]

/** Random histories of a few complaints of one grid, and cuts of their log into batches. */
export const alignedSumsCases = fc.record({
  cases: fc.array(caseActs, { minLength: 1, maxLength: 3 }),
  cuts: fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), { maxLength: 6 }),
  uneven: fc.array(unevenPeriod, { maxLength: 4 }),
})

/**
 * One history folded in its batches into `folded` and at once into `rebuilt` (fresh models): the same kept sums of one
 * bucket, and the replay's 三率 for single months and days, a quarter, several days across a month's end, months with
 * days at either side, periods open at one end, a period in UTC, and the 考核 figures of a plan mixing them.
 */
export const checkAlignedSums = async (
  folded: DashboardReadModel,
  rebuilt: DashboardReadModel,
  kept: KeptAligned,
  c: {
    readonly cases: readonly (readonly [number, Act][])[]
    readonly cuts: readonly number[]
    readonly uneven?: readonly { readonly from?: string; readonly to?: string; readonly jurisdiction: string; readonly depth: number }[]
  },
): Promise<void> => {
  const log = logOf(c.cases)
  for (const batch of batches(log, c.cuts)) await folded.apply(batch)
  await rebuilt.apply(log)
  expect(await kept(folded)).toEqual(await kept(rebuilt))
  const reference = replay(dashboardProjection, log)
  for (const period of [...PERIODS, ...OPEN_PERIODS]) {
    for (const jurisdiction of [undefined, 'hohhot', COMMUNITY, GRID]) {
      const filter = { ...period, asOf: AS_OF, ...(jurisdiction === undefined ? {} : { jurisdiction }), depth: 1 }
      const view = await folded.view(filter)
      const expected = dashboardView(reference, filter)
      expect({ filter, rates: view?.rates, units: view?.units }).toEqual({ filter, rates: expected.rates, units: expected.units })
    }
  }
  // Periods whose ends are at random hours and minutes: the whole view (its tree at every depth too), as a replay's.
  for (const period of c.uneven ?? []) {
    const filter = { ...period, asOf: AS_OF }
    expect({ filter, view: await folded.view(filter) }).toEqual({ filter, view: dashboardView(reference, filter) })
  }
  // The 考核 figures of a plan of them all but the UTC month (rankings and trends ask China midnights).
  const plan = PERIODS.slice(0, -1)
  const answer = await folded.figures?.({ jurisdiction: 'hohhot', places: ['hohhot', COMMUNITY, GRID], periods: plan, asOf: AS_OF })
  expect(answer).toBeDefined()
  for (const place of ['hohhot', COMMUNITY, GRID]) {
    for (const [i, period] of plan.entries()) {
      expect({ place, period, rates: answer?.get(place)?.[i]?.rates }).toEqual({ place, period, rates: dashboardView(reference, { ...period, asOf: AS_OF, jurisdiction: place }).rates })
    }
  }
}

