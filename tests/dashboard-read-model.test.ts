// The dashboard kept as totals in SQLite (sqliteDashboard) against the reference: core's dashboardView over
// a replay of the whole log. Same body for every filter at or after the latest event, however the log was
// cut into batches, and whatever was applied twice.
import { sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import { complaints } from '@gridcase/http'
import { sealLog } from '@gridcase/core/audit'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkPetitionReferralCaseList, checkPetitionReferralDashboard, checkPetitionUnassignedCaseList, checkPetitionUnassignedDashboard } from './support/petitionReferralChecks.js'
import { checkDisputeUnitsDashboard, DISPUTE_UNITS_AS_OF, disputeUnitsReference, overdueByUnit } from './support/disputeUnitsChecks.js'
import { checkClocksDashboard } from './support/clocksChecks.js'
import { checkKpiEdges } from './support/kpiEdgesChecks.js'
import { checkMidnightCaseList, checkMidnightDashboard, checkMidnightKept, closingInstants, midnightDrafts } from './support/midnightChecks.js'
import { checkDispatchDeadlineDashboard, dispatchDeadlineLog } from './support/dispatchDeadlineChecks.js'
import { clocksId, everyKindDrafts, everyKindId, rebasedWindowDrafts } from '../packages/core/src/projections/fixtures.js'
import { disputePeriodsDrafts, disputeUnitsDrafts, mediationOutcomesDrafts } from '../packages/core/src/projections/fixtures.js'
import { batches, checkMonthLessDays, checkYearLessDays, dashboardFilters, dashboardLog, LEAP_PERIODS, leapPeriodsLog, openHighRiskLog, periodsLog, START, wholePeriods } from './support/dashboardCases.js'
import { checkDisputePeriodsDashboard, checkDisputePeriodsFresh, checkMediationOutcomesDashboard, checkMediationOutcomesFresh } from './support/mediationOutcomesChecks.js'
import { observedStatements, rowsTaken } from './support/observedStatements.js'
import { checkLateHistory, checkLateRounds, checkLateRoundsKept, lateDrafts, lateHistories } from './support/lateRoundsChecks.js'

describe('the dashboard read model (SQLite totals)', () => {
  it('gives the same dashboard as a replay of the whole log, for any filter at or after the latest event and any batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Day deadlines (ending 23:59:59+08:00, closing at 24:00) or deadlines at any instant.
        fc.record({ cases: fc.integer({ min: 0, max: 50 }), seed: fc.integer(), dayDeadlines: fc.boolean() }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        async ({ cases, seed, dayDeadlines }, cuts, picks, keep) => {
          // A prefix of the log (a log as it stood then): cases still open, risks still high.
          const whole = dashboardLog(cases, seed, dayDeadlines)
          const log = whole.slice(0, Math.ceil(whole.length * keep))
          const model = sqliteDashboard(':memory:')
          try {
            for (const batch of batches(log, cuts)) await model.apply(batch)
            const reference = replay(dashboardProjection, log)
            const lastAt = reference.lastAt === undefined ? START : Date.parse(reference.lastAt)
            const sampled = fc.sample(dashboardFilters(lastAt, closingInstants(reference, lastAt)), { numRuns: picks.length, seed: picks[0] ?? 0 })
            for (const filter of sampled) {
              expect(await model.view(filter)).toEqual(dashboardView(reference, filter))
            }
            // Lists read shorter than the page (a reader whose lists are cut: http's dashboard route), as a replay's.
            const [first = {}] = sampled
            expect(await model.view(first, { items: 3 })).toEqual(dashboardView(reference, first, { items: 3 }))
          } finally {
            await model.close()
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  // 退单 or 导入调解 after 吹哨 (sampleLog's afterSummons): a summoned department's 报到 ends with a returned round (late if
  // its deadline had passed), runs on while the case is referred and is met by an arrival then. With coHandling too:
  // co-handling departments (协办) whose round ends with the result, an escalation, a 退单 (a merge) or a referral; an
  // extension denied (the result deadline stays: late or on time by it); 补充 and notes (no figure moves).
  it.each([
    [true, false],
    [true, true],
    [false, true],
  ])('gives the same dashboard as a replay with summoning rounds returned (退单) or referred to mediation after the summons (%s), co-handling 协办, denied extensions, 补充 and notes (%s)', async (afterSummons, coHandling) => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ cases: fc.integer({ min: 0, max: 50 }), seed: fc.integer(), dayDeadlines: fc.boolean() }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        async ({ cases, seed, dayDeadlines }, cuts, pick, keep) => {
          const whole = dashboardLog(cases, seed, dayDeadlines, afterSummons, coHandling)
          const log = whole.slice(0, Math.ceil(whole.length * keep))
          const model = sqliteDashboard(':memory:')
          try {
            for (const batch of batches(log, cuts)) await model.apply(batch)
            const reference = replay(dashboardProjection, log)
            const lastAt = reference.lastAt === undefined ? START : Date.parse(reference.lastAt)
            for (const filter of [{}, ...fc.sample(dashboardFilters(lastAt, closingInstants(reference, lastAt)), { numRuns: 3, seed: pick })]) {
              expect(await model.view(filter)).toEqual(dashboardView(reference, filter))
            }
          } finally {
            await model.close()
          }
        },
      ),
      { numRuns: 30 },
    )
  })

  // The overdue counts are kept, not counted on read: each batch moves them by the deadlines that fell due since the
  // previous batch's latest event, and by those of the cases it rewrote. One event per batch puts a boundary between
  // every deadline falling due and the event that meets it late.
  it('keeps the overdue counts right when every event is its own batch (deadlines fall due between batches, then are met late)', async () => {
    for (const [seed, dayDeadlines] of [[1, false], [2, false], [3, false], [1, true], [2, true]] as const) {
      const log = dashboardLog(30, seed, dayDeadlines)
      const model = sqliteDashboard(':memory:')
      for (const event of log) await model.apply([event])
      const reference = replay(dashboardProjection, log)
      const lastAt = reference.lastAt === undefined ? START : Date.parse(reference.lastAt)
      const closing = closingInstants(reference, lastAt).slice(0, 4).map((asOf) => ({ asOf }))
      for (const filter of [{}, { jurisdiction: 'hohhot/saihan' }, { asOf: new Date(lastAt + 200 * 3_600_000).toISOString() }, ...closing]) {
        const view = await model.view(filter)
        expect(view).toEqual(dashboardView(reference, filter))
      }
      await model.close()
    }
  })

  it('covers risk grades: the sample logs hold open high-risk disputes, and the SQLite model lists the same ones as the replay', async () => {
    const log = openHighRiskLog() ?? []
    expect(log).not.toEqual([])
    const reference = replay(dashboardProjection, log)
    const expected = dashboardView(reference, {}).risk
    expect(expected.highOpen).toBeGreaterThan(0)
    expect(expected.byGrade.low + expected.byGrade.medium).toBeGreaterThan(0)
    const model = sqliteDashboard(':memory:')
    try {
      await model.apply(log)
      expect((await model.view({}))?.risk).toEqual(expected)
    } finally {
      await model.close()
    }
  })

  it('applies an event once however often it is given (the checkpoint moves in the same transaction)', async () => {
    const log = dashboardLog(30, 7)
    const once = sqliteDashboard(':memory:')
    const twice = sqliteDashboard(':memory:')
    await once.apply(log)
    const half = Math.floor(log.length / 2)
    await twice.apply(log.slice(0, half + 10))
    await twice.apply(log.slice(half - 10))
    await twice.apply(log)
    expect(await twice.checkpoint()).toBe(log.length - 1)
    const filter = { jurisdiction: 'hohhot' }
    // Batches of another shape: the same view to the last bit (means are summed in whole milliseconds, concludedMs).
    expect(await twice.view(filter)).toEqual(await once.view(filter))
    await once.close()
    await twice.close()
  })

  it('does not answer an asOf before its latest event (that needs the history)', async () => {
    const log = dashboardLog(10, 3)
    const model = sqliteDashboard(':memory:')
    await model.apply(log)
    const latest = replay(dashboardProjection, log).lastAt ?? ''
    expect(await model.view({ asOf: new Date(Date.parse(latest) - 1).toISOString() })).toBeUndefined()
    expect(await model.view({ asOf: latest })).toBeDefined()
    await model.close()
  })

  // Trends (12 months, 30 days) and rankings (a month, quarter or year per child) ask for periods of China midnights:
  // those are answered from the kept sums of whole months and days. With the facts themselves gone from the file, the
  // answers are still those of a replay of the whole log, so they cannot have come from summing the facts.
  it('answers periods of whole China days and months from the kept sums, as a replay of the whole log does', async () => {
    // 2026's log and periods, and a log across February 2028 (a leap year) with periods of its days.
    for (const [log, periods] of [[periodsLog(), undefined], [leapPeriodsLog(), LEAP_PERIODS]] as const) {
      const db = new Database(':memory:')
      const model = sqliteDashboard(db)
      try {
        for (let i = 0; i < log.length; i += 97) await model.apply(log.slice(i, i + 97))
        const expected = wholePeriods(log, periods)
        // Not a vacuous comparison: the periods hold cases.
        expect(expected.filter((e) => e.view.counts.complaint.total > 0).length).toBeGreaterThan(expected.length / 2)
        // Only the facts with a competitor (a case's callbacks and ratings, kept out of the sums: one per period) are read.
        db.exec('DELETE FROM dashboard_facts WHERE since_at IS NULL AND until_at IS NULL')
        for (const { filter, view } of expected) expect({ filter, view: await model.view(filter) }).toEqual({ filter, view })
      } finally {
        await model.close()
        db.close()
      }
    }
  })

  it('reads a span of most of a month’s days as the month less its other days: its view stands without those days’ rows', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    try {
      await checkMonthLessDays(model, async (from, to) => {
        db.prepare("DELETE FROM dashboard_periods WHERE grain = 'day' AND bucket >= ? AND bucket < ?").run(from, to)
      })
    } finally {
      await model.close()
      db.close()
    }
  })
  // Issue #18: the year from 10:00 on 1 January (p99 26.8 ms at 100k cases) read its sums and counts tree as January to
  // December less 1 January, 12 month rows per key and place; now the year's row less 1 January's.
  it('reads most of a year as the year less its other days, and a whole year as its year: its views stand without the month rows', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    try {
      await checkYearLessDays(model, async () => {
        db.exec("DELETE FROM dashboard_periods WHERE grain = 'month'")
      })
    } finally {
      await model.close()
      db.close()
    }
  })
  // Issue #18: the year from 10:00 on 1 January (p99 37 ms at 100k cases) read its counts tree from the kept sums of
  // 2–31 January day by day at every place of the tree. A span of most of a month's days is now that month's rows less
  // its other days' (countSpans): what the tree's statements take is then what a period of whole months takes and the
  // rows of the days left out, read as a period of their own.
  it('reads the counts tree of a span of most of a month as the month less its other days, and gives a replay’s figures', async () => {
    const log = periodsLog()
    const db = new Database(':memory:')
    const ran: { sql: string; args: readonly unknown[] }[] = []
    const model = sqliteDashboard(observedStatements(db, (sql, _out, _ms, args) => ran.push({ sql, args })))
    try {
      for (let i = 0; i < log.length; i += 500) await model.apply(log.slice(i, i + 500))
      const reference = replay(dashboardProjection, log)
      const asOf = new Date(Date.parse(reference.lastAt ?? '') + 3_600_000).toISOString()
      /** The rows the counts tree's statements take (before grouping) for a period, and its view against a replay's. */
      const treeRows = async (from: string, to: string): Promise<number> => {
        ran.length = 0
        const filter = { jurisdiction: 'hohhot', depth: 3, asOf, from, to }
        expect({ filter, view: await model.view(filter) }).toEqual({ filter, view: dashboardView(reference, filter) })
        const tree = ran.filter((r) => r.sql.includes('dashboard_tree') && r.sql.includes('dashboard_periods'))
        expect(tree.length).toBeGreaterThan(0)
        return tree.reduce((n, r) => n + rowsTaken(db, r.sql, r.args), 0)
      }
      const china = (date: string, time = '00:00') => `2026-${date}T${time}:00+08:00`
      // 6 January 10:00 to 1 April: 7–31 January (25 of 31 days) and February–March: January to March less 1–6 January.
      expect(await treeRows(china('01-06', '10:00'), china('04-01'))).toBe((await treeRows(china('01-01'), china('04-01'))) + (await treeRows(china('01-01'), china('01-07'))))
      // The year from 10:00 on 1 January: the year less 1 January (no case yet then).
      expect(await treeRows(china('01-01', '10:00'), '2027-01-01T10:00:00+08:00')).toBe(await treeRows(china('01-01'), '2027-01-01T00:00:00+08:00'))
      // Not vacuous: January's days keep more rows than its month (the log opens a case a day from 5 January).
      const counted = (grain: string, from: number, to: number) =>
        (db.prepare("SELECT count(*) AS n FROM dashboard_periods WHERE grain = ? AND bucket >= ? AND bucket < ? AND key >= 'count\u001f' AND key < 'count\u0020'").get(grain, from, to) as { n: number }).n
      expect(counted('day', 20_454, 20_485)).toBeGreaterThan(counted('month', 2026 * 12, 2026 * 12 + 1))
    } finally {
      await model.close()
      db.close()
    }
  })
})

describe('a 信访 complaint referred to mediation before dispatch (SQLite read models)', () => {
  it('the dashboard lists its handling deadline overdue by no unit until the dispute concludes, as a replay does', async () => {
    const model = sqliteDashboard(':memory:')
    await checkPetitionReferralDashboard(model)
    await model.close()
  })
  it('the case list finds it with overdue=true on the same days', async () => {
    const model = sqliteCaseList(':memory:', [complaints()])
    await checkPetitionReferralCaseList(model)
    await model.close()
  })
})

describe('the dispatch deadline (派单时限): from acceptance and each 退单, moved by a re-base (SQLite dashboard)', () => {
  it('lists it overdue and due soon by no unit at the hand-counted instants, as a replay does', async () => {
    const model = sqliteDashboard(':memory:')
    await checkDispatchDeadlineDashboard(model)
    await model.close()
  })
  it('rebuilds a dashboard kept in the format before (/18), which kept no dispatch deadline', async () => {
    const db = new Database(':memory:')
    const log = dispatchDeadlineLog()
    const first = sqliteDashboard(db)
    await first.apply(log)
    await first.close()
    // What /18 kept of the same log: no running dispatch deadline, none counted overdue.
    db.exec(`DELETE FROM dashboard_deadlines WHERE kind = 'dispatch'; DELETE FROM dashboard_overdue WHERE kind = 'dispatch';
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/18' WHERE name = 'dashboard-totals'`)
    // Opened again (the runner then applies the log from its checkpoint): dropped and rebuilt.
    const again = sqliteDashboard(db)
    await again.apply(log)
    const asOf = '2027-01-06T00:00:00+08:00'
    const got = await again.view({ asOf })
    expect(got?.overdue.byKind.dispatch).toBe(3)
    expect(got?.overdue).toEqual(dashboardView(replay(dashboardProjection, log), { asOf }).overdue)
    await again.close()
    db.close()
  })
})

describe('every kind of deadline (SQLite dashboard)', () => {
  // fixtures.ts `everyKindDrafts`: each kind falls due on 2026-10-20, none met (dates counted by hand there).
  it('lists each overdue from its close and not before, by kind and unit, as a replay does, however the log is batched', async () => {
    const log = sealLog(everyKindDrafts())
    const reference = replay(dashboardProjection, log)
    const instants = ['2026-10-20T13:00:00+08:00', '2026-10-20T13:00:00.001+08:00', '2026-10-20T23:59:59.999+08:00', '2026-10-21T00:00:00+08:00']
    for (const size of [log.length, 1, 5]) {
      const model = sqliteDashboard(':memory:')
      for (let i = 0; i < log.length; i += size) await model.apply(log.slice(i, i + size))
      for (const asOf of instants) {
        const got = await model.view({ asOf })
        const want = dashboardView(reference, { asOf })
        expect({ overdue: got?.overdue, units: got?.units.map((u) => [u.unit.id, u.overdue]) }).toEqual({ overdue: want.overdue, units: want.units.map((u) => [u.unit.id, u.overdue]) })
      }
      const all = await model.view({ asOf: '2026-10-21T00:00:00+08:00' })
      expect(all?.overdue.byKind).toEqual({ accept: 1, acknowledge: 1, arrival: 1, result: 2, mediation: 1, confirmation: 1, 'court-accept': 1, 'court-decide': 1, receipt: 1, dispatch: 1 })
      expect(all?.overdue.items.map((i) => [i.caseId, i.deadlineKind]).sort()).toEqual(
        [[0, 'dispatch'], [1, 'accept'], [2, 'acknowledge'], [3, 'arrival'], [3, 'result'], [4, 'result'], [5, 'mediation'], [6, 'confirmation'], [7, 'court-accept'], [8, 'court-decide'], [9, 'receipt']]
          .map(([n, kind]) => [everyKindId(n as number), kind]).sort(),
      )
      expect((await model.view({ asOf: '2026-10-20T23:59:59.999+08:00' }))?.overdue.items.map((i) => [i.caseId, i.deadlineKind])).toEqual([[everyKindId(2), 'acknowledge']])
      await model.close()
    }
  })
})

describe('a 信访 complaint no unit has — accepted, not dispatched; returned (退单), not dispatched again (SQLite read models)', () => {
  it('the dashboard lists its handling deadline, 60 days from acceptance, overdue by no unit from 10-09 00:00, as a replay does', async () => {
    const model = sqliteDashboard(':memory:')
    await checkPetitionUnassignedDashboard(model)
    await model.close()
  })
  it('the case list finds both with overdue=true from the same instant', async () => {
    const model = sqliteCaseList(':memory:', [complaints()])
    await checkPetitionUnassignedCaseList(model)
    await model.close()
  })
})

describe('a day deadline closes at 24:00 China time, an hour deadline at its instant (SQLite read models)', () => {
  it('the dashboard and its figures: not overdue at 23:59:59.500 nor .999, overdue at 24:00, as a replay gives them, whatever the batching', async () => {
    const model = sqliteDashboard(':memory:')
    await checkMidnightDashboard(model)
    await model.close()
  })
  it('the case list: the overdue filter and flag the same way', async () => {
    const model = sqliteCaseList(':memory:', [complaints()])
    await checkMidnightCaseList(model)
    await model.close()
  })
  it('rebuilds a dashboard kept in the format before (/13), whose overdue counts closed a day deadline at 23:59:59.001', async () => {
    const db = new Database(':memory:')
    const log = sealLog(midnightDrafts())
    const first = sqliteDashboard(db)
    for (const event of log) await first.apply([event])
    await first.close()
    // What /13 kept: no `closes`, and 1's and 4's 办结 counted overdue at the watermark (23:59:59.500), for the unit and
    // at the places case 2's missed 签收 is counted.
    db.exec(`DROP INDEX dashboard_deadlines_late_units; ALTER TABLE dashboard_deadlines DROP COLUMN closes;
      INSERT INTO dashboard_overdue (place, unit_id, kind, rated, n) SELECT place, unit_id, 'result', rated, 2 FROM dashboard_overdue WHERE kind = 'acknowledge'
        ON CONFLICT (place, unit_id, kind, rated) DO UPDATE SET n = n + excluded.n;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/13' WHERE name = 'dashboard-totals'`)
    // Opened again (the runner then applies the log from its checkpoint): dropped and rebuilt.
    const again = sqliteDashboard(db)
    for (const event of log) await again.apply([event])
    await checkMidnightKept(again)
    await again.close()
    db.close()
  })
  it('rebuilds a case list kept in the format before (/5), whose next_deadline closed at 23:59:59.001', async () => {
    const db = new Database(':memory:')
    const log = sealLog(midnightDrafts())
    const first = sqliteCaseList(db, [complaints()])
    await first.apply(log)
    await first.close()
    // What /5 kept: the earliest deadline as written (23:59:59+08:00), which its overdue filter closed 1 ms after.
    db.exec(`ALTER TABLE case_list RENAME COLUMN next_closes TO next_deadline; UPDATE case_list SET next_deadline = CASE WHEN next_deadline % 1000 = 0 THEN next_deadline - 1000 ELSE next_deadline - 1 END;
      UPDATE read_model_formats SET format = 'gridcase-case-list/5' WHERE name = 'case-list'`)
    const again = sqliteCaseList(db, [complaints()])
    await again.apply(log)
    await checkMidnightCaseList(again, false)
    await again.close()
    db.close()
  })
})

describe('dispute deadlines in the unit evaluation (SQLite read model)', () => {
  it('counts each against the committee or centre that answers for it, as a replay does', async () => {
    const model = sqliteDashboard(':memory:')
    await checkDisputeUnitsDashboard(model)
    await model.close()
  })

  it('rebuilds a model kept in the format before (/10), whose rows carry no dispute deadline units', async () => {
    const db = new Database(':memory:')
    const first = sqliteDashboard(db)
    await first.apply(sealLog(disputeUnitsDrafts()))
    await first.close()
    // What /10 kept of this log: summaries without holders, the dispute deadlines and their kept overdue counts of no
    // unit, no committee or centre among the units.
    db.exec(`UPDATE dashboard_cases SET summary = json_remove(summary, '$.holders');
      UPDATE dashboard_deadlines SET unit_id = NULL WHERE kind IN ('mediation', 'receipt');
      DELETE FROM dashboard_overdue WHERE kind IN ('mediation', 'receipt');
      DELETE FROM dashboard_units;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/10' WHERE name = 'dashboard-totals'`)
    const stale = db.prepare("SELECT count(*) AS n FROM dashboard_deadlines WHERE unit_id IS NOT NULL").get() as { n: number }
    expect(stale.n).toBe(0)
    // Opened again (the runner then applies the log from its checkpoint): dropped, rebuilt, the units back.
    const again = sqliteDashboard(db)
    await again.apply(sealLog(disputeUnitsDrafts()))
    const got = await again.view({ jurisdiction: 'hohhot', asOf: DISPUTE_UNITS_AS_OF })
    if (got === undefined) throw new Error('no view')
    expect(overdueByUnit(got)).toEqual(overdueByUnit(disputeUnitsReference()))
    expect(Object.keys(overdueByUnit(got))).toEqual(['centre:saihan-centre', 'committee:c1-people', 'committee:wulan-admin'])
    await again.close()
    db.close()
  })
})

describe('the edges of "Dashboards" worked by hand (SQLite read model; core: kpiEdges.test.ts)', () => {
  it('a callback at 00:30 China time on 1 April, a 重办 rated or called back again, 退单 across the month’s start, a late exclusion, a merged duplicate: as the hand, a replay and the oracle give them', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await checkKpiEdges(model)
    } finally {
      await model.close()
    }
  })
})

describe('when a clock stops and where its 临期 window starts (SQLite read model)', () => {
  it('a 报到 or 签收 whose round ended is off the overdue list and still late; a re-based deadline keeps its window; as a replay gives them', async () => {
    const model = sqliteDashboard(':memory:')
    await checkClocksDashboard(model)
    await model.close()
  })

  it('rebuilds a model kept in the format before (/11), whose re-based deadline ran its 临期 window from the re-base', async () => {
    const db = new Database(':memory:')
    const first = sqliteDashboard(db)
    await first.apply(sealLog(rebasedWindowDrafts()))
    await first.close()
    // What /11 kept of case 4: its running result deadline set at the re-base (2027-01-05 10:00 China time).
    db.prepare("UPDATE dashboard_deadlines SET set_at = ? WHERE case_id = ? AND kind = 'result'").run(Date.parse('2027-01-05T10:00:00+08:00'), clocksId(4))
    db.exec("UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/11' WHERE name = 'dashboard-totals'")
    const again = sqliteDashboard(db)
    await again.apply(sealLog(rebasedWindowDrafts()))
    const got = await again.view({ jurisdiction: 'hohhot', asOf: '2027-01-06T12:00:00+08:00' })
    expect(got?.overdue.dueSoon.items.map((i) => i.caseId)).toEqual([clocksId(4), clocksId(5), clocksId(7), clocksId(8)])
    await again.close()
    db.close()
  })
})

describe('mediation outcomes and 司法确认 (SQLite read model)', () => {
  it('counts the overall success rate per dispute, by its outcome as of the period\'s end, and the court\'s acceptances, as by hand and as a replay does', async () => {
    const model = sqliteDashboard(':memory:')
    await checkMediationOutcomesFresh(model)
    await model.close()
  })

  it('counts a dispute\'s overall outcome in a period as of the period\'s end, in the period of its conclusion (a published month does not move), by hand and as a replay, whatever the batching', async () => {
    const model = sqliteDashboard(':memory:')
    await checkDisputePeriodsFresh(model)
    await checkDisputePeriodsFresh(model, true)
    await model.close()
  })

  it('moves a dispute\'s overall outcome when it changes, whatever the batching (a transfer takes a failure away)', async () => {
    const log = sealLog(mediationOutcomesDrafts())
    const model = sqliteDashboard(':memory:')
    for (const event of log) await model.apply([event])
    await checkMediationOutcomesDashboard(model)
    await model.close()
  })

  it('rebuilds a model kept in the format before (/23), which kept one outcome per dispute, its final one', async () => {
    const db = new Database(':memory:')
    const first = sqliteDashboard(db)
    await first.apply(sealLog(disputePeriodsDrafts()))
    await first.close()
    // What /23 kept of this log: no outcome with an end (a failure before a transfer), no `outcomeGap`. The format the
    // build before wrote, not an older one: a model that did not bump its format would not rebuild it, and fail here.
    db.exec(`DELETE FROM dashboard_facts WHERE key LIKE 'outcome%' AND until_at IS NOT NULL;
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/23' WHERE name = 'dashboard-totals'`)
    const again = sqliteDashboard(db)
    await again.apply(sealLog(disputePeriodsDrafts()))
    await checkDisputePeriodsDashboard(again)
    await again.close()
    db.close()
  })

  it('rebuilds a model kept in the format before (/12), which kept no overall outcomes nor court acceptances', async () => {
    const db = new Database(':memory:')
    const first = sqliteDashboard(db)
    await first.apply(sealLog(mediationOutcomesDrafts()))
    await first.close()
    // What /12 kept of this log: no overall outcome facts, no facts of the court's acceptances (the summaries, dropped
    // with the rest on a rebuild, are left as they are).
    db.exec(`DELETE FROM dashboard_facts WHERE key LIKE 'outcome%' OR key = 'confirmation' || char(31) || 'accepted';
      DELETE FROM dashboard_totals WHERE key LIKE 'outcome%' OR key = 'confirmation' || char(31) || 'accepted';
      DELETE FROM dashboard_periods WHERE key LIKE 'outcome%' OR key = 'confirmation' || char(31) || 'accepted';
      UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/12' WHERE name = 'dashboard-totals'`)
    const stale = db.prepare("SELECT count(*) AS n FROM dashboard_facts WHERE key LIKE 'outcome%'").get() as { n: number }
    expect(stale.n).toBe(0)
    // Opened again (the runner then applies the log from its checkpoint): dropped and rebuilt.
    const again = sqliteDashboard(db)
    await again.apply(sealLog(mediationOutcomesDrafts()))
    await checkMediationOutcomesDashboard(again)
    await again.close()
    db.close()
  })
})

describe('the late rounds of a period (SQLite dashboard)', () => {
  it('are counted by kind and unit from an index alone, and the index builds before kept without the unit is dropped', async () => {
    const db = new Database(':memory:')
    // What builds before kept: the late rounds' index without the unit (each round then looked up in the table for it:
    // 4.4 ms for the 9,056 late rounds of a year at 100k cases, 2.3 from the index alone; docs/scale.md).
    await sqliteDashboard(db).close()
    db.exec('DROP INDEX dashboard_deadlines_late_units; CREATE INDEX dashboard_deadlines_late ON dashboard_deadlines (deadline, jurisdiction, kind, closes) WHERE rated = 1')
    const statements: string[] = []
    const model = sqliteDashboard(observedStatements(db, (sql) => statements.push(sql)))
    try {
      const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dashboard_deadlines'").all().map((r) => r.name)
      expect(indexes).toContain('dashboard_deadlines_late_units')
      expect(indexes).not.toContain('dashboard_deadlines_late')
      await model.view({ from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00', asOf: '2026-12-06T12:00:00+08:00', jurisdiction: 'hohhot/saihan', depth: 0 })
      const late = statements.find((sql) => /rated = 1 AND deadline >= \? AND deadline < \?/.test(sql) && /GROUP BY kind, unit_id/.test(sql))
      expect(late).toBeDefined()
      const params = (late ?? '').split('?').length - 1
      const plan = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${late ?? ''}`).all(...Array.from({ length: params }, () => null))
      expect(plan.map((p) => p.detail).join(' | ')).toContain('USING COVERING INDEX dashboard_deadlines_late_units')
    } finally {
      await model.close()
      db.close()
    }
  })
  it('across a month’s end, closed before the watermark or after it, answered or re-based after being counted late, asOf long after: by hand and as a replay, whatever the batching', async () => {
    const model = sqliteDashboard(':memory:')
    await checkLateRounds(model)
    await model.close()
  })
  it('of random periods of China midnights (months, quarters, days across months, open at either end; the first again with its ends off midnight) are a replay\u2019s, at two watermarks of a random history folded in random batches, asOf at the watermark, at a close and after: the view and the figures (a district and its street together, the city\u2019s trends)', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await fc.assert(
        fc.asyncProperty(lateHistories, async (h) => {
          expect(await checkLateHistory(model, h)).toBeGreaterThan(0)
        }),
        // Unbiased: histories of many cases as often as of few (a late round counted, then met, needs a few dozen).
        { numRuns: 25, unbiased: true },
      )
    } finally {
      await model.close()
    }
  }, 300_000)
  it('of random periods, with summoning rounds returned (退单) or referred to mediation after the summons, are a replay\u2019s (as above)', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await fc.assert(
        fc.asyncProperty(lateHistories, async (h) => {
          expect(await checkLateHistory(model, { ...h, afterSummons: true })).toBeGreaterThan(0)
        }),
        { numRuns: 12, unbiased: true },
      )
    } finally {
      await model.close()
    }
  }, 300_000)
  it('of random periods, with co-handling departments (协办), denied extensions (late or on time by the deadline that stayed), 补充 and notes, are a replay\u2019s (as above)', async () => {
    const model = sqliteDashboard(':memory:')
    try {
      await fc.assert(
        fc.asyncProperty(lateHistories, fc.boolean(), async (h, afterSummons) => {
          expect(await checkLateHistory(model, { ...h, afterSummons, coHandling: true })).toBeGreaterThan(0)
        }),
        { numRuns: 12, unbiased: true },
      )
    } finally {
      await model.close()
    }
  }, 300_000)
  it('of a month, a quarter, a year or a day are counted from kept counts, not read deadline by deadline: those closed by the watermark count without their rows', async () => {
    const db = new Database(':memory:')
    const model = sqliteDashboard(db)
    await checkLateRoundsKept(model, async () => {
      const watermark = (db.prepare('SELECT ms FROM dashboard_latest').get() as { ms: number }).ms
      return db.prepare('DELETE FROM dashboard_deadlines WHERE rated = 1 AND closes <= ?').run(watermark).changes
    })
    await model.close()
    db.close()
  })
  // /24 kept no dashboard_late; main at 0251545 wrote /25 with dashboard_months_apart and no dashboard_late, which the late
  // counts then joined under the same number (found in review, r2): both open their kept tables with dashboard_late empty.
  it.each([
    ['the format before (/24), which kept no late rounds’ counts', 24],
    ['/25 before the late rounds’ counts (main at 0251545: the sums by months apart, no dashboard_late), which the late counts joined under the same number', 25],
  ])('rebuilds a model kept in %s', async (_, format) => {
    const db = new Database(':memory:')
    const log = sealLog(lateDrafts())
    const first = sqliteDashboard(db)
    await first.apply(log)
    await first.close()
    db.exec(`DELETE FROM dashboard_late; UPDATE read_model_formats SET format = 'gridcase-dashboard-totals/${format}' WHERE name = 'dashboard-totals'`)
    const again = sqliteDashboard(db)
    await again.apply(log)
    const march = await again.view({ jurisdiction: 'hohhot', from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', asOf: '2026-04-02T00:00:00+08:00' })
    const figures = await again.figures?.({ jurisdiction: 'hohhot', places: ['hohhot'], periods: [{ from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }], asOf: '2026-04-02T00:00:00+08:00' })
    // A, B and E (by hand: tests/support/lateRoundsChecks.ts); kept as it stood, A and B (closed by the watermark) were lost: 1.
    expect(march?.rates.results).toBe(3)
    expect(figures?.get('hohhot')?.[0]?.rates.results).toBe(3)
    await again.close()
    db.close()
  })
})
