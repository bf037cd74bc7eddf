import type { RecordedEvent } from '@gridcase/core'
import {
  boundedFact,
  caseFacts,
  currentRisk,
  exclusionOfFact,
  EXCLUSIONS_PAGE,
  dashboardFromTotals,
  dashboardProjection,
  rollUp,
  rollUpPlaces,
  runningDeadlines,
  treeDepths,
  DEADLINE_KINDS,
  DUE_SOON_SHARE,
  OPEN_LATE_KEY,
  type CaseRow,
  type CountsByKind,
  type DashboardFact,
  type DashboardState,
  type DeadlineKind,
  type DashboardView,
  type FactTotal,
  type PlaceTotals,
  type LateCount,
  type UnitInfo,
} from '@gridcase/core/projections'
import { riskFiguresOf } from './riskRows.js'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { CLOSES_WITHIN_MS, lateCounts, lateParts, overdueFiguresOf, type DeadlineRow } from './overdueRows.js'
import { exclusionWalk } from './exclusionPages.js'
import { ALIGNED_GRAIN, alignedReads, alignment, apartParts, countSpans, dayOf, daysRange, monthOfDay, periodParts, sameMonthReads, singleBucket, type CompetitorRange, type KeptGrain, type SignedSpan } from './periodBuckets.js'
import { alignedSums, pageSums, type MovedRow } from './pageSums.js'
import pg from 'pg'
import { checkout } from '../postgres/checkout.js'
import { remindersOf, type RemindedRow } from './deadlineReminders.js'
import { buildPool, ensurePgFormat, loadCheckpoint, lockCheckpoint, saveCheckpoint, type PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import { inTransaction } from '../postgres/transaction.js'
import { listItems, type DashboardQuery, type DashboardReadModel, type DashboardReadOptions, type KeptDeadline } from './readModel.js'
import { FIGURE_KEYS, figuresOf, figuresPlan, withBounded, type BoundedRow, type FiguresAnswer, type FiguresQuery } from './assessmentFigures.js'
import { ratedDeadline } from './sqliteDashboard.js'
import { factDiff } from './factDiff.js'

export interface PostgresDashboardOptions {
  /** Checkpoint name (default `dashboard-totals`). */
  readonly name?: string
}

const TABLES = [
  'dashboard_cases', 'dashboard_facts', 'dashboard_totals', 'dashboard_tree', 'dashboard_deadlines', 'dashboard_units', 'dashboard_latest', 'dashboard_overdue',
  'dashboard_risk', 'dashboard_periods', 'dashboard_exclusions', 'dashboard_risk_counts', 'dashboard_months_apart', 'dashboard_late',
]

const schemaOf = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.dashboard_cases (stream_id text PRIMARY KEY, summary json NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_facts (
  stream_id text NOT NULL, key text NOT NULL, jurisdiction text COLLATE "C" NOT NULL, at double precision NOT NULL, value double precision NOT NULL,
  since_at double precision, until_at double precision, aligned smallint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS dashboard_facts_of_case ON ${s}.dashboard_facts (stream_id, key);
CREATE INDEX IF NOT EXISTS dashboard_facts_by_time ON ${s}.dashboard_facts (at);
CREATE INDEX IF NOT EXISTS dashboard_facts_bounded ON ${s}.dashboard_facts (at) WHERE since_at IS NOT NULL OR until_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS dashboard_facts_in_months ON ${s}.dashboard_facts (at) WHERE aligned = 2;
CREATE INDEX IF NOT EXISTS dashboard_facts_in_days ON ${s}.dashboard_facts (at) WHERE aligned = 1;
-- Of those of alignment 2, by their competitors' times: those a period's months leave undecided (a competitor in the
-- month of its start or end), read one by one (as the SQLite model's; made at open on a model kept before too).
CREATE INDEX IF NOT EXISTS dashboard_facts_apart_since ON ${s}.dashboard_facts (since_at) WHERE aligned = 2;
CREATE INDEX IF NOT EXISTS dashboard_facts_apart_until ON ${s}.dashboard_facts (until_at) WHERE aligned = 2;
-- Of those of alignment 1, likewise: those of a span of days whose competitor in their own month falls before its start
-- or from its end (sameMonthReads, as the SQLite model's).
CREATE INDEX IF NOT EXISTS dashboard_facts_near_since ON ${s}.dashboard_facts (since_at) WHERE aligned = 1;
CREATE INDEX IF NOT EXISTS dashboard_facts_near_until ON ${s}.dashboard_facts (until_at) WHERE aligned = 1;
-- Those of alignment 2 summed by place, their China month and their competitors' (as the SQLite model's).
CREATE TABLE IF NOT EXISTS ${s}.dashboard_months_apart (
  place text COLLATE "C" NOT NULL, month integer NOT NULL, key text COLLATE "C" NOT NULL, since_month integer NOT NULL, until_month integer NOT NULL,
  n bigint NOT NULL, sum double precision NOT NULL, PRIMARY KEY (place, month, key, since_month, until_month)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_totals (
  place text COLLATE "C" NOT NULL, key text NOT NULL, n bigint NOT NULL, sum double precision NOT NULL, PRIMARY KEY (place, key)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_tree (
  depth integer NOT NULL, place text COLLATE "C" NOT NULL, key text NOT NULL, n bigint NOT NULL, PRIMARY KEY (depth, place, key)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_deadlines (
  stream_id text NOT NULL, seq integer NOT NULL, kind text NOT NULL, set_at double precision NOT NULL, deadline double precision NOT NULL,
  case_type text NOT NULL, case_id text NOT NULL, jurisdiction text COLLATE "C" NOT NULL, category text NOT NULL, unit_id text, rated integer NOT NULL,
  remind_at double precision DEFAULT 0, closes double precision NOT NULL, PRIMARY KEY (stream_id, seq)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_overdue (
  place text COLLATE "C" NOT NULL, unit_id text NOT NULL, kind text NOT NULL, rated integer NOT NULL, n bigint NOT NULL, PRIMARY KEY (place, unit_id, kind, rated)
);
CREATE INDEX IF NOT EXISTS dashboard_deadlines_due ON ${s}.dashboard_deadlines (deadline);
CREATE INDEX IF NOT EXISTS dashboard_deadlines_remind ON ${s}.dashboard_deadlines (remind_at) WHERE remind_at IS NOT NULL;
-- The late rounds of a period by kind and unit, from the index alone (as the SQLite model's; the index without the unit dropped).
DROP INDEX IF EXISTS ${s}.dashboard_deadlines_late;
CREATE INDEX IF NOT EXISTS dashboard_deadlines_late_units ON ${s}.dashboard_deadlines (deadline, jurisdiction, kind, closes, unit_id) WHERE rated = 1;
-- The late rounds closed by the watermark per place, China month and day of the deadline, kind and unit (as the SQLite model's).
CREATE TABLE IF NOT EXISTS ${s}.dashboard_late (
  grain text NOT NULL, place text COLLATE "C" NOT NULL, bucket integer NOT NULL, kind text NOT NULL, unit_id text NOT NULL, n bigint NOT NULL,
  PRIMARY KEY (grain, place, bucket, kind, unit_id)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_units (id text PRIMARY KEY, info json NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_latest (name text PRIMARY KEY, at text NOT NULL, ms double precision NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_risk (
  stream_id text PRIMARY KEY, case_id text NOT NULL, jurisdiction text COLLATE "C" NOT NULL, category text NOT NULL, grade text NOT NULL, since double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS dashboard_risk_open ON ${s}.dashboard_risk (grade, since);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_periods (
  grain text NOT NULL, place text COLLATE "C" NOT NULL, bucket integer NOT NULL, key text COLLATE "C" NOT NULL, n bigint NOT NULL,
  sum double precision NOT NULL, PRIMARY KEY (grain, place, bucket, key)
);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_exclusions (
  place text COLLATE "C" NOT NULL, case_id text COLLATE "C" NOT NULL, at double precision NOT NULL, month integer NOT NULL, day integer NOT NULL,
  ground text NOT NULL, unit_id text NOT NULL, PRIMARY KEY (place, case_id)
);
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_time ON ${s}.dashboard_exclusions (place, at);
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_month ON ${s}.dashboard_exclusions (place, month, case_id);
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_day ON ${s}.dashboard_exclusions (place, day, case_id);
CREATE TABLE IF NOT EXISTS ${s}.dashboard_risk_counts (place text COLLATE "C" NOT NULL, grade text NOT NULL, n bigint NOT NULL, PRIMARY KEY (place, grade));
`

/** Events in one batch from which the dashboard read's tables are analysed again after it (see `apply`). */
const ANALYZE_AFTER = 5_000
// Every table a read or the fold plans on (the kept sums by period and by months, the facts of a period's edges, the
// fold's cases too): all but the one row per model of dashboard_latest. Before, the sums by period and by months and the
// facts were left to autovacuum, so a quarter's or a year's read right after a rebuild was planned on no figures for them.
const READ_TABLES = TABLES.filter((t) => t !== 'dashboard_latest')
const ITEMS = 100
const EXCLUDED_KEY = 'rate\u001fexcluded'

const finiteFacts = (summary: CaseRow | undefined): DashboardFact[] => (summary === undefined ? [] : caseFacts(summary).filter((f) => Number.isFinite(f.at)))

/**
 * Statements sent as one simple query (one round trip: a read transaction's BEGIN … COMMIT around its SELECTs), each
 * statement's result in order. A failure rolls back; a connection that cannot is not given back to the pool.
 */
const oneRoundTrip = async (pool: pg.Pool, statements: readonly string[]): Promise<pg.QueryResult[]> => {
  const { client, release } = await checkout(pool)
  try {
    const results = (await client.query(statements.join(';\n'))) as unknown as pg.QueryResult[]
    release()
    return results
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false)
    release(!rolledBack)
    throw error
  }
}

/**
 * 一屏统览 in PostgreSQL, beside the PostgreSQL event store (the same contract and the same figures as
 * `sqliteDashboard`): per case its summary, facts and running deadlines; per (key, place) the totals, moved by the
 * difference each batch makes, with the checkpoint row locked and moved in the same transaction.
 */
export const postgresDashboard = (home: PgReadModelHome, options: PostgresDashboardOptions = {}): DashboardReadModel => {
  const name = options.name ?? 'dashboard-totals'
  const s = tablesOf(home.schema).schema
  // /8: the scheduler's remind_at and a 信访 complaint referred before dispatch keeping its handling deadline (as SQLite's /8).
  // /9: the facts' sums per China day and month (dashboard_periods), as SQLite's /9.
  // /10: exclusions in their own table, open disputes per grade counted per place, a count back at 0 deleted, as SQLite's /10.
  // /11: a dispute's deadlines carry their committee's or centre's unit, and those are units, as SQLite's /11.
  // /12: a 报到 ends with its round, a missed 签收 late for good once its round has a result, a re-based deadline keeps
  // its 临期 window, as SQLite's /12.
  // /13: one overall mediation outcome per dispute and the court's acceptances of 司法确认, as SQLite's /13.
  // /14: each running deadline keeps when it closes (`closes`: a day deadline at 24:00 China time), as SQLite's /14.
  // /15: a failed referral resumes the accept clock it stopped, as SQLite's /15.
  // /16: the time a mediation took summed in whole milliseconds (`concludedMs`), as SQLite's /16.
  // /17: an excluded case (考评申诉) has no resolution level fact, as SQLite's /17.
  // /18: an escalated round's result deadline is its new lead's, and a 退单 keeps the deadlines already passed, as SQLite's /18.
  // /19: a case's callbacks and ratings carry their competitors' times (`since_at` / `until_at`) and stay out of the totals
  // and sums (a period's 三率 from the callbacks made in it), as SQLite's /19.
  // /20: the dispatch deadline (派单时限, kind `dispatch`), as SQLite's /20.
  // /21: a refusal (不予受理) runs the 司法确认 window again, as SQLite's /21.
  // /23: the facts with a competitor summed in their day (day1) and, of alignment 2, their month (month2), as the SQLite model.
  // /24: a dispute's overall outcome as of a period's end, in the period of its conclusion (`outcome␟…` with `until_at`,
  // `outcomeGap␟…`), as SQLite's /24.
  // /25: the facts with a competitor of alignment 2 summed by their month and their competitors' months
  // (dashboard_months_apart), for the periods of whole months, as SQLite's /25.
  // /26: the late rounds closed by the watermark counted per place, China month and day, kind and unit (dashboard_late), as
  // SQLite's /26 (a model kept in /25 has no such counts, and is rebuilt).
  // /27: the facts' sums per China year too (dashboard_periods grain `year`), as SQLite's /27.
  // /28: each exclusion keeps its China month and day (dashboard_exclusions.month, .day, their indexes), as SQLite's /28.
  // /29: an excluded case's 重办 are facts again (its `reopenings`), as SQLite's /29.
  // /32: the court's 3 days to accept from filedOn (the case summary's clock), as SQLite's /32.
  // /33: no exclusion row for a merged duplicate's approved 考评申诉, as SQLite's /33.
  // /34: the 司法确认 window stops on the application's filedOn (the case summary's clock), as SQLite's /34.
  const ready = ensurePgFormat(home, name, 'gridcase-dashboard-totals/34', TABLES, schemaOf(s))
  ready.catch(() => undefined)

  const unitsNow = async (q: pg.PoolClient): Promise<Map<string, UnitInfo>> =>
    new Map((await q.query<{ info: UnitInfo }>(`SELECT info FROM ${s}.dashboard_units`)).rows.map((r) => [r.info.id, r.info]))
  const latestOf = async (q: pg.PoolClient): Promise<{ at: string; ms: number } | undefined> =>
    (await q.query<{ at: string; ms: number }>(`SELECT at, ms FROM ${s}.dashboard_latest WHERE name = $1`, [name])).rows[0]

  // A kept count moved back to 0 leaves its table (as the SQLite model): a read takes the keys that count now, not every
  // key that ever counted. `returned` are the upsert's RETURNING rows (the key columns and n).
  const dropZeros = async (client: pg.PoolClient, table: string, columns: readonly (readonly [string, string])[], returned: readonly Record<string, unknown>[]): Promise<void> => {
    const zero = returned.filter((r) => Number(r.n) === 0)
    if (zero.length === 0) return
    const names = columns.map(([c]) => c)
    await client.query(
      `DELETE FROM ${s}.${table} AS t USING unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS z (${names.join(', ')})
       WHERE ${columns.map(([c, type]) => `t.${c} = z.${c}${type === 'text' ? ' COLLATE "C"' : ''}`).join(' AND ')} AND t.n = 0`,
      columns.map(([c]) => zero.map((r) => r[c])),
    )
  }

  const applyAll = (events: readonly RecordedEvent[]): Promise<number> =>
    inTransaction(buildPool(home), async (client) => {
      const at = await lockCheckpoint(client, home.schema, name)
      const fresh = events.filter((e) => e.position > at)
      if (fresh.length === 0) return at
      const latest = await latestOf(client)
      const units = await unitsNow(client)
      const known = new Set(units.keys())
      const state: DashboardState = { cases: new Map(), units, position: at, lastAt: latest?.at, lastAtMs: latest?.ms ?? Number.NEGATIVE_INFINITY, names: new Map() }
      const streams = [...new Set(fresh.map((e) => e.streamId))]
      const before = new Map<string, readonly DashboardFact[]>(streams.map((id) => [id, []]))
      for (const row of (await client.query<{ stream_id: string; summary: CaseRow }>(`SELECT stream_id, summary FROM ${s}.dashboard_cases WHERE stream_id = ANY($1)`, [streams])).rows) {
        state.cases.set(row.stream_id, row.summary)
        before.set(row.stream_id, finiteFacts(row.summary))
      }
      for (const event of fresh) dashboardProjection.apply(state, event)

      // Moved by (key, place, China day): the totals, and the day's and month's sums (as the SQLite model).
      const sums = pageSums()
      // The facts with a competitor in the sums of the day (and month) they always count in (as the SQLite model).
      const aligned = alignedSums()
      // An exclusion is a row of its own at each place it rolls up into (as the SQLite model), not a totals key per case.
      const exclusionMoves = new Map<string, { place: string; caseId: string; at: number; ground: string; unitId: string; sign: 1 | -1 }>()
      const move = (f: DashboardFact, jurisdiction: string, sign: 1 | -1): void => {
        // A fact with a competitor counts in no total and in a period only without it: read from the facts, and summed for the
        // periods of one bucket it always counts in (as the SQLite model).
        if (boundedFact(f)) {
          aligned.move(jurisdiction, f.key, f, f.value, sign, alignment(f))
          return
        }
        const exclusion = exclusionOfFact(f)
        if (exclusion === undefined) {
          sums.move(jurisdiction, f.key, f.at, f.value, sign)
          return
        }
        for (const place of rollUpPlaces(jurisdiction)) {
          const id = `${place}\u001e${exclusion.caseId}`
          // Taken away and added in one batch (moved in time): the row added wins.
          if (sign === 1 || exclusionMoves.get(id)?.sign !== 1) exclusionMoves.set(id, { place, ...exclusion, sign })
        }
      }
      const dueBefore = latest?.ms ?? Number.NEGATIVE_INFINITY
      const dueNow = state.lastAt === undefined ? dueBefore : state.lastAtMs
      const overdue = new Map<string, { place: string; unit: string; kind: string; rated: number; n: number }>()
      // The late rounds among them counted again per China month and day of the deadline (as the SQLite model).
      const late = lateCounts()
      const moveOverdue = (rows: readonly { kind: string; jurisdiction: string; unit_id: string | null; rated: number; deadline: number }[], sign: 1 | -1): void => {
        for (const r of rows) {
          for (const place of rollUpPlaces(r.jurisdiction)) {
            const id = `${place}\u001e${r.unit_id ?? ''}\u001e${r.kind}\u001e${r.rated}`
            const d = overdue.get(id) ?? { place, unit: r.unit_id ?? '', kind: r.kind, rated: r.rated, n: 0 }
            d.n += sign
            overdue.set(id, d)
            if (r.rated === 1) late.move(place, r.deadline, r.kind, r.unit_id, sign)
          }
        }
      }
      const written: string[] = []
      const summaries: string[] = []
      const facts = {
        streamId: [] as string[], key: [] as string[], jurisdiction: [] as string[], at: [] as number[], value: [] as number[], since: [] as (number | null)[], until: [] as (number | null)[], aligned: [] as number[],
      }
      const deadlines = {
        streamId: [] as string[], seq: [] as number[], kind: [] as string[], setAt: [] as number[], deadline: [] as number[], closes: [] as number[], caseType: [] as string[],
        caseId: [] as string[], jurisdiction: [] as string[], category: [] as string[], unitId: [] as (string | null)[], rated: [] as number[],
      }
      const risks: [string, string, string, string, string, number][] = []
      for (const [streamId, was] of before) {
        const summary = state.cases.get(streamId)
        if (summary === undefined) continue
        const { jurisdiction } = summary
        const after = finiteFacts(summary)
        // Totals move by the difference; the case's fact rows are written again whole (a case holds a handful).
        for (const f of after) {
          facts.streamId.push(streamId)
          facts.key.push(f.key)
          facts.jurisdiction.push(jurisdiction)
          facts.at.push(f.at)
          facts.value.push(f.value)
          facts.since.push(f.since ?? null)
          facts.until.push(f.until ?? null)
          facts.aligned.push(boundedFact(f) ? alignment(f) : 0)
        }
        const { added, gone } = factDiff(was, after)
        for (const f of added) move(f, jurisdiction, 1)
        for (const f of gone) move(f, jurisdiction, -1)
        written.push(streamId)
        summaries.push(JSON.stringify(summary))
        // 风险等级 of an open dispute, as core's `currentRisk` reads the row (as the SQLite model).
        const graded = summary.caseType === 'dispute' ? currentRisk(summary) : undefined
        if (graded !== undefined) risks.push([streamId, summary.caseId, jurisdiction, summary.category, graded.grade, graded.since])
        const excluded = after.some((f) => f.key === EXCLUDED_KEY)
        for (const [seq, d] of runningDeadlines(summary).entries()) {
          if (!Number.isFinite(d.deadline) || !Number.isFinite(d.from)) continue
          const rated = ratedDeadline(summary.caseType, d.kind, excluded)
          deadlines.rated.push(rated)
          // Past due by the watermark: closed by it (a day deadline at 24:00 China time, as core's overdue list has it).
          const closes = deadlineClosesMs(d.deadline, d.hours)
          if (closes <= dueNow) moveOverdue([{ kind: d.kind, jurisdiction, unit_id: d.unitId ?? null, rated, deadline: d.deadline }], 1)
          deadlines.streamId.push(streamId)
          deadlines.seq.push(seq)
          deadlines.kind.push(d.kind)
          deadlines.setAt.push(d.from)
          deadlines.deadline.push(d.deadline)
          deadlines.closes.push(closes)
          deadlines.caseType.push(summary.caseType)
          deadlines.caseId.push(summary.caseId)
          deadlines.jurisdiction.push(jurisdiction)
          deadlines.category.push(summary.category)
          deadlines.unitId.push(d.unitId ?? null)
        }
      }
      if (written.length > 0) {
        await client.query(
          `INSERT INTO ${s}.dashboard_cases (stream_id, summary) SELECT * FROM unnest($1::text[], $2::json[]) ON CONFLICT (stream_id) DO UPDATE SET summary = excluded.summary`,
          [written, summaries],
        )
        // The open disputes per grade counted at every place (as the SQLite model): the rewritten rows leave, the new come.
        const riskCounts = new Map<string, { place: string; grade: string; n: number }>()
        const countRisk = (jurisdiction: string, grade: string, sign: 1 | -1): void => {
          for (const place of rollUpPlaces(jurisdiction)) {
            const d = riskCounts.get(`${place}\u001e${grade}`) ?? { place, grade, n: 0 }
            d.n += sign
            riskCounts.set(`${place}\u001e${grade}`, d)
          }
        }
        const graded = await client.query<{ jurisdiction: string; grade: string }>(`SELECT jurisdiction, grade FROM ${s}.dashboard_risk WHERE stream_id = ANY($1)`, [written])
        for (const r of graded.rows) countRisk(r.jurisdiction, r.grade, -1)
        for (const r of risks) countRisk(r[2], r[4], 1)
        const countsMoved = [...riskCounts.values()].filter((d) => d.n !== 0)
        if (countsMoved.length > 0) {
          const returned = await client.query(
            `INSERT INTO ${s}.dashboard_risk_counts (place, grade, n) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
             ON CONFLICT (place, grade) DO UPDATE SET n = dashboard_risk_counts.n + excluded.n RETURNING place, grade, n`,
            [countsMoved.map((d) => d.place), countsMoved.map((d) => d.grade), countsMoved.map((d) => d.n)],
          )
          await dropZeros(client, 'dashboard_risk_counts', [['place', 'text'], ['grade', 'text']], returned.rows)
        }
        await client.query(`DELETE FROM ${s}.dashboard_risk WHERE stream_id = ANY($1)`, [written])
        if (risks.length > 0) {
          await client.query(
            `INSERT INTO ${s}.dashboard_risk (stream_id, case_id, jurisdiction, category, grade, since) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[])`,
            [0, 1, 2, 3, 4, 5].map((i) => risks.map((r) => r[i])),
          )
        }
        await client.query(`DELETE FROM ${s}.dashboard_facts WHERE stream_id = ANY($1)`, [written])
        await client.query(
          `INSERT INTO ${s}.dashboard_facts (stream_id, key, jurisdiction, at, value, since_at, until_at, aligned)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::int2[])`,
          [facts.streamId, facts.key, facts.jurisdiction, facts.at, facts.value, facts.since, facts.until, facts.aligned],
        )
        // 超期 counts kept (as the SQLite model): the rewritten cases' deadlines counted before leave with their rows…
        moveOverdue(
          (await client.query<{ kind: string; jurisdiction: string; unit_id: string | null; rated: number; deadline: number }>(
            `SELECT kind, jurisdiction, unit_id, rated, deadline FROM ${s}.dashboard_deadlines WHERE stream_id = ANY($1) AND closes <= $2`,
            [written, dueBefore],
          )).rows,
          -1,
        )
        // The deadline scheduler's progress on a deadline written again unchanged is kept (as the SQLite model).
        const reminded = remindersOf(
          (await client.query<RemindedRow>(`SELECT stream_id, kind, deadline, set_at, remind_at FROM ${s}.dashboard_deadlines WHERE stream_id = ANY($1)`, [written])).rows,
        )
        const remindAt = deadlines.streamId.map((streamId, i) => reminded(streamId, deadlines.kind[i] ?? '', deadlines.deadline[i] ?? Number.NaN, deadlines.setAt[i] ?? Number.NaN))
        await client.query(`DELETE FROM ${s}.dashboard_deadlines WHERE stream_id = ANY($1)`, [written])
        await client.query(
          `INSERT INTO ${s}.dashboard_deadlines (stream_id, seq, kind, set_at, deadline, closes, case_type, case_id, jurisdiction, category, unit_id, rated, remind_at)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::float8[])`,
          [deadlines.streamId, deadlines.seq, deadlines.kind, deadlines.setAt, deadlines.deadline, deadlines.closes, deadlines.caseType, deadlines.caseId, deadlines.jurisdiction, deadlines.category, deadlines.unitId, deadlines.rated, remindAt],
        )
      }
      // …and every other case's deadlines that closed since the last watermark join them (a range on the deadline's
      // index: a deadline closes within CLOSES_WITHIN_MS of it).
      if (dueNow > dueBefore) {
        moveOverdue(
          (await client.query<{ kind: string; jurisdiction: string; unit_id: string | null; rated: number; deadline: number }>(
            `SELECT kind, jurisdiction, unit_id, rated, deadline FROM ${s}.dashboard_deadlines
             WHERE deadline > $1 AND deadline < $2 AND closes > $3 AND closes <= $2 AND NOT (stream_id = ANY($4))`,
            [dueBefore - CLOSES_WITHIN_MS, dueNow, dueBefore, written],
          )).rows,
          1,
        )
      }
      const gone = [...exclusionMoves.values()].filter((e) => e.sign === -1)
      if (gone.length > 0) {
        await client.query(`DELETE FROM ${s}.dashboard_exclusions AS x USING unnest($1::text[], $2::text[]) AS g (place, case_id) WHERE x.place = g.place COLLATE "C" AND x.case_id = g.case_id COLLATE "C"`, [
          gone.map((e) => e.place), gone.map((e) => e.caseId),
        ])
      }
      const put = [...exclusionMoves.values()].filter((e) => e.sign === 1)
      if (put.length > 0) {
        await client.query(
          `INSERT INTO ${s}.dashboard_exclusions (place, case_id, at, month, day, ground, unit_id)
           SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::int[], $5::int[], $6::text[], $7::text[])
           ON CONFLICT (place, case_id) DO UPDATE SET at = excluded.at, month = excluded.month, day = excluded.day, ground = excluded.ground, unit_id = excluded.unit_id`,
          [
            put.map((e) => e.place), put.map((e) => e.caseId), put.map((e) => e.at), put.map((e) => monthOfDay(dayOf(e.at))), put.map((e) => dayOf(e.at)),
            put.map((e) => e.ground), put.map((e) => e.unitId),
          ],
        )
      }
      const moved = [...overdue.values()].filter((d) => d.n !== 0)
      if (moved.length > 0) {
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_overdue (place, unit_id, kind, rated, n) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[])
           ON CONFLICT (place, unit_id, kind, rated) DO UPDATE SET n = dashboard_overdue.n + excluded.n RETURNING place, unit_id, kind, rated, n`,
          [moved.map((d) => d.place), moved.map((d) => d.unit), moved.map((d) => d.kind), moved.map((d) => d.rated), moved.map((d) => d.n)],
        )
        await dropZeros(client, 'dashboard_overdue', [['place', 'text'], ['unit_id', 'text'], ['kind', 'text'], ['rated', 'int']], returned.rows)
      }
      const lateMoved = late.moved()
      if (lateMoved.length > 0) {
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_late (grain, place, bucket, kind, unit_id, n) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[])
           ON CONFLICT (grain, place, bucket, kind, unit_id) DO UPDATE SET n = dashboard_late.n + excluded.n RETURNING grain, place, bucket, kind, unit_id, n`,
          [lateMoved.map((d) => d.grain), lateMoved.map((d) => d.place), lateMoved.map((d) => d.bucket), lateMoved.map((d) => d.kind), lateMoved.map((d) => d.unit), lateMoved.map((d) => d.n)],
        )
        await dropZeros(client, 'dashboard_late', [['grain', 'text'], ['place', 'text'], ['bucket', 'int'], ['kind', 'text'], ['unit_id', 'text']], returned.rows)
      }
      // Totals at every place a case rolls up into, summed per (place, key) first (`pageSums`): one upsert may touch a row once.
      const atPlace: { place: string; key: string; n: number; sum: number }[] = []
      const atNode: { depth: number; place: string; key: string; n: number }[] = []
      const periods: { grain: KeptGrain; place: string; bucket: number; key: string; n: number; sum: number }[] = []
      const keptRow: MovedRow = (grain, place, bucket, key, n, sum) => {
        if (grain !== 'total') {
          if (n !== 0 || sum !== 0) periods.push({ grain, place, bucket, key, n, sum })
          return
        }
        atPlace.push({ place, key, n, sum })
        if (place !== '' && key.startsWith('count\u001f')) atNode.push({ depth: place.split('/').length, place, key, n })
      }
      sums.forEachRow(keptRow)
      aligned.forEachRow(keptRow)
      // Those of alignment 2 by their months (as the SQLite model).
      const apart: { place: string; month: number; key: string; since: number; until: number; n: number; sum: number }[] = []
      aligned.forEachApartRow((place, m, key, n, sum) => {
        if (n !== 0 || sum !== 0) apart.push({ place, month: m.month, key, since: m.since, until: m.until, n, sum })
      })
      if (atPlace.length > 0) {
        const rows = atPlace
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_totals (place, key, n, sum) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[])
           ON CONFLICT (place, key) DO UPDATE SET n = dashboard_totals.n + excluded.n, sum = dashboard_totals.sum + excluded.sum RETURNING place, key, n`,
          [rows.map((r) => r.place), rows.map((r) => r.key), rows.map((r) => r.n), rows.map((r) => r.sum)],
        )
        await dropZeros(client, 'dashboard_totals', [['place', 'text'], ['key', 'text']], returned.rows)
      }
      if (atNode.length > 0) {
        const rows = atNode
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_tree (depth, place, key, n) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[])
           ON CONFLICT (depth, place, key) DO UPDATE SET n = dashboard_tree.n + excluded.n RETURNING depth, place, key, n`,
          [rows.map((r) => r.depth), rows.map((r) => r.place), rows.map((r) => r.key), rows.map((r) => r.n)],
        )
        await dropZeros(client, 'dashboard_tree', [['depth', 'int'], ['place', 'text'], ['key', 'text']], returned.rows)
      }
      if (periods.length > 0) {
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_periods (grain, place, bucket, key, n, sum)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::float8[])
           ON CONFLICT (grain, place, bucket, key) DO UPDATE SET n = dashboard_periods.n + excluded.n, sum = dashboard_periods.sum + excluded.sum
           RETURNING grain, place, bucket, key, n`,
          [
            periods.map((r) => r.grain), periods.map((r) => r.place), periods.map((r) => r.bucket), periods.map((r) => r.key), periods.map((r) => r.n), periods.map((r) => r.sum),
          ],
        )
        await dropZeros(client, 'dashboard_periods', [['grain', 'text'], ['place', 'text'], ['bucket', 'int'], ['key', 'text']], returned.rows)
      }
      if (apart.length > 0) {
        const returned = await client.query(
          `INSERT INTO ${s}.dashboard_months_apart (place, month, key, since_month, until_month, n, sum)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::int[], $6::bigint[], $7::float8[])
           ON CONFLICT (place, month, key, since_month, until_month) DO UPDATE
           SET n = dashboard_months_apart.n + excluded.n, sum = dashboard_months_apart.sum + excluded.sum
           RETURNING place, month, key, since_month, until_month, n`,
          [apart.map((r) => r.place), apart.map((r) => r.month), apart.map((r) => r.key), apart.map((r) => r.since), apart.map((r) => r.until), apart.map((r) => r.n), apart.map((r) => r.sum)],
        )
        await dropZeros(client, 'dashboard_months_apart', [['place', 'text'], ['month', 'int'], ['key', 'text'], ['since_month', 'int'], ['until_month', 'int']], returned.rows)
      }
      const added = [...units].filter(([id]) => !known.has(id))
      if (added.length > 0) {
        await client.query(`INSERT INTO ${s}.dashboard_units (id, info) SELECT * FROM unnest($1::text[], $2::json[]) ON CONFLICT DO NOTHING`, [
          added.map(([id]) => id),
          added.map(([, u]) => JSON.stringify(u)),
        ])
      }
      if (state.lastAt !== undefined && state.lastAtMs !== latest?.ms) {
        await client.query(`INSERT INTO ${s}.dashboard_latest (name, at, ms) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET at = excluded.at, ms = excluded.ms`, [
          name, state.lastAt, state.lastAtMs,
        ])
      }
      if (state.position > at) await saveCheckpoint(client, home.schema, name, state.position)
      return state.position
    })

  const columns = 'kind, deadline, case_type, case_id, jurisdiction, category, unit_id'

  // Values written into the text of a multi-statement read (the simple query protocol takes no parameters).
  const num = (v: number): string => (Number.isFinite(v) ? String(v) : `'${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}'::float8`)
  const str = (v: string): string => pg.escapeLiteral(v)
  const under = (column: string, scope: string): string =>
    scope === '' ? 'true' : `(${column} = ${str(scope)} OR (${column} >= ${str(`${scope}/`)} AND ${column} < ${str(`${scope}0`)}))`

  // One round trip, one snapshot (REPEATABLE READ, read only): totals, deadlines, units and checkpoint from the same
  // commit, sent as one multi-statement query (a dozen round trips each waiting its turn cost more than the queries).
  const read = async (query: DashboardQuery, lists: DashboardReadOptions | undefined): Promise<DashboardView | undefined> => {
    const items = listItems(lists, ITEMS)
    const exclusionItems = listItems(lists, EXCLUSIONS_PAGE)
    const given = query.asOf === undefined ? undefined : Date.parse(query.asOf)
    const latestFirst = given === undefined ? (await home.pool.query<{ at: string; ms: number }>(`SELECT at, ms FROM ${s}.dashboard_latest WHERE name = $1`, [name])).rows[0] : undefined
    const asOf = given ?? latestFirst?.ms ?? Number.POSITIVE_INFINITY
    const scope = query.jurisdiction ?? ''
    const from = query.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.from)
    const to = query.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.to)
    const depth = query.depth ?? 2
    const tree = treeDepths(scope, depth)
    // The tree's depths listed, not a range: the key (depth, place, key) is then searched once per depth for the place's
    // subtree, where `depth BETWEEN` bounds only the leading column and reads every place of the city at those depths.
    const depths = `depth = ANY('{${Array.from({ length: Math.max(tree.max - tree.min + 1, 0) }, (_, i) => tree.min + i).join(',')}}'::int[])`
    const period = query.from !== undefined || query.to !== undefined
    // A period of both ends as its China months, days and parts of a day (`exclusionWalk`, not cut to what the place
    // holds); undefined for an open end or too many buckets.
    const walk = Number.isFinite(from) && Number.isFinite(to) && from < to ? exclusionWalk({ from, to }, 'unknown') : undefined
    const exclusionBuckets = walk?.by === 'buckets' ? walk.arms : undefined
    // A period of China midnights (trends' months and days, rankings' periods): the kept sums of its months and days.
    // Its whole months and days from their kept sums, the parts of a day at either end fact by fact (as the SQLite model).
    const parts = period ? periodParts(query.from === undefined ? undefined : from, query.to === undefined ? undefined : to) : undefined
    const spans = parts?.spans
    // A span of most of a month's days as the month's rows less its other days' (`countSpans`), the scope's and the
    // counts tree's alike: every kept n and sum is a whole number (counts, and milliseconds: core's `concludedMs`), so
    // exact under subtraction (as the SQLite model).
    const signedSpans = countSpans(spans ?? [])
    const inRange = (p: SignedSpan): string => `(p.grain = ${str(p.grain)} AND p.bucket >= ${p.from} AND p.bucket < ${p.to})`
    const inSpans = signedSpans.length === 0 ? 'false' : signedSpans.map(inRange).join(' OR ')
    const takenOff = signedSpans.filter((p) => p.sign < 0)
    const signedOf = (column: string): string => (takenOff.length === 0 ? column : `CASE WHEN ${takenOff.map(inRange).join(' OR ')} THEN -${column} ELSE ${column} END`)
    const treeN = signedOf('p.n')
    // A period of one month or day: its facts with a competitor that count in it are that bucket's sums of them (rate
    // facts: the scope's rows only), and none is read one by one (as the SQLite model).
    const single = parts !== undefined && parts.edges.length === 0 ? singleBucket(spans) : undefined
    const lateSplit = lateParts(parts)
    // The late rounds with their deadline in `range`, one by one (those closed after the watermark only, `sinceWatermark`).
    const lateIn = (range: { readonly from: number; readonly to: number }, sinceWatermark: boolean): string =>
      `SELECT kind, unit_id, count(*) AS n FROM ${s}.dashboard_deadlines WHERE rated = 1 AND deadline < ${num(asOf)} AND closes <= ${num(asOf)}
       AND deadline >= ${num(range.from)} AND deadline < ${num(range.to)}${sinceWatermark ? ` AND deadline > ${watermark} - ${CLOSES_WITHIN_MS} AND closes > ${watermark}` : ''} AND ${place} GROUP BY kind, unit_id`
    const inScopeSpans = single === undefined ? inSpans : `${inSpans} OR (grain = ${str(ALIGNED_GRAIN[single.grain])} AND bucket = ${single.from})`
    // The facts of alignment 2 made in the whole days and months of a period of several buckets: from their kept sums by
    // months where the months decide, one by one where they do not (`apartParts`, as the SQLite model): a quarter, a year
    // (open ends too) read none one by one.
    const apart = parts !== undefined && single === undefined && parts.spans.length > 0 ? apartParts(query.from === undefined ? undefined : from, query.to === undefined ? undefined : to, parts.middle) : undefined
    const place = under('jurisdiction', scope)
    const watermark = `coalesce((SELECT ms FROM ${s}.dashboard_latest WHERE name = ${str(name)}), '-Infinity'::float8)`
    // Past due: closed by asOf (a day deadline at 24:00 China time); due soon: not closed, in its last share of time (in a
    // day deadline's last second too, as core's overdue list has it). The ranges on `deadline` keep to its index.
    const late = `deadline < ${num(asOf)} AND closes <= ${num(asOf)} AND ${place}`
    // The share of the time left asked for (`dueSoon`), default DUE_SOON_SHARE, as the SQLite model.
    const share = query.dueSoon ?? DUE_SOON_SHARE
    const soon = `deadline > ${num(asOf - CLOSES_WITHIN_MS)} AND closes > ${num(asOf)} AND deadline - ${num(asOf)} <= ${num(share)} * (deadline - set_at) AND ${place}`
    // Closed after the watermark, by asOf.
    const fresh = `deadline > ${watermark} - ${CLOSES_WITHIN_MS} AND deadline < ${num(asOf)} AND closes > ${watermark} AND closes <= ${num(asOf)} AND ${place}`
    const none = 'SELECT 1 WHERE false'
    // A fact with a competitor (a case's callbacks and ratings) counts in the period only without it (core's `factCountsIn`).
    const inBounds = `(since_at IS NULL OR since_at < ${num(from)}) AND (until_at IS NULL OR until_at >= ${num(to)})`
    // A competitor's time in a range `apartParts` reads (or none, `orNone`).
    const competitor = (column: string, range: CompetitorRange): string =>
      range.orNone
        ? `(${column} IS NULL OR (${column} >= ${num(range.from)} AND ${column} < ${num(range.to)}))`
        : `${column} >= ${num(range.from)} AND ${column} < ${num(range.to)}`
    const statements = [
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      `SELECT at, ms FROM ${s}.dashboard_latest WHERE name = ${str(name)}`,
      spans !== undefined
        ? `SELECT p.key, ${str(scope)} AS jurisdiction, sum(${signedOf('p.n')}) AS n, sum(${signedOf('p.sum')})::float8 AS sum FROM ${s}.dashboard_periods AS p WHERE p.place = ${str(scope)} AND (${inScopeSpans}) GROUP BY p.key HAVING sum(${signedOf('p.n')}) <> 0`
        : period
          ? `SELECT key, jurisdiction, count(*) AS n, coalesce(sum(value), 0)::float8 AS sum FROM ${s}.dashboard_facts
             WHERE at >= ${num(from)} AND at < ${num(to)} AND ${inBounds} AND ${place} GROUP BY key, jurisdiction`
          : `SELECT key, place AS jurisdiction, n, sum FROM ${s}.dashboard_totals WHERE place = ${str(scope)}`,
      tree.max < tree.min
        ? none
        : spans !== undefined
          ? // The tree's places are those the kept counts tree names; each one's period rows are looked up by their key. A
            // span of most of a month's days is the month's rows less its other days' (`countSpans`, as the SQLite model).
            `SELECT p.key, p.place AS jurisdiction, sum(${treeN}) AS n, 0::float8 AS sum
             FROM (SELECT DISTINCT place FROM ${s}.dashboard_tree WHERE ${depths} AND ${under('place', scope)}) AS t
             JOIN ${s}.dashboard_periods AS p ON p.place = t.place
             WHERE (${inSpans}) AND p.key >= ${str('count\u001f')} AND p.key < ${str('count\u0020')} GROUP BY p.place, p.key HAVING sum(${treeN}) <> 0`
          : period
            ? none
            : `SELECT key, place AS jurisdiction, n, 0::float8 AS sum FROM ${s}.dashboard_tree WHERE ${depths} AND ${under('place', scope)}`,
      // 超期: the kept counts (deadlines closed by the watermark, the latest event's time) plus those closed since.
      `SELECT unit_id, kind, rated, n FROM ${s}.dashboard_overdue WHERE place = ${str(scope)} AND n <> 0`,
      `SELECT unit_id, kind, rated, count(*) AS n FROM ${s}.dashboard_deadlines WHERE ${fresh} GROUP BY unit_id, kind, rated`,
      // The most overdue first, the least time left first (then by case, then the case's own order), as the SQLite model.
      `SELECT ${columns} FROM ${s}.dashboard_deadlines WHERE ${late} ORDER BY deadline, case_id COLLATE "C", seq LIMIT ${items + 1}`,
      `SELECT kind, count(*) AS n FROM ${s}.dashboard_deadlines WHERE ${soon} GROUP BY kind`,
      `SELECT ${columns} FROM ${s}.dashboard_deadlines WHERE ${soon} ORDER BY deadline, case_id COLLATE "C", seq LIMIT ${items + 1}`,
      // Late rounds (按期办结率) of a period: without a period the kept counts answer; with one, the kept counts of its whole
      // months and days (closed by the watermark), the deadlines in them closed since, and every deadline in the parts of a
      // day at either end (`lateParts`, as the SQLite model).
      !period
        ? none
        : lateSplit === undefined
          ? lateIn({ from, to }, false)
          : [
              ...lateSplit.spans.map(
                (span) => `SELECT kind, nullif(unit_id, '') AS unit_id, sum(n) AS n FROM ${s}.dashboard_late
                  WHERE grain = ${str(span.grain)} AND place = ${str(scope)} AND bucket >= ${span.from} AND bucket < ${span.to} GROUP BY kind, unit_id`,
              ),
              lateIn(lateSplit.middle, true),
              ...lateSplit.edges.map((edge) => lateIn(edge, false)),
            ].join(' UNION ALL '),
      `SELECT position FROM ${s}.checkpoints WHERE name = ${str(name)}`,
      `SELECT info FROM ${s}.dashboard_units`,
      // 风险等级: open disputes by grade under the place, and the high ones, longest high first.
      `SELECT grade, n FROM ${s}.dashboard_risk_counts WHERE place = ${str(scope)}`,
      `SELECT case_id, jurisdiction, category, since FROM ${s}.dashboard_risk WHERE grade = 'high' AND ${place} ORDER BY since, case_id COLLATE "C" LIMIT ${items + 1}`,
      // 考评申诉 exclusions: a page by case id (as the SQLite model): the place's key range; a period of both ends, its China
      // months and days (`exclusionWalk`, not cut to the place's exclusions: no lookup before this one round trip), each
      // an index range in case-id order merged by case id (a Merge Append under the Limit: a month's page reads the page
      // and one more, where it read every exclusion of the month by time and sorted them); an open end or too many
      // buckets, its exclusions in the period, as the planner walks them.
      exclusionBuckets === undefined || exclusionBuckets.length === 0
        ? period
          ? `SELECT case_id, ground, unit_id FROM ${s}.dashboard_exclusions WHERE place = ${str(scope)} AND at >= ${num(from)} AND at < ${num(to)} AND case_id > ${str(query.exclusionsAfter ?? '')} ORDER BY case_id LIMIT ${exclusionItems + 1}`
          : `SELECT case_id, ground, unit_id FROM ${s}.dashboard_exclusions WHERE place = ${str(scope)} AND case_id > ${str(query.exclusionsAfter ?? '')} ORDER BY case_id LIMIT ${exclusionItems + 1}`
        : `${exclusionBuckets
            .map(
              (arm) =>
                `SELECT case_id, ground, unit_id FROM ${s}.dashboard_exclusions WHERE place = ${str(scope)} AND ${
                  arm.by === 'month' ? `month = ${arm.month}` : arm.by === 'day' ? `day = ${arm.day}` : `at >= ${num(arm.from)} AND at < ${num(arm.to)}`
                } AND case_id > ${str(query.exclusionsAfter ?? '')}`,
            )
            .join(' UNION ALL ')} ORDER BY case_id LIMIT ${exclusionItems + 1}`,
      // Of alignment 2, the kept sums by months and the facts one by one `apartParts` gives (above). Any other period of
      // kept sums of several buckets: the facts with a competitor made in its whole days and months, kept out of the sums
      // (as the SQLite model): of whole months only those of alignment 2 can count, of whole days those of 1 or 2 (each on
      // its partial index); and every fact made in the parts of a day at either end.
      parts !== undefined && single === undefined
        ? [
            ...(apart?.kept === undefined
              ? []
              : [
                  `SELECT key, ${str(scope)} AS jurisdiction, sum(n) AS n, sum(sum)::float8 AS sum FROM ${s}.dashboard_months_apart
                   WHERE place = ${str(scope)} AND month >= ${apart.kept.from} AND month < ${apart.kept.to}
                   AND since_month < ${apart.kept.sinceBelow} AND until_month >= ${apart.kept.untilFrom} GROUP BY key`,
                ]),
            // Those of 2 `apartParts` reads one by one, and those of 1 in the days that are not whole months, by the time
            // made or by their competitor in their own month (`sameMonthReads`).
            ...[
              ...(apart?.reads ?? []).map((read) => [2, read] as const),
              ...parts.spans.flatMap((span) => (span.grain === 'day' ? sameMonthReads(daysRange({ ...span, grain: 'day' }), from, to) : [])).map((read) => [1, read] as const),
            ].map(
              ([aligned, read]) => `SELECT key, jurisdiction, ${read.sign} * count(*) AS n, ${read.sign} * coalesce(sum(value), 0)::float8 AS sum FROM ${s}.dashboard_facts
                WHERE aligned = ${aligned} AND at >= ${num(read.at.from)} AND at < ${num(read.at.to)} AND ${competitor('since_at', read.since)}
                AND ${competitor('until_at', read.until)} AND ${place} GROUP BY key, jurisdiction`,
            ),
            ...parts.edges.map(
              (edge) => `SELECT key, jurisdiction, count(*) AS n, coalesce(sum(value), 0)::float8 AS sum FROM ${s}.dashboard_facts
                WHERE at >= ${num(edge.from)} AND at < ${num(edge.to)} AND ${inBounds} AND ${place} GROUP BY key, jurisdiction`,
            ),
          ].join(' UNION ALL ') || none
        : none,
      'COMMIT',
    ]
    const results = await oneRoundTrip(home.pool, statements)
    const rows = <R>(i: number): R[] => (results[i]?.rows ?? []) as R[]
    const latest = rows<{ at: string; ms: number }>(1)[0]
    if (latest !== undefined && asOf < latest.ms) return undefined
    const asTotals = (list: { key: string; jurisdiction: string; n: string | number; sum: number }[]): FactTotal[] =>
      list.map((r) => ({ key: r.key, jurisdiction: r.jurisdiction, n: Number(r.n), sum: r.sum }))
    const totals: PlaceTotals =
      period && spans === undefined
        ? rollUp(asTotals(rows(2)), scope, depth)
        : spans !== undefined
          ? withBounded({ scope: asTotals(rows(2)), tree: asTotals(rows(3)) }, rollUp(asTotals(rows(15)), scope, depth))
          : { scope: asTotals(rows(2)), tree: asTotals(rows(3)) }
    type Counted = { unit_id: string | null; kind: DeadlineKind; rated: number; n: number }
    const counted: Counted[] = [
      ...rows<{ unit_id: string; kind: DeadlineKind; rated: number; n: string }>(4).map((r) => ({ unit_id: r.unit_id === '' ? null : r.unit_id, kind: r.kind, rated: r.rated, n: Number(r.n) })),
      ...rows<{ unit_id: string | null; kind: DeadlineKind; rated: number; n: string }>(5).map((r) => ({ ...r, n: Number(r.n) })),
    ]
    const byKind = (list: readonly { kind: DeadlineKind; n: string | number }[]): CountsByKind =>
      Object.fromEntries(DEADLINE_KINDS.map((k) => [k, list.filter((r) => r.kind === k).reduce((sum, r) => sum + Number(r.n), 0)])) as CountsByKind
    const { overdue, overdueByUnit } = overdueFiguresOf(counted, rows<DeadlineRow>(6), { byKind: byKind(rows<{ kind: DeadlineKind; n: string }>(7)), rows: rows<DeadlineRow>(8) }, asOf, items, share)
    const lateKey = (kind: string) => OPEN_LATE_KEY[kind as keyof typeof OPEN_LATE_KEY]
    const openLate: LateCount[] = period
      ? rows<{ kind: string; unit_id: string | null; n: string }>(9).filter((r) => Number(r.n) !== 0).map((r) => ({ key: lateKey(r.kind), n: Number(r.n), ...(r.unit_id === null ? {} : { unitId: r.unit_id }) }))
      : counted.flatMap((r) => (r.rated === 1 && r.n !== 0 ? [{ key: lateKey(r.kind), n: r.n, ...(r.unit_id === null ? {} : { unitId: r.unit_id }) }] : []))
    const checkpoint = rows<{ position: string }>(10)[0]
    const grades = rows<{ grade: string; n: string }>(12)
    const highRows = rows<{ case_id: string; jurisdiction: string; category: string; since: number }>(13)
    const risk = riskFiguresOf(grades, highRows, items)
    return dashboardFromTotals({
      items: exclusionItems,
      ...(lists?.weights === undefined ? {} : { weights: lists.weights }),
      risk,
      exclusions: rows<{ case_id: string; ground: string; unit_id: string }>(14).map((r) => ({ caseId: r.case_id, ground: r.ground, unitId: r.unit_id })),
      filter: query,
      openLate,
      position: checkpoint === undefined ? -1 : Number(checkpoint.position),
      lastAt: latest?.at,
      totals,
      units: new Map(rows<{ info: UnitInfo }>(11).map((r) => [r.info.id, r.info])),
      overdue,
      overdueByUnit,
    })
  }

  // 考核 figures of several places and periods (as the SQLite model's `figures`): one round trip, one snapshot, the same
  // few statements whatever the number of places and periods.
  const figuresRead = async (query: FiguresQuery): Promise<FiguresAnswer | undefined> => {
    const plan = figuresPlan(query.periods)
    if (plan === undefined) return undefined
    const asOf = Date.parse(query.asOf)
    const root = query.jurisdiction
    const place = under('jurisdiction', root)
    // Each place once: a place named twice had its rows joined twice and its figures doubled (as the SQLite model, found in review).
    const listed = `SELECT DISTINCT unnest(ARRAY[${query.places.map(str).join(', ')}]::text[]) AS place`
    const places =
      query.childrenWithCases === true
        ? `(${listed} UNION SELECT DISTINCT place FROM ${s}.dashboard_tree WHERE depth = ${root === '' ? 1 : root.split('/').length + 1} AND ${under('place', root)})`
        : `(${listed})`
    const inRanges = plan.ranges.length === 0 ? 'false' : plan.ranges.map((r) => `(p.grain = ${str(r.grain)} AND p.bucket >= ${r.from} AND p.bucket < ${r.to})`).join(' OR ')
    const watermark = `coalesce((SELECT ms FROM ${s}.dashboard_latest WHERE name = ${str(name)}), '-Infinity'::float8)`
    const perPlace = query.childrenWithCases === true || query.places.some((p) => p !== root)
    const lateRanges = plan.lateRanges
    const reads = alignedReads(query.periods.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })))
    // The rate facts with a competitor the periods of several buckets may take: each such period takes those it admits.
    // Those that can count in whole months, in the time of those periods; in whole days only, in the time of those not
    // whole months; the others in the time of periods that are not whole days (alignedReads), as the SQLite model. A
    // period of one month or day takes its kept sums of them.
    const boundedRead = (grade: string, time: { readonly from: number; readonly to: number } | undefined): string[] =>
      time === undefined
        ? []
        : [
            `SELECT jurisdiction, key, at, value, since_at AS since, until_at AS until FROM ${s}.dashboard_facts
             WHERE ${grade} AND at >= ${num(time.from)} AND at < ${num(time.to)} AND left(key, 5) = ${str('rate\u001f')} AND ${place}`,
          ]
    const boundedReads = [
      ...boundedRead('aligned = 2', reads.months),
      ...boundedRead('aligned = 1', reads.days),
      ...boundedRead('(since_at IS NOT NULL OR until_at IS NOT NULL) AND aligned = 0', reads.any),
    ]
    const statements = [
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      `SELECT at, ms FROM ${s}.dashboard_latest WHERE name = ${str(name)}`,
      `SELECT place FROM ${places} AS t`,
      // Only the keys the figures are made of (counts and rate facts), as the SQLite model.
      `SELECT p.place, p.grain, p.bucket, p.key, p.n, p.sum FROM ${places} AS t JOIN ${s}.dashboard_periods AS p ON p.place = t.place WHERE (${inRanges})
       AND (${FIGURE_KEYS.map((k) => `(p.key >= ${str(`${k}\u001f`)} AND p.key < ${str(`${k}\u0020`)})`).join(' OR ')})`,
      `SELECT o.place, o.kind, sum(o.n) AS n FROM ${places} AS t JOIN ${s}.dashboard_overdue AS o ON o.place = t.place GROUP BY o.place, o.kind`,
      `SELECT jurisdiction, kind, count(*) AS n FROM ${s}.dashboard_deadlines
       WHERE deadline > ${watermark} - ${CLOSES_WITHIN_MS} AND deadline < ${num(asOf)} AND closes > ${watermark} AND closes <= ${num(asOf)} AND ${place} GROUP BY jurisdiction, kind`,
      // The late rounds closed since the watermark, by asOf; per own place only when a place below the scope is asked
      // (rankings), as the SQLite model.
      `SELECT ${perPlace ? 'jurisdiction' : `${str(root)} AS jurisdiction`}, floor((deadline + 28800000) / 86400000)::int AS day, kind, count(*) AS n FROM ${s}.dashboard_deadlines
       WHERE rated = 1 AND deadline < ${num(asOf)} AND closes <= ${num(asOf)} AND deadline >= ${num(plan.from)} AND deadline < ${num(plan.to)}
       AND deadline > ${watermark} - ${CLOSES_WITHIN_MS} AND closes > ${watermark} AND ${place} GROUP BY ${perPlace ? 'jurisdiction, ' : ''}day, kind`,
      boundedReads.length === 0 ? 'SELECT 1 WHERE false' : boundedReads.join(' UNION ALL '),
      // The periods of several whole months: the places' kept sums of the rate facts of alignment 2 by months made in
      // them, judged per period (as the SQLite model).
      plan.apart === undefined
        ? 'SELECT 1 WHERE false'
        : `SELECT a.place, a.month, a.key, a.since_month AS since, a.until_month AS until, a.n, a.sum FROM ${places} AS t
           JOIN ${s}.dashboard_months_apart AS a ON a.place = t.place
           WHERE a.month >= ${plan.apart.from} AND a.month < ${plan.apart.to} AND a.key >= ${str('rate\u001f')} AND a.key < ${str('rate\u0020')}`,
      // Those closed by the watermark: the places' kept counts of the plan's months and days (as the SQLite model).
      lateRanges.length === 0
        ? 'SELECT 1 WHERE false'
        : `SELECT l.place, l.grain, l.bucket, l.kind, sum(l.n) AS n FROM ${places} AS t JOIN ${s}.dashboard_late AS l ON l.place = t.place
           WHERE (${lateRanges.map((r) => `(l.grain = ${str(r.grain)} AND l.bucket >= ${r.from} AND l.bucket < ${r.to})`).join(' OR ')}) GROUP BY l.place, l.grain, l.bucket, l.kind`,
      'COMMIT',
    ]
    const results = await oneRoundTrip(home.pool, statements)
    const rows = <R>(i: number): R[] => (results[i]?.rows ?? []) as R[]
    const latest = rows<{ at: string; ms: number }>(1)[0]
    if (latest !== undefined && asOf < latest.ms) return undefined
    // The listed places in the order asked, then those found (bigint counts come back as text).
    const found = rows<{ place: string }>(2).map((r) => r.place)
    return figuresOf(
      query,
      plan,
      {
        places: [...new Set([...query.places, ...found.sort()])],
        periods: rows<{ place: string; grain: KeptGrain; bucket: number; key: string; n: string; sum: number }>(3).map((r) => ({ ...r, n: Number(r.n) })),
        overdueKept: rows<{ place: string; kind: DeadlineKind; n: string }>(4).map((r) => ({ ...r, n: Number(r.n) })),
        overdueRecent: rows<{ jurisdiction: string; kind: DeadlineKind; n: string }>(5).map((r) => ({ ...r, n: Number(r.n) })),
        late: rows<{ jurisdiction: string; day: number; kind: DeadlineKind; n: string }>(6).map((r) => ({ ...r, n: Number(r.n) })),
        bounded: rows<BoundedRow>(7),
        apart: rows<{ place: string; month: number; key: string; since: number; until: number; n: string; sum: number }>(8).map((r) => ({ ...r, n: Number(r.n) })),
        lateKept: rows<{ place: string; grain: KeptGrain; bucket: number; kind: DeadlineKind; n: string }>(9).map((r) => ({ ...r, n: Number(r.n) })),
      },
      latest?.at,
    )
  }

  const after = async <T>(work: () => Promise<T>): Promise<T> => {
    await ready
    return work()
  }

  return {
    name,
    checkpoint: () => after(() => loadCheckpoint(home.pool, home.schema, name)),
    apply: (events) =>
      after(async () => {
        const at = await applyAll(events)
        // A large batch (a rebuild, a catch-up) rewrites many rows at once, and until autovacuum's ANALYZE comes round
        // the planner plans the dashboard read on the old figures: measured right after a rebuild of 8,000 cases, it
        // took the running deadlines for a handful and fetched and sorted all of them for the overdue list instead of
        // walking `dashboard_deadlines_due` in order and stopping after the page (docs/scale.md). The read's tables are sampled again after such a batch (ANALYZE
        // reads a sample of 300 × default_statistics_target rows, outside the batch's transaction).
        if (events.length >= ANALYZE_AFTER) await buildPool(home).query(`ANALYZE ${READ_TABLES.map((t) => `${s}.${t}`).join(', ')}`)
        return at
      }),
    reset: () =>
      after(() =>
        inTransaction(buildPool(home), async (client) => {
          await lockCheckpoint(client, home.schema, name)
          await client.query(`TRUNCATE ${TABLES.map((t) => `${s}.${t}`).join(', ')}`)
          await client.query(`DELETE FROM ${s}.checkpoints WHERE name = $1`, [name])
        }),
      ),
    view: (query, lists) =>
      after(async () => {
        // Without asOf the view is as of the latest event, read before its snapshot: a batch committed in between makes
        // the snapshot's latest event later than that, and the read answers nothing ("before the latest event"). Read
        // again then (found in review): a few tries, then nothing, and the caller replays as for a past asOf.
        for (let tries = query.asOf === undefined ? 3 : 1; tries > 0; tries -= 1) {
          const view = await read(query, lists)
          if (view !== undefined) return view
        }
        return undefined
      }),
    figures: (query) => after(() => figuresRead(query)),
    running: (streamIds) =>
      after(async () => {
        const kept = new Map<string, KeptDeadline[]>()
        if (streamIds.length === 0) return kept
        const rows = await home.pool.query<{ stream_id: string; kind: string; set_at: number; deadline: number }>(
          `SELECT stream_id, kind, set_at, deadline FROM ${s}.dashboard_deadlines WHERE stream_id = ANY($1) ORDER BY stream_id, seq`,
          [streamIds],
        )
        for (const r of rows.rows) {
          const list = kept.get(r.stream_id) ?? []
          list.push({ kind: r.kind, from: r.set_at, deadline: r.deadline })
          kept.set(r.stream_id, list)
        }
        return kept
      }),
    close: async () => {
      await ready.catch(() => undefined)
    },
  }
}
