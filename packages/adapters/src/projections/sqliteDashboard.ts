import type { RecordedEvent } from '@gridcase/core'
import {
  boundedFact,
  caseFacts,
  currentRisk,
  exclusionOfFact,
  EXCLUSIONS_PAGE,
  dashboardFromTotals,
  OPEN_LATE_KEY,
  dashboardProjection,
  rollUp,
  rollUpPlaces,
  runningDeadlines,
  treeDepths,
  type CaseRow,
  type DashboardFact,
  type DashboardState,
  type FactTotal,
  DEADLINE_KINDS,
  DUE_SOON_SHARE,
  type DeadlineKind,
  type CountsByKind,
  type PlaceTotals,
  type UnitInfo,
  type LateCount,
} from '@gridcase/core/projections'
import { riskFiguresOf } from './riskRows.js'
import { deadlineClosesMs } from '@gridcase/core/calendar'
import { exclusionWalk, type ExclusionArm, type ExclusionWalk } from './exclusionPages.js'
import { CLOSES_WITHIN_MS, lateCounts, lateParts, lateRange, overdueFiguresOf, type DeadlineRow } from './overdueRows.js'
import { remindersOf, type RemindedRow } from './deadlineReminders.js'
import type Database from 'better-sqlite3'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { openDatabase, type OpenOptions } from '../sqlite/open.js'
import { rowBatches } from '../sqlite/rowBatches.js'
import { factDiff, sameFacts } from './factDiff.js'
import { foldedWrites } from './foldedWrites.js'
import { keptRows, lastKeys } from './keptRows.js'
import { ensureFormat } from './sqliteFormat.js'
import {
  ALIGNED_GRAIN,
  alignedReads,
  alignment,
  apartParts,
  countSpans,
  daysRange,
  dayOf,
  monthOfDay,
  periodParts,
  sameMonthReads,
  singleBucket,
  type ApartRead,
  type CompetitorRange,
  type KeptGrain,
  type Span,
  type TimeRange,
} from './periodBuckets.js'
import { alignedSums, inKeyOrder, pageSums, type AlignedSums, type MovedRow, type PageSums } from './pageSums.js'
import { listItems, type DashboardReadModel, type DashboardQuery, type DashboardReadOptions, type KeptDeadline } from './readModel.js'
import { FIGURE_KEYS, figuresOf, figuresPlan, withBounded, type FiguresAnswer, type FiguresQuery, type FiguresRows } from './assessmentFigures.js'
import type { SqliteApply } from './sqliteTogether.js'
import { statementCache } from './statementCache.js'

export interface SqliteDashboardOptions extends OpenOptions {
  /** Checkpoint name (default `dashboard-totals`). */
  readonly name?: string
}

// Not part of the event-store migrations: the tables may live in a read-model file of their own.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS dashboard_cases (stream_id TEXT PRIMARY KEY, summary TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS dashboard_facts (
  stream_id TEXT NOT NULL, key TEXT NOT NULL, jurisdiction TEXT NOT NULL, at REAL NOT NULL, value REAL NOT NULL, since_at REAL, until_at REAL,
  aligned INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS dashboard_facts_of_case ON dashboard_facts (stream_id, key);
CREATE INDEX IF NOT EXISTS dashboard_facts_by_time ON dashboard_facts (at);
-- The facts with a competitor (the 三率's callbacks and ratings, a case's once per period): out of the totals and the
-- sums of days and months, read one by one for a period of several buckets (a period of one month or day takes those
-- that count in it from dashboard_periods' grains month2 and day1: see ALIGNED_GRAIN in periodBuckets.ts).
CREATE INDEX IF NOT EXISTS dashboard_facts_bounded ON dashboard_facts (at) WHERE since_at IS NOT NULL OR until_at IS NOT NULL;
-- Of those, the ones that can count in periods of whole China months (aligned 2) or of whole China days only (1): see
-- alignment in periodBuckets.ts. A period of several whole months or days (a quarter's or a year's evaluation, a
-- ranking's, the trends') reads only those, by these: a fact of a lower alignment has its competitor inside such a period.
CREATE INDEX IF NOT EXISTS dashboard_facts_in_months ON dashboard_facts (at) WHERE aligned = 2;
CREATE INDEX IF NOT EXISTS dashboard_facts_in_days ON dashboard_facts (at) WHERE aligned = 1;
-- Of those of alignment 2, by their earlier and their later competitor's time: a period whose ends are not China
-- midnights or months' starts takes them from their kept sums by months (below) but for those with a competitor in the
-- month of its start or its end, which the months leave undecided and are read by these (apartParts in periodBuckets.ts).
CREATE INDEX IF NOT EXISTS dashboard_facts_apart_since ON dashboard_facts (since_at) WHERE aligned = 2;
CREATE INDEX IF NOT EXISTS dashboard_facts_apart_until ON dashboard_facts (until_at) WHERE aligned = 2;
-- Of those of alignment 1, likewise: a span of days that is not whole months reads those whose competitor in their own
-- month falls before its start or from its end, when that is a shorter range than its days (sameMonthReads).
CREATE INDEX IF NOT EXISTS dashboard_facts_near_since ON dashboard_facts (since_at) WHERE aligned = 1;
CREATE INDEX IF NOT EXISTS dashboard_facts_near_until ON dashboard_facts (until_at) WHERE aligned = 1;
-- Those of alignment 2 summed by place (every place above and at the case's own), their China month and their
-- competitors' (none: NO_SINCE_MONTH, NO_UNTIL_MONTH): a period of whole months (a quarter's, a year's evaluation) takes
-- the rows countsInMonths admits, not the facts one by one (periodBuckets.ts).
CREATE TABLE IF NOT EXISTS dashboard_months_apart (
  place TEXT NOT NULL, month INTEGER NOT NULL, key TEXT NOT NULL, since_month INTEGER NOT NULL, until_month INTEGER NOT NULL, n INTEGER NOT NULL,
  sum REAL NOT NULL, PRIMARY KEY (place, month, key, since_month, until_month)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dashboard_totals (
  place TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL, PRIMARY KEY (place, key)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dashboard_tree (
  depth INTEGER NOT NULL, place TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (depth, place, key)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dashboard_deadlines (
  stream_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, set_at REAL NOT NULL, deadline REAL NOT NULL, case_type TEXT NOT NULL,
  case_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, category TEXT NOT NULL, unit_id TEXT, rated INTEGER NOT NULL,
  remind_at REAL DEFAULT 0, closes REAL NOT NULL, PRIMARY KEY (stream_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS dashboard_overdue (
  place TEXT NOT NULL, unit_id TEXT NOT NULL, kind TEXT NOT NULL, rated INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (place, unit_id, kind, rated)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dashboard_deadlines_due ON dashboard_deadlines (deadline);
CREATE INDEX IF NOT EXISTS dashboard_deadlines_remind ON dashboard_deadlines (remind_at) WHERE remind_at IS NOT NULL;
-- The late rounds of a period (a view's, by kind and unit) or of a span of periods (rankings, trends: figures) read from
-- the index alone, not row by row. The unit is in it since the evaluation of a year was measured: 9,056 late rounds at
-- 100k cases, each looked up in the table for its unit (4.4 ms; 2.3 from the index alone). The index without it, as
-- builds before kept it, is dropped.
DROP INDEX IF EXISTS dashboard_deadlines_late;
CREATE INDEX IF NOT EXISTS dashboard_deadlines_late_units ON dashboard_deadlines (deadline, jurisdiction, kind, closes, unit_id) WHERE rated = 1;
-- The late rounds (rated running deadlines) closed by the watermark, counted as dashboard_overdue is, per place they roll
-- up into, China month and China day of the deadline (grain 'month' or 'day', bucket as dashboard_periods'), kind and
-- unit ('' for none): a period of China midnights takes its whole months' and days' counts, and reads one by one only
-- the rounds closed since the watermark (a year's evaluation read its 9,056 late rounds at 100k cases from the index).
CREATE TABLE IF NOT EXISTS dashboard_late (
  grain TEXT NOT NULL, place TEXT NOT NULL, bucket INTEGER NOT NULL, kind TEXT NOT NULL, unit_id TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (grain, place, bucket, kind, unit_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dashboard_units (id TEXT PRIMARY KEY, info TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS dashboard_risk (
  stream_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, category TEXT NOT NULL, grade TEXT NOT NULL, since REAL NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS dashboard_risk_open ON dashboard_risk (grade, since);
-- The facts' sums (those without a competitor) per place, China day, month and year (grain 'day', 'month', 'year'; bucket:
-- days since 1970-01-01, year × 12 + month − 1, the year), and of those with one per day and month (day1, month2: above).
CREATE TABLE IF NOT EXISTS dashboard_periods (
  grain TEXT NOT NULL, place TEXT NOT NULL, bucket INTEGER NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL,
  PRIMARY KEY (grain, place, bucket, key)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dashboard_latest (name TEXT PRIMARY KEY, at TEXT NOT NULL, ms REAL NOT NULL) STRICT;
-- An exclusion (考评申诉 approved) per place it rolls up into, with its China month and day (numbered as dashboard_periods'
-- buckets): a page of a period's exclusions in case-id order walks its months' and days' ranges by case id and merges
-- them, stopping after the page (exclusionWalk), not reading every exclusion of the period by time.
CREATE TABLE IF NOT EXISTS dashboard_exclusions (
  place TEXT NOT NULL, case_id TEXT NOT NULL, at REAL NOT NULL, month INTEGER NOT NULL, day INTEGER NOT NULL, ground TEXT NOT NULL, unit_id TEXT NOT NULL,
  PRIMARY KEY (place, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_time ON dashboard_exclusions (place, at);
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_month ON dashboard_exclusions (place, month, case_id);
CREATE INDEX IF NOT EXISTS dashboard_exclusions_by_day ON dashboard_exclusions (place, day, case_id);
CREATE TABLE IF NOT EXISTS dashboard_risk_counts (place TEXT NOT NULL, grade TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (place, grade)) STRICT, WITHOUT ROWID;
`

const TABLES = [
  'dashboard_cases', 'dashboard_facts', 'dashboard_totals', 'dashboard_tree', 'dashboard_deadlines', 'dashboard_units', 'dashboard_latest', 'dashboard_overdue',
  'dashboard_risk', 'dashboard_periods', 'dashboard_exclusions', 'dashboard_risk_counts', 'dashboard_months_apart', 'dashboard_late',
]
const ITEMS = 100
/** Each index range a page of exclusions merges (`exclusionWalk`), in case-id order from the cursor (a part of a day: sorted). */
const EXCLUSION_ARM: Record<ExclusionArm['by'], string> = {
  month: 'SELECT case_id, ground, unit_id FROM dashboard_exclusions INDEXED BY dashboard_exclusions_by_month WHERE place = ? AND month = ? AND case_id > ?',
  day: 'SELECT case_id, ground, unit_id FROM dashboard_exclusions INDEXED BY dashboard_exclusions_by_day WHERE place = ? AND day = ? AND case_id > ?',
  time: 'SELECT case_id, ground, unit_id FROM dashboard_exclusions INDEXED BY dashboard_exclusions_by_time WHERE place = ? AND at >= ? AND at < ? AND case_id > ?',
}
/** The partial index a one-by-one read of facts of alignment 2 (`apartParts`) walks, by the column it ranges on. */
const APART_INDEX: Record<ApartRead['by'], string> = { at: 'dashboard_facts_in_months', since: 'dashboard_facts_apart_since', until: 'dashboard_facts_apart_until' }
/** The same for facts of alignment 1 in a span of days (`sameMonthReads`). */
const NEAR_INDEX: Record<ApartRead['by'], string> = { at: 'dashboard_facts_in_days', since: 'dashboard_facts_near_since', until: 'dashboard_facts_near_until' }
/** Cases a dashboard keeps decoded between passes (the cases written most recently: see `keptRows`). */
const MAX_KEPT_CASES = 4096

const underPlace = (column: string, scope: string): { sql: string; params: string[] } =>
  scope === ''
    ? { sql: '1', params: [] }
    : { sql: `(${column} = ? OR (${column} >= ? AND ${column} < ?))`, params: [scope, `${scope}/`, `${scope}0`] }

// The fact an excluded case (考评申诉 approved) has: its rounds open past a deadline are not counted late.
const EXCLUDED_KEY = 'rate\u001fexcluded'

/** A running deadline as the overdue counts see it. */
interface OverdueRow {
  readonly kind: string
  readonly jurisdiction: string
  readonly unit_id: string | null
  /** 1 when, past due, it is a late round for 按期办结率: a complaint's acknowledgement, result or 报到, the case not excluded. */
  readonly rated: number
  /** When it closes (`deadlineClosesMs`): past due from then. */
  readonly closes?: number
  /** When it falls (its China month and day hold a late round's kept count). */
  readonly deadline: number
}

const depthOf = (place: string): number => (place === '' ? 0 : place.split('/').length)

/** A running deadline row as written (`dashboard_deadlines`). */
interface DeadlineWrite {
  readonly streamId: string
  readonly seq: number
  readonly kind: string
  readonly setAt: number
  /** When it falls, as shown (a day deadline: 23:59:59+08:00 of its day). */
  readonly deadline: number
  /** When it closes, exclusive: a day deadline at 24:00 China time, any other 1 ms after it (core's `deadlineClosesMs`). */
  readonly closes: number
  readonly caseType: string
  readonly caseId: string
  readonly jurisdiction: string
  readonly category: string
  readonly unitId: string | null
  readonly rated: number
}

/** Whether a running deadline, once past, counts as a late round (按期办结率): a complaint's acknowledgement, result or 报到. */
export const ratedDeadline = (caseType: string, kind: string, excluded: boolean): number =>
  caseType === 'complaint' && kind in OPEN_LATE_KEY && !excluded ? 1 : 0

/**
 * 一屏统览 in SQLite: per case its compact summary, facts and running deadlines; per (key, place) the
 * facts' totals, moved by the difference each batch makes. A dashboard at or after the latest event is
 * read from the totals (no period) or the facts in the period, and the running deadlines: never from
 * every case. An earlier `asOf` is not answered here (`view` gives undefined): it needs the history.
 */
export const sqliteDashboard = (dbOrPath: Database.Database | string, options: SqliteDashboardOptions = {}): DashboardReadModel & SqliteApply => {
  const owned = typeof dbOrPath === 'string'
  // synchronous=NORMAL unless asked otherwise: a read model is rebuilt from the log, and in WAL mode a commit lost
  // to a power cut takes its checkpoint with it (the two are one transaction), so the events are applied again.
  const db = typeof dbOrPath === 'string' ? openDatabase(dbOrPath, { synchronous: 'normal', ...options }) : dbOrPath
  const name = options.name ?? 'dashboard-totals'
  const checkpoints = sqliteCheckpoints(db)
  // Bump when the tables or what they hold change: an older model is dropped and rebuilt, not misread.
  // /4: facts for 现场办结, 报到 (arrivals) and 以下评上: a file kept in /3 is rebuilt so old summonses count too.
  // /5: overdue counts kept (dashboard_overdue, and whether each running deadline is a late round: `rated`).
  // /6: the open disputes' risk grades (dashboard_risk).
  // /7: when the deadline scheduler next looks at each running deadline (`remind_at`, its partial index).
  // /8: a referral ends the 受理 clock, and a 信访 complaint referred before dispatch keeps its handling deadline (a clock).
  // /9: the facts' sums per China day and month (dashboard_periods), for the periods of trends and rankings.
  // /10: exclusions (考评申诉) in their own table, not one totals key per case; open disputes per grade counted per place;
  // a kept count moved back to 0 is deleted.
  // /11: a dispute's deadlines carry the unit that answers for them (mediation: the committee it is routed to; receipt:
  // that committee's centre), and the committees and centres are units: a file kept in /10 is rebuilt so they count.
  // /12: a 报到 ends with its round (退单, 重办), a 签收 never given is late for good once its round has a result, a
  // re-based deadline keeps its 临期 window (the summaries, facts and running deadlines all change): rebuilt.
  // /13: a dispute's overall mediation outcome, one per dispute (`outcome␟agreed|failed`: its final conclusion), and the
  // court's acceptances of 司法确认 (`confirmation␟accepted`, summaries carrying them): a file kept in /12 is rebuilt.
  // /14: a day deadline closes at 24:00 China time (core's `deadlineClosesMs`): each running deadline keeps when it closes
  // (`closes`), and the overdue counts kept are those closed by the watermark: a file kept in /13 is rebuilt.
  // /15: a failed referral resumes the accept clock it stopped (the summaries and running deadlines change): rebuilt.
  // /16: the time a mediation took is summed in whole milliseconds (`concludedMs`), not days as fractions: sums kept in
  // /15 differ in the last bits by how the history was paged, and are rebuilt.
  // /17: a case excluded after a 考评申诉 has no resolution level fact (`level␟…`): it leaves the resolution level share as
  // every other denominator; a file kept in /16 still counts the excluded cases' levels, and is rebuilt.
  // /18: an escalated (上报) round's result deadline is the unit it was escalated to (summaries carry `leadUnitId`), and a
  // round returned (退单) after a deadline passed keeps that deadline due (its facts change): a file kept in /17 is rebuilt.
  // /19: a period's 三率 are made of the callbacks made in it (a case's callbacks and ratings carry their competitors'
  // times, `since_at` / `until_at`, and are kept out of the totals and sums): a file kept in /18 is rebuilt.
  // /20: a dispatch deadline (派单时限, kind `dispatch`) runs from acceptance and each 退单 until the dispatch (summaries
  // carry its clock; running deadlines, overdue counts and reminders gain it): a file kept in /19 is rebuilt.
  // /21: a refusal (不予受理) runs the 司法确认 window again (a confirmation deadline row, the scheduler's and the overdue
  // list's), ended by mediation again, a transfer or litigation: a file kept in /20 is rebuilt.
  // /22: the facts with a competitor keep their alignment (`aligned`, not `in_months`): a file kept in /21 is rebuilt.
  // /23: the facts with a competitor of alignment 2 are summed in their China month too (grain month2), of 1 or 2 in
  // their day (day1), for the periods of one bucket: a file kept in /22 has no such sums, and is rebuilt.
  // /24: a dispute's overall outcome counts in a period as of the period's end, in the period of its conclusion: each
  // conclusion's `outcome␟…` fact carries `until_at` (the dispute mediating or concluded again; read per period as the
  // 三率's are), and `outcomeGap␟…` facts take off a span before the outcome came back: a file kept in /23 held one
  // unbounded outcome per dispute, its final one, and is rebuilt.
  // /25: the facts with a competitor of alignment 2 are summed by their China month and their competitors' months
  // (dashboard_months_apart), for the periods of whole months: a file kept in /24 has no such sums, and is rebuilt.
  // /26: the late rounds closed by the watermark are counted per place, China month and day of the deadline, kind and unit
  // (dashboard_late), as the overdue counts are: a file kept in /25 (the sums by months apart, main's build before) or
  // before has no such counts, and is rebuilt — kept in /25 its table opened empty and a period lost those late rounds.
  // /27: the facts' sums per China year too (dashboard_periods grain `year`, bucket the year), read for a period's whole
  // years and most of a year (`countSpans`): a file kept in /26 has no year rows, and is rebuilt.
  // /28: each exclusion keeps its China month and day (dashboard_exclusions.month, .day, and their indexes by case id),
  // for a period's page walked by its months and days: a file kept in /27 has no such columns, and is rebuilt.
  // (The indexes of the facts of alignment 2 by their competitors' times, dashboard_facts_apart_since and _until, are
  // made at open too: the schema runs each time.)
  // /29: an excluded case's 重办 are facts again (its `reopenings`, on the unit's record as its 退单 are): a file kept in /28
  // or before lacks them, and is rebuilt.
  // /32: the court's 3 days to accept of an application recorded after its filedOn are kept with their 临期 window from
  // that day (the case summary's clock): a file kept in /31 has it from the recording, and is rebuilt.
  // /33: a merged duplicate's approved 考评申诉 is no exclusion row (it counts nothing, and was not counted as excluded): a
  // file kept in /32 lists it, and is rebuilt.
  // /34: the 司法确认 window of an application recorded after its filedOn stops on that day (the case summary's clock: an
  // as-of read between filing and recording no longer has it overdue): a file kept in /33 ran it to the recording, and is
  // rebuilt.
  ensureFormat(db, name, 'gridcase-dashboard-totals/34', TABLES, SCHEMA, () => checkpoints.reset(name))

  const selectSummary = db.prepare<[string], { summary: string }>('SELECT summary FROM dashboard_cases WHERE stream_id = ?')
  const upsertSummary = db.prepare<[string, string]>(
    'INSERT INTO dashboard_cases (stream_id, summary) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET summary = excluded.summary',
  )
  const deleteFact = db.prepare<[string, string, number, number, number | null, number | null]>(
    'DELETE FROM dashboard_facts WHERE rowid = (SELECT rowid FROM dashboard_facts WHERE stream_id = ? AND key = ? AND at = ? AND value = ? AND since_at IS ? AND until_at IS ? LIMIT 1)',
  )
  // The kept sums a page moved, written 16 rows per statement; then the rows moved down (or by their sum alone), which
  // may be back at 0, are deleted if they are, 16 keys per statement. A row moved up cannot be at 0: a kept n counts facts
  // and is never below 0.
  const addTotals = rowBatches<[string, string, number, number]>(db, 'INSERT INTO dashboard_totals (place, key, n, sum)', 4, 'ON CONFLICT (place, key) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum')
  const dropTotals = rowBatches<[string, string]>(db, 'DELETE FROM dashboard_totals WHERE n = 0 AND (place, key) IN (', 2, ')')
  const addTreeCounts = rowBatches<[number, string, string, number]>(db, 'INSERT INTO dashboard_tree (depth, place, key, n)', 4, 'ON CONFLICT (depth, place, key) DO UPDATE SET n = n + excluded.n')
  const dropTreeCounts = rowBatches<[number, string, string]>(db, 'DELETE FROM dashboard_tree WHERE n = 0 AND (depth, place, key) IN (', 3, ')')
  const addPeriods = rowBatches<[string, string, number, string, number, number]>(
    db,
    'INSERT INTO dashboard_periods (grain, place, bucket, key, n, sum)',
    6,
    'ON CONFLICT (grain, place, bucket, key) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum',
  )
  const dropPeriods = rowBatches<[string, string, number, string]>(db, 'DELETE FROM dashboard_periods WHERE n = 0 AND (grain, place, bucket, key) IN (', 4, ')')
  const addApart = rowBatches<[string, number, string, number, number, number, number]>(
    db,
    'INSERT INTO dashboard_months_apart (place, month, key, since_month, until_month, n, sum)',
    7,
    'ON CONFLICT (place, month, key, since_month, until_month) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum',
  )
  const dropApart = rowBatches<[string, number, string, number, number]>(
    db,
    'DELETE FROM dashboard_months_apart WHERE n = 0 AND (place, month, key, since_month, until_month) IN (',
    5,
    ')',
  )
  const insertFacts = rowBatches<[string, string, string, number, number, number | null, number | null, number]>(
    db,
    'INSERT INTO dashboard_facts (stream_id, key, jurisdiction, at, value, since_at, until_at, aligned)',
    8,
  )
  const batches = [addTotals, dropTotals, addTreeCounts, dropTreeCounts, addPeriods, dropPeriods, addApart, dropApart, insertFacts]
  const dropDeadlines = db.prepare<[string]>('DELETE FROM dashboard_deadlines WHERE stream_id = ?')
  const remindersOfCase = db.prepare<[string], RemindedRow>(
    'SELECT stream_id, kind, deadline, set_at, remind_at FROM dashboard_deadlines WHERE stream_id = ?',
  )
  const insertDeadline = db.prepare(
    `INSERT INTO dashboard_deadlines (stream_id, seq, kind, set_at, deadline, closes, case_type, case_id, jurisdiction, category, unit_id, rated, remind_at)
     VALUES (@streamId, @seq, @kind, @setAt, @deadline, @closes, @caseType, @caseId, @jurisdiction, @category, @unitId, @rated, @remindAt)`,
  )
  // Past due at a time: closed by it (a day deadline at 24:00, `closes`). A deadline closes at most a second after it
  // falls: the range on `deadline` (its index) bounds the rows looked at.
  const pastOfCase = db.prepare<[string, number], OverdueRow>('SELECT kind, jurisdiction, unit_id, rated, deadline FROM dashboard_deadlines WHERE stream_id = ? AND closes <= ?')
  const fallenDue = db.prepare<{ from: number; to: number }, OverdueRow & { stream_id: string }>(
    `SELECT stream_id, kind, jurisdiction, unit_id, rated, deadline FROM dashboard_deadlines
     WHERE deadline > @from - ${CLOSES_WITHIN_MS} AND deadline < @to AND closes > @from AND closes <= @to`,
  )
  const addOverdue = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO dashboard_overdue (place, unit_id, kind, rated, n) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (place, unit_id, kind, rated) DO UPDATE SET n = n + excluded.n RETURNING n`,
  )
  const dropOverdue = db.prepare<[string, string, string, number]>('DELETE FROM dashboard_overdue WHERE place = ? AND unit_id = ? AND kind = ? AND rated = ? AND n = 0')
  const addLate = db.prepare<[string, string, number, string, string, number]>(
    `INSERT INTO dashboard_late (grain, place, bucket, kind, unit_id, n) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (grain, place, bucket, kind, unit_id) DO UPDATE SET n = n + excluded.n RETURNING n`,
  )
  const dropLate = db.prepare<[string, string, number, string, string]>('DELETE FROM dashboard_late WHERE grain = ? AND place = ? AND bucket = ? AND kind = ? AND unit_id = ? AND n = 0')
  const dropRisk = db.prepare<[string]>('DELETE FROM dashboard_risk WHERE stream_id = ?')
  const insertRisk = db.prepare<[string, string, string, string, string, number]>(
    'INSERT INTO dashboard_risk (stream_id, case_id, jurisdiction, category, grade, since) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const putExclusion = db.prepare<[string, string, number, number, number, string, string]>(
    `INSERT INTO dashboard_exclusions (place, case_id, at, month, day, ground, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (place, case_id) DO UPDATE SET at = excluded.at, month = excluded.month, day = excluded.day, ground = excluded.ground, unit_id = excluded.unit_id`,
  )
  const dropExclusion = db.prepare<[string, string]>('DELETE FROM dashboard_exclusions WHERE place = ? AND case_id = ?')
  const addRiskCount = db.prepare<[string, string, number]>(
    'INSERT INTO dashboard_risk_counts (place, grade, n) VALUES (?, ?, ?) ON CONFLICT (place, grade) DO UPDATE SET n = n + excluded.n RETURNING n',
  )
  const dropRiskCount = db.prepare<[string, string]>('DELETE FROM dashboard_risk_counts WHERE place = ? AND grade = ? AND n = 0')
  // A kept count moved back to 0 leaves its table (its sum with it: no fact is left to sum): the rows a read takes are
  // the keys that count now, not every key that ever counted (which a history's batching would decide).
  const returnedZero = (row: unknown): boolean => (row as { n?: number } | undefined)?.n === 0
  const insertUnit = db.prepare<[string, string]>('INSERT OR IGNORE INTO dashboard_units (id, info) VALUES (?, ?)')
  const selectUnits = db.prepare<[], { info: string }>('SELECT info FROM dashboard_units')
  const selectLatest = db.prepare<[string], { at: string; ms: number }>('SELECT at, ms FROM dashboard_latest WHERE name = ?')
  const saveLatest = db.prepare<[string, string, number]>(
    'INSERT INTO dashboard_latest (name, at, ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at, ms = excluded.ms',
  )

  const unitsNow = (): Map<string, UnitInfo> => new Map(selectUnits.all().map((r) => JSON.parse(r.info) as UnitInfo).map((u) => [u.id, u]))

  /** What a case wrote last (its facts, running deadlines and risk row), compared with what it writes now. */
  interface Written {
    readonly facts: readonly DashboardFact[]
    readonly deadlines: readonly DeadlineWrite[]
    /** The deadlines and the risk row as text: equal text, nothing to rewrite. */
    readonly deadlinesText: string
    readonly riskText: string
    /** The summary as stored (undefined: the case is new to the model); written again only when it changed. */
    readonly summaryText?: string
  }
  /**
   * What the next pass compares a case with (kept, or read back): its deadlines as text alone (only the text is compared;
   * the deadlines written are those of the pass that writes them).
   */
  type Compared = Omit<Written, 'deadlines'>
  /** What a case wrote, with its summary as stored, as kept for the next pass. */
  type Stored = Compared & { readonly summaryText: string }
  // The cases this connection wrote last (what `foldInto` would read back and decode): see `keptRows`.
  const kept = keptRows<Stored>(db, MAX_KEPT_CASES)
  const writtenOf = (summary: CaseRow | undefined): Written => {
    if (summary === undefined) return { facts: [], deadlines: [], deadlinesText: '[]', riskText: '' }
    const facts = caseFacts(summary).filter((f) => Number.isFinite(f.at))
    const excluded = facts.some((f) => f.key === EXCLUDED_KEY)
    const deadlines: DeadlineWrite[] = []
    for (const [seq, d] of runningDeadlines(summary).entries()) {
      if (!Number.isFinite(d.deadline) || !Number.isFinite(d.from)) continue
      deadlines.push({
        streamId: '',
        seq,
        kind: d.kind,
        setAt: d.from,
        deadline: d.deadline,
        closes: deadlineClosesMs(d.deadline, d.hours),
        caseType: summary.caseType,
        caseId: summary.caseId,
        jurisdiction: summary.jurisdiction,
        category: summary.category,
        unitId: d.unitId ?? null,
        rated: ratedDeadline(summary.caseType, d.kind, excluded),
      })
    }
    const risk = summary.caseType === 'dispute' ? currentRisk(summary) : undefined
    const riskText = risk === undefined ? '' : JSON.stringify([summary.caseId, summary.jurisdiction, summary.category, risk.grade, risk.since])
    return { facts, deadlines, deadlinesText: JSON.stringify(deadlines), riskText }
  }

  /** Writes the difference between a case's facts before and now: the facts added and taken away, and the sums they move. */
  const moveFacts = (streamId: string, jurisdiction: string, beforeFacts: readonly DashboardFact[], nowFacts: readonly DashboardFact[], sums: PageSums, aligned: AlignedSums): void => {
    // Moved by (key, place, China day): the totals, and the day's and month's sums. An exclusion is a row of its own at
    // each place it rolls up into (a page of them is read by case id), not a totals key per case.
    const move = (f: DashboardFact, sign: 1 | -1): void => {
      // A fact with a competitor counts in no total (all time) and in a period only without it: read from the facts, and
      // summed for the periods of one bucket it always counts in (its day, or its month too: `alignedSums`).
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
        if (sign === 1) putExclusion.run(place, exclusion.caseId, exclusion.at, monthOfDay(dayOf(exclusion.at)), dayOf(exclusion.at), exclusion.ground, exclusion.unitId)
        else dropExclusion.run(place, exclusion.caseId)
      }
    }
    // Only the difference is written: most events add a fact or two to a case and take none away. A case new to the
    // model (most of them, in a catch-up) has nothing to compare with.
    const { added, gone } = factDiff(beforeFacts, nowFacts)
    // (No fact a page adds is deleted in the same page: each case is written once per page.)
    for (const f of added) insertFacts.add(streamId, f.key, jurisdiction, f.at, f.value, f.since ?? null, f.until ?? null, boundedFact(f) ? alignment(f) : 0)
    // Taken away before added: an exclusion moved in time is dropped, then written again.
    for (const f of gone) {
      deleteFact.run(streamId, f.key, f.at, f.value, f.since ?? null, f.until ?? null)
      move(f, -1)
    }
    for (const f of added) move(f, 1)
  }

  /** Writes a case's changes; true when its running deadlines were rewritten (then their overdue counts move). */
  const write = (
    streamId: string,
    before: Compared,
    summary: CaseRow,
    sums: PageSums,
    aligned: AlignedSums,
    written: OverdueRow[],
    dueBefore: number,
    keep: Map<string, Stored> | undefined,
  ): boolean => {
    const now = writtenOf(summary)
    const { jurisdiction } = summary
    // Most events (a note, an urging) leave a case's facts as they were, in the same order: nothing to compare by id.
    const factsSame = sameFacts(before.facts, now.facts)
    if (!factsSame) moveFacts(streamId, jurisdiction, before.facts, now.facts, sums, aligned)
    // Most events (a note, an urging) leave the summary as it was: the row is not written again for nothing.
    const summaryText = JSON.stringify(summary)
    if (summaryText !== before.summaryText) upsertSummary.run(streamId, summaryText)
    // A kept row lives until the case's next event, long enough to be promoted to V8's old generation: what equals what
    // was kept before (most of it, for most events) is kept as that, already old, and the new copies die young.
    keep?.set(streamId, {
      facts: factsSame ? before.facts : now.facts,
      deadlinesText: now.deadlinesText === before.deadlinesText ? before.deadlinesText : now.deadlinesText,
      riskText: now.riskText === before.riskText ? before.riskText : now.riskText,
      summaryText: summaryText === before.summaryText ? before.summaryText : summaryText,
    })
    // 风险等级 of an open dispute, as core's `currentRisk` reads the row: written in this batch's transaction (only
    // when it changed: most events leave a case's grade as it was).
    if (now.riskText !== before.riskText) {
      dropRisk.run(streamId)
      const risk = summary.caseType === 'dispute' ? currentRisk(summary) : undefined
      if (risk !== undefined) insertRisk.run(streamId, summary.caseId, jurisdiction, summary.category, risk.grade, risk.since)
      // The open disputes per grade, counted at every place (a read takes its place's three rows, not every dispute).
      const was = before.riskText === '' ? undefined : (JSON.parse(before.riskText) as [string, string, string, string, number])
      if (was !== undefined) riskCounts.move(was[1], was[3], -1)
      if (risk !== undefined) riskCounts.move(jurisdiction, risk.grade, 1)
    }
    // Running deadlines the batch left as they were stay, with their overdue counts (the watermark's move counts them
    // as it counts every case's); changed ones leave the counts with their old rows and come back with the new.
    if (now.deadlinesText === before.deadlinesText) return false
    overdue.move(pastOfCase.all(streamId, dueBefore), -1)
    // The deadline scheduler's progress on a deadline written again unchanged is kept (`remind_at`): its fired
    // reminders are not read again; a new or moved deadline starts at 0 (looked at by the next pass).
    const reminded = remindersOf(remindersOfCase.all(streamId))
    dropDeadlines.run(streamId)
    for (const d of now.deadlines) {
      written.push({ kind: d.kind, jurisdiction: d.jurisdiction, unit_id: d.unitId, rated: d.rated, closes: d.closes, deadline: d.deadline })
      insertDeadline.run({ ...d, streamId, remindAt: reminded(streamId, d.kind, d.deadline, d.setAt) })
    }
    return true
  }

  // 超期 counts kept, not counted on read: every running deadline that fell due before the watermark (the time of the
  // latest event, which every answer is at or after) is counted at each place it rolls up into, by unit, kind and
  // whether it is a late round for 按期办结率. A read adds only the deadlines falling due between the watermark and
  // its asOf (an index range: the minutes since the last event), so it does not grow with the overdue cases.
  // The late rounds among them (rated) are counted again per China month and day of their deadline (`lateCounts`): the
  // same rows join and leave both counts.
  const overdue = {
    deltas: new Map<string, { place: string; unit: string; kind: string; rated: number; n: number }>(),
    late: lateCounts(),
    move(rows: readonly OverdueRow[], sign: 1 | -1): void {
      for (const r of rows) {
        for (const place of rollUpPlaces(r.jurisdiction)) {
          const id = `${place}\u001e${r.unit_id ?? ''}\u001e${r.kind}\u001e${r.rated}`
          const d = this.deltas.get(id) ?? { place, unit: r.unit_id ?? '', kind: r.kind, rated: r.rated, n: 0 }
          d.n += sign
          this.deltas.set(id, d)
          if (r.rated === 1) this.late.move(place, r.deadline, r.kind, r.unit_id, sign)
        }
      }
    },
    flush(): void {
      for (const d of this.deltas.values()) if (d.n !== 0 && returnedZero(addOverdue.get(d.place, d.unit, d.kind, d.rated, d.n))) dropOverdue.run(d.place, d.unit, d.kind, d.rated)
      this.deltas.clear()
      for (const d of this.late.moved()) if (returnedZero(addLate.get(d.grain, d.place, d.bucket, d.kind, d.unit, d.n))) dropLate.run(d.grain, d.place, d.bucket, d.kind, d.unit)
      this.late.clear()
    },
  }

  const riskCounts = {
    deltas: new Map<string, { place: string; grade: string; n: number }>(),
    move(jurisdiction: string, grade: string, sign: 1 | -1): void {
      for (const place of rollUpPlaces(jurisdiction)) {
        const id = `${place}\u001e${grade}`
        const d = this.deltas.get(id) ?? { place, grade, n: 0 }
        d.n += sign
        this.deltas.set(id, d)
      }
    },
    flush(): void {
      for (const d of this.deltas.values()) if (d.n !== 0 && returnedZero(addRiskCount.get(d.place, d.grade, d.n))) dropRiskCount.run(d.place, d.grade)
      this.deltas.clear()
    },
  }

  /** Events folded in memory and not yet written: one page, or several pages of a catch-up (`fold`, `flush`). */
  interface Folded {
    /** The checkpoint the fold started from: written only if it is still the stored one. */
    readonly at: number
    readonly latest: { at: string; ms: number } | undefined
    readonly known: ReadonlySet<string>
    readonly state: DashboardState
    /** What each case touched had written before the fold (its summary as stored, decoded). */
    readonly before: Map<string, Compared>
  }
  const begin = (): Folded => {
    const at = checkpoints.load(name) ?? -1
    kept.settle(at)
    const latest = selectLatest.get(name)
    const units = unitsNow()
    const known = new Set(units.keys())
    const state: DashboardState = {
      cases: new Map(),
      units,
      position: at,
      lastAt: latest?.at,
      lastAtMs: latest?.ms ?? Number.NEGATIVE_INFINITY,
      names: new Map(),
    }
    return { at, latest, known, state, before: new Map() }
  }
  const foldInto = ({ state, before }: Folded, events: readonly RecordedEvent[]): void => {
    for (const event of events) {
      if (event.position <= state.position) continue
      const was = before.get(event.streamId)
      if (was !== undefined) {
        // Kept in the order of each case's latest event (the last are kept decoded after the write: `writeFolded`).
        before.delete(event.streamId)
        before.set(event.streamId, was)
      } else {
        // A stream's first event (version 0) opens it: nothing is stored for it yet (see `foldCaseEvent`).
        const known = event.version === 0 ? undefined : kept.get(event.streamId)
        const row = event.version === 0 || known !== undefined ? undefined : selectSummary.get(event.streamId)
        const text = known?.summaryText ?? row?.summary
        // Decoded afresh (apply changes the summary in place), what was written kept as it was.
        const summary = text === undefined ? undefined : (JSON.parse(text) as CaseRow)
        if (summary !== undefined) state.cases.set(event.streamId, summary)
        // Taken now: apply may change the summary in place.
        before.set(event.streamId, known ?? (row === undefined ? writtenOf(summary) : { ...writtenOf(summary), summaryText: row.summary }))
      }
      dashboardProjection.apply(state, event)
    }
  }
  /** Writes what was folded (each case touched once, whatever the number of its events) and moves the checkpoint. */
  const writeFolded = ({ at, latest, known, state, before }: Folded): number => {
    // What an earlier page that failed midway had gathered was rolled back with it: not flushed into this one.
    overdue.deltas.clear()
    overdue.late.clear()
    riskCounts.deltas.clear()
    for (const b of batches) b.clear()
    const { units } = state
    const sums = pageSums()
    const aligned = alignedSums()
    const dueBefore = latest?.ms ?? Number.NEGATIVE_INFINITY
    const dueNow = state.lastAt === undefined ? dueBefore : state.lastAtMs
    const written: OverdueRow[] = []
    const rewritten = new Set<string>()
    // The cases whose latest event came last are kept decoded for the next pass (a catch-up's next fold meets them first).
    // Only cases with a summary are written (not the erasures' stream): a pass of MAX_KEPT_CASES streams and one without
    // keeps them all.
    const touched = [...before.keys()]
    const keepOrder = lastKeys(touched.filter((id) => state.cases.has(id)), MAX_KEPT_CASES)
    const keepIds = new Set(keepOrder)
    const keep = new Map<string, Stored>()
    // In stream order, the key of the case tables and of the facts' index: each B-tree page is visited once.
    for (const streamId of inKeyOrder(before.keys())) {
      const was = before.get(streamId)
      const summary = state.cases.get(streamId)
      if (was === undefined || summary === undefined) continue
      if (write(streamId, was, summary, sums, aligned, written, dueBefore, keepIds.has(streamId) ? keep : undefined)) rewritten.add(streamId)
    }
    // The facts of every case written before anything else is (as one statement per fact would have them).
    insertFacts.flush()
    // The watermark moves to the batch's latest event: the rewritten cases' deadlines due before it, and every other
    // case's falling due since the last watermark, join the counts.
    overdue.move(written.filter((r) => (r.closes ?? Number.POSITIVE_INFINITY) <= dueNow), 1)
    if (dueNow > dueBefore) overdue.move(fallenDue.all({ from: dueBefore, to: dueNow }).filter((r) => !rewritten.has(r.stream_id)), 1)
    overdue.flush()
    riskCounts.flush()
    // Totals are kept at every place a case rolls up into: a dashboard reads its own place's rows, never every case's.
    // Summed per row over the page first (`pageSums`): every case of a street moves the street's and the district's rows,
    // and each row is written once per page however many cases moved it. The same for the China day's and month's sums.
    // A row summed back to zero is deleted (how many zero rows stay must not depend on how the history was paged).
    // Rows moved down are looked at again once every row is written (their deletes wait for their upserts).
    const down: (() => void)[] = []
    const keptRow: MovedRow = (grain, place, bucket, key, n, sum) => {
      if (n === 0 && sum === 0) return
      if (grain !== 'total') {
        addPeriods.add(grain, place, bucket, key, n, sum)
        if (n <= 0) down.push(() => dropPeriods.add(grain, place, bucket, key))
      } else {
        addTotals.add(place, key, n, sum)
        if (n <= 0) down.push(() => dropTotals.add(place, key))
        // The counts tree reads its nodes level by level: by depth, then place, then key.
        if (place !== '' && n !== 0 && key.startsWith('count\u001f')) {
          const depth = depthOf(place)
          addTreeCounts.add(depth, place, key, n)
          if (n < 0) down.push(() => dropTreeCounts.add(depth, place, key))
        }
      }
    }
    sums.forEachRow(keptRow)
    // The sums of the facts with a competitor per day (day1) and month (month2): period rows as any other.
    aligned.forEachRow(keptRow)
    // Those of alignment 2 by their months (a fact given a new competitor leaves with its old months, comes with its new).
    aligned.forEachApartRow((place, m, key, n, sum) => {
      if (n === 0 && sum === 0) return
      addApart.add(place, m.month, key, m.since, m.until, n, sum)
      if (n <= 0) down.push(() => dropApart.add(place, m.month, key, m.since, m.until))
    })
    for (const b of [addTotals, addTreeCounts, addPeriods, addApart]) b.flush()
    for (const drop of down) drop()
    for (const b of batches) b.flush()
    for (const [id, unit] of units) if (!known.has(id)) insertUnit.run(id, JSON.stringify(unit))
    if (state.lastAt !== undefined && state.lastAtMs !== latest?.ms) saveLatest.run(name, state.lastAt, state.lastAtMs)
    if (state.position > at) checkpoints.save(name, state.position)
    const rows = new Map<string, Stored>()
    for (const streamId of keepOrder) {
      const row = keep.get(streamId)
      if (row !== undefined) rows.set(streamId, row)
    }
    kept.wrote(rows, touched, state.position)
    return state.position
  }
  // One transaction: the cases this batch changed, the totals they moved, and the checkpoint.
  const applyRows = (events: readonly RecordedEvent[]): number => {
    const folded = begin()
    foldInto(folded, events)
    return writeFolded(folded)
  }
  const applyAll = db.transaction(applyRows)
  // A catch-up's pages folded before one write (`ReadModel.fold`): outside a transaction, as a read; written only if no
  // one moved the checkpoint meanwhile (else dropped, and the runner reads again from the checkpoint).
  const folds = foldedWrites(db, () => checkpoints.load(name) ?? -1, begin, foldInto, writeFolded, () => kept.forget())
  const resetAll = db.transaction(() => {
    kept.forget()
    db.exec('DELETE FROM dashboard_cases; DELETE FROM dashboard_facts; DELETE FROM dashboard_totals; DELETE FROM dashboard_tree; DELETE FROM dashboard_deadlines; DELETE FROM dashboard_units; DELETE FROM dashboard_overdue; DELETE FROM dashboard_risk; DELETE FROM dashboard_periods; DELETE FROM dashboard_exclusions; DELETE FROM dashboard_risk_counts; DELETE FROM dashboard_months_apart; DELETE FROM dashboard_late')
    db.prepare('DELETE FROM dashboard_latest WHERE name = ?').run(name)
    checkpoints.reset(name)
  })

  const prepared = statementCache(db)

  /**
   * A period's totals from the kept sums of its whole months and days: the scope's rows of each span and, for the
   * counts tree, the rows of each place of the tree (the places the kept counts tree names, each looked up by its key;
   * a span of most of a month's days as the month less its other days: `countSpans`).
   * Index ranges over places and buckets, never over cases. The same figures as summing the period's facts (`rollUp`).
   * A period of one bucket (`single`) adds that bucket's sums of the facts with a competitor (`ALIGNED_GRAIN`).
   */
  const periodTotals = (spans: readonly Span[], scope: string, tree: { readonly min: number; readonly max: number }, single: Span | undefined): PlaceTotals => {
    const atScope = new Map<string, FactTotal>()
    const atNodes = new Map<string, FactTotal>()
    const add = (into: Map<string, FactTotal>, id: string, row: FactTotal): void => {
      const known = into.get(id)
      into.set(id, known === undefined ? row : { key: row.key, jurisdiction: row.jurisdiction, n: known.n + row.n, sum: known.sum + row.sum })
    }
    const treePlace = underPlace('place', scope)
    const scoped = prepared('SELECT key, sum(n) AS n, total(sum) AS sum FROM dashboard_periods WHERE grain = ? AND place = ? AND bucket >= ? AND bucket < ? GROUP BY key')
    const scopeRows = (grain: KeptGrain, from: number, to: number, sign: 1 | -1): void => {
      for (const r of scoped.all(grain, scope, from, to) as { key: string; n: number; sum: number }[]) add(atScope, r.key, { key: r.key, jurisdiction: scope, n: sign * r.n, sum: sign * r.sum })
    }
    // A period of one month or day: its facts with a competitor that count in it are that bucket's sums of them (rate
    // facts, never counts: the tree has none of them).
    if (single !== undefined) scopeRows(ALIGNED_GRAIN[single.grain], single.from, single.to, 1)
    // A span of most of a month's days as the month's rows less its other days' (`countSpans`), the scope's and the
    // counts tree's alike: every kept n and sum is a whole number (counts, and milliseconds: core's `concludedMs`), so
    // exact under subtraction (the year from 10:00 read 30 days of January at the scope and at every place of the tree).
    const signed = countSpans(spans)
    for (const span of signed) scopeRows(span.grain, span.from, span.to, span.sign)
    for (const span of signed) {
      // Level by level (an equality on the depth keeps the place range on the tree's key), the tree's places first: a
      // CROSS JOIN keeps that order, so each place's period rows are a range on their own key.
      for (let depth = tree.min; depth <= tree.max; depth += 1) {
        const nodes = prepared(
          `SELECT p.key, p.place AS jurisdiction, sum(p.n) AS n, 0 AS sum
           FROM (SELECT DISTINCT place FROM dashboard_tree WHERE depth = ? AND ${treePlace.sql}) AS t
           CROSS JOIN dashboard_periods AS p ON p.grain = ? AND p.place = t.place AND p.bucket >= ? AND p.bucket < ? AND p.key >= ? AND p.key < ?
           GROUP BY p.place, p.key`,
        )
        for (const r of nodes.all(depth, ...treePlace.params, span.grain, span.from, span.to, 'count\u001f', 'count\u0020') as FactTotal[]) {
          add(atNodes, `${r.jurisdiction}\u001f${r.key}`, { ...r, n: span.sign * r.n })
        }
      }
    }
    // A key whose facts all left the period (n back to 0) is not there, as no fact of it would be.
    return { scope: [...atScope.values()].filter((r) => r.n !== 0), tree: [...atNodes.values()].filter((r) => r.n !== 0) }
  }

  /**
   * The facts with a competitor (`since_at` / `until_at`: the 三率's callbacks and ratings; a dispute's overall outcome
   * until it is mediating or concluded again) that count in a period — made in it, their competitors not (core's
   * `factCountsIn`) — summed per key at the scope: kept out of the period sums, as few as the cases called back more than
   * once or rated as well and the disputes' conclusions (a partial index on their time).
   */
  const boundedTotals = (middle: TimeRange, from: number | undefined, to: number | undefined, spans: readonly Span[], scope: string, depth: number): PlaceTotals => {
    if (spans.length === 0) return { scope: [], tree: [] }
    const place = underPlace('jurisdiction', scope)
    // Those of alignment 2 made in the whole days and months of the period (`middle`), their competitors outside the
    // whole period: from their kept sums by months where the months decide (`apartParts`: a quarter, a year, open ends
    // too, read nothing else; the year from 10:00 on 1 January, January to December less 1 January), one by one where
    // they do not (a competitor in the month of either end, on its partial index) and in days of a month read as days.
    const plan = apartParts(from, to, middle)
    const kept =
      plan.kept === undefined
        ? []
        : (prepared(
            `SELECT key, ? AS jurisdiction, sum(n) AS n, total(sum) AS sum FROM dashboard_months_apart
             WHERE place = ? AND month >= ? AND month < ? AND since_month < ? AND until_month >= ? GROUP BY key`,
          ).all(scope, scope, plan.kept.from, plan.kept.to, plan.kept.sinceBelow, plan.kept.untilFrom) as FactTotal[])
    const competitor = (column: string, range: CompetitorRange): string =>
      range.orNone ? `(${column} IS NULL OR (${column} >= ? AND ${column} < ?))` : `${column} >= ? AND ${column} < ?`
    const oneByOne = (aligned: 1 | 2, indexes: Record<ApartRead['by'], string>, reads: readonly ApartRead[]): FactTotal[] =>
      reads.flatMap((r) =>
        (
          prepared(
            `SELECT key, jurisdiction, count(*) AS n, total(value) AS sum FROM dashboard_facts INDEXED BY ${indexes[r.by]}
             WHERE aligned = ${aligned} AND at >= ? AND at < ? AND ${competitor('since_at', r.since)} AND ${competitor('until_at', r.until)} AND ${place.sql}
             GROUP BY key, jurisdiction`,
          ).all(r.at.from, r.at.to, r.since.from, r.since.to, r.until.from, r.until.to, ...place.params) as FactTotal[]
        ).map((row) => ({ ...row, n: r.sign * row.n, sum: r.sign * row.sum })),
      )
    // A period of whole China days holds each fact's whole day, and one of whole months each fact's whole month: a fact
    // with a competitor on its own day (alignment 0), or in its own month (below 2), has it in the period and does not
    // count there. So only those of alignment 2 are read in the whole months and days (above), and those of 1 in the
    // days that are not whole months: by the time they were made, or by their competitor in their own month where that
    // is the shorter range (`sameMonthReads`: the year from 10:00 reads the competitors of 1 January before 10:00, not
    // every fact of 2–31 January). Each on its partial index (an evaluation of a year read every callback and rating of
    // the year, 78 ms at 100k cases, for a twelfth of them).
    const inDays = spans.flatMap((span) => (span.grain === 'day' ? sameMonthReads(daysRange({ ...span, grain: 'day' }), from, to) : []))
    return rollUp([...kept, ...oneByOne(2, APART_INDEX, plan.reads), ...oneByOne(1, NEAR_INDEX, inDays)], scope, depth)
  }

  /**
   * Every fact made in the given parts of a period (`[at from, at to)`), counted as the whole period `[from, to)` asks (a
   * fact with a competitor only without it there): the parts of a day at either end of a period (`periodParts`), or all
   * of a period that is no time at all.
   */
  const factTotals = (parts: readonly { readonly from: number; readonly to: number }[], from: number | undefined, to: number | undefined, scope: string, depth: number): PlaceTotals => {
    const place = underPlace('jurisdiction', scope)
    const [f, t] = [from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY]
    const rows = parts.flatMap(
      (part) =>
        prepared(
          `SELECT key, jurisdiction, count(*) AS n, total(value) AS sum FROM dashboard_facts
           WHERE at >= ? AND at < ? AND (since_at IS NULL OR since_at < ?) AND (until_at IS NULL OR until_at >= ?) AND ${place.sql} GROUP BY key, jurisdiction`,
        ).all(part.from, part.to, f, t, ...place.params) as FactTotal[],
    )
    return rollUp(rows, scope, depth)
  }

  // One read transaction: totals, deadlines and checkpoint all from the same commit.
  const read = db.transaction((query: DashboardQuery, lists: DashboardReadOptions | undefined) => {
    const items = listItems(lists, ITEMS)
    const exclusionItems = listItems(lists, EXCLUSIONS_PAGE)
    const latest = selectLatest.get(name)
    const asOf = query.asOf === undefined ? (latest?.ms ?? Number.POSITIVE_INFINITY) : Date.parse(query.asOf)
    if (latest !== undefined && asOf < latest.ms) return undefined
    const scope = query.jurisdiction ?? ''
    const place = underPlace('jurisdiction', scope)
    const from = query.from === undefined ? undefined : Date.parse(query.from)
    const to = query.to === undefined ? undefined : Date.parse(query.to)
    const depth = query.depth ?? 2
    const tree = treeDepths(scope, depth)
    const treePlace = underPlace('place', scope)
    // A period: its whole months and days from their kept sums, the parts of a day at either end fact by fact (a month, a
    // quarter, a year of China midnights have none of those; a year from 10:00 on 1 January read every fact of the year).
    const parts = from === undefined && to === undefined ? undefined : periodParts(from, to)
    // One month or day exactly: every fact with a competitor that counts in it is in its sums; none read one by one.
    const single = parts !== undefined && parts.edges.length === 0 ? singleBucket(parts.spans) : undefined
    const totals: PlaceTotals =
      from === undefined && to === undefined
        ? {
            scope: prepared('SELECT key, place AS jurisdiction, n, sum FROM dashboard_totals WHERE place = ?').all(scope) as FactTotal[],
            tree: Array.from({ length: Math.max(0, tree.max - tree.min + 1) }, (_, i) => tree.min + i).flatMap(
              (d) => prepared(`SELECT key, place AS jurisdiction, n, 0 AS sum FROM dashboard_tree WHERE depth = ? AND ${treePlace.sql}`).all(d, ...treePlace.params) as FactTotal[],
            ),
          }
        : parts === undefined
          ? factTotals([{ from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY }], from, to, scope, depth)
          : single !== undefined
            ? periodTotals(parts.spans, scope, tree, single)
            : withBounded(
                withBounded(periodTotals(parts.spans, scope, tree, undefined), boundedTotals(parts.middle, from, to, parts.spans, scope, depth)),
                factTotals(parts.edges, from, to, scope, depth),
              )
    const columns = 'kind, deadline, case_type, case_id, jurisdiction, category, unit_id'
    const byKind = (rows: readonly { kind: DeadlineKind; n: number }[]): CountsByKind =>
      Object.fromEntries(DEADLINE_KINDS.map((k) => [k, rows.find((r) => r.kind === k)?.n ?? 0])) as CountsByKind
    // 超期: the kept counts (deadlines closed by the watermark) plus those closing after it, by asOf (a day deadline closes
    // at 24:00 China time, `closes`; the range on `deadline` keeps to its index: a deadline closes within a second).
    const watermark = latest?.ms ?? Number.NEGATIVE_INFINITY
    const fresh = {
      sql: `deadline > ? AND deadline < ? AND closes > ? AND closes <= ? AND ${place.sql}`,
      params: [watermark - CLOSES_WITHIN_MS, asOf, watermark, asOf, ...place.params],
    }
    const kept = prepared('SELECT unit_id, kind, rated, n FROM dashboard_overdue WHERE place = ? AND n <> 0').all(scope) as { unit_id: string; kind: DeadlineKind; rated: number; n: number }[]
    const recent = prepared(`SELECT unit_id, kind, rated, count(*) AS n FROM dashboard_deadlines WHERE ${fresh.sql} GROUP BY unit_id, kind, rated`).all(...fresh.params) as {
      unit_id: string | null
      kind: DeadlineKind
      rated: number
      n: number
    }[]
    const counted = [...kept.map((r) => ({ ...r, unit_id: r.unit_id === '' ? null : r.unit_id })), ...recent]
    // The most overdue first (then by case, then in the case's own order): an index walk that stops after `items` + 1.
    const late = { sql: `deadline < ? AND closes <= ? AND ${place.sql}`, params: [asOf, asOf, ...place.params] }
    const lateRows = prepared(`SELECT ${columns} FROM dashboard_deadlines WHERE ${late.sql} ORDER BY deadline, case_id, seq LIMIT ${items + 1}`).all(...late.params) as DeadlineRow[]
    // 临期: not yet due, with at most the share asked for (`dueSoon`, default DUE_SOON_SHARE: DOMAIN.md "a configurable
    // share of the time left, default 20%") of the time they were given left; the least time left first. Among
    // deadlines not yet due (the work in hand), not among every case.
    // (In a day deadline's last second, past 23:59:59.000 but not closed, it is still due soon, as core's `overdue` has it.)
    const share = query.dueSoon ?? DUE_SOON_SHARE
    const soon = {
      sql: `deadline > ? AND closes > ? AND deadline - ? <= ? * (deadline - set_at) AND ${place.sql}`,
      params: [asOf - CLOSES_WITHIN_MS, asOf, asOf, share, ...place.params],
    }
    const soonByKind = byKind(prepared(`SELECT kind, count(*) AS n FROM dashboard_deadlines WHERE ${soon.sql} GROUP BY kind`).all(...soon.params) as { kind: DeadlineKind; n: number }[])
    const soonRows = prepared(`SELECT ${columns} FROM dashboard_deadlines WHERE ${soon.sql} ORDER BY deadline, case_id, seq LIMIT ${items + 1}`).all(...soon.params) as DeadlineRow[]
    const { overdue, overdueByUnit } = overdueFiguresOf(counted, lateRows, { byKind: soonByKind, rows: soonRows }, asOf, items, share)
    // Acknowledgements, results and 报到 still due past their deadline, the deadline in the period: late (按期办结率). Without
    // a period, the kept counts; with one, the kept counts of its whole months and days (those closed by the watermark),
    // the deadlines in them closed since, and every deadline in the parts of a day at either end (`lateParts`).
    type LateRow = { kind: keyof typeof OPEN_LATE_KEY; unit_id: string | null; n: number }
    // Counted per unit and kind: as many rows as units, not as late rounds.
    // One lower and one upper bound on the deadline (`lateRange`): the index walk is the rows counted, those closed by
    // asOf (and after the watermark) among them.
    const lateIn = (range: { readonly from: number; readonly to: number }, sinceWatermark: boolean): LateRow[] => {
      const walk = lateRange(range, asOf, sinceWatermark ? watermark : undefined)
      return walk.from >= walk.to
        ? []
        : (prepared(
            `SELECT kind, unit_id, count(*) AS n FROM dashboard_deadlines
             WHERE rated = 1 AND deadline >= ? AND deadline < ? AND closes <= ?${sinceWatermark ? ' AND closes > ?' : ''} AND ${place.sql} GROUP BY kind, unit_id`,
          ).all(walk.from, walk.to, asOf, ...(sinceWatermark ? [watermark] : []), ...place.params) as LateRow[])
    }
    const lateSplit = lateParts(parts)
    const periodLate: LateRow[] =
      from === undefined && to === undefined
        ? []
        : lateSplit === undefined
          ? lateIn({ from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY }, false)
          : [
              ...lateSplit.spans
                .flatMap(
                  (span) =>
                    prepared('SELECT kind, unit_id, sum(n) AS n FROM dashboard_late WHERE grain = ? AND place = ? AND bucket >= ? AND bucket < ? GROUP BY kind, unit_id').all(
                      span.grain, scope, span.from, span.to,
                    ) as LateRow[],
                )
                .map((r) => ({ ...r, unit_id: r.unit_id === '' ? null : r.unit_id })),
              // Closed after the watermark, by asOf (a range on the deadline: a deadline closes within CLOSES_WITHIN_MS of it).
              ...lateIn(lateSplit.middle, true),
              ...lateSplit.edges.flatMap((edge) => lateIn(edge, false)),
            ]
    const openLate: LateCount[] =
      from === undefined && to === undefined
        ? counted.flatMap((r) => (r.rated === 1 && r.n !== 0 ? [{ key: OPEN_LATE_KEY[r.kind as keyof typeof OPEN_LATE_KEY], n: r.n, ...(r.unit_id === null ? {} : { unitId: r.unit_id }) }] : []))
        : periodLate.filter((r) => r.n !== 0).map((r) => ({ key: OPEN_LATE_KEY[r.kind], n: r.n, ...(r.unit_id === null ? {} : { unitId: r.unit_id }) }))
    // 风险等级: open disputes by grade under the place, and the high ones, longest high first.
    const grades = prepared('SELECT grade, n FROM dashboard_risk_counts WHERE place = ?').all(scope) as { grade: string; n: number }[]
    const highRows = prepared(
      `SELECT case_id, jurisdiction, category, since FROM dashboard_risk WHERE grade = 'high' AND ${place.sql} ORDER BY since, case_id LIMIT ${items + 1}`,
    ).all(...place.params) as { case_id: string; jurisdiction: string; category: string; since: number }[]
    const risk = riskFiguresOf(grades, highRows, items)
    // 考评申诉 exclusions: a page by case id (one more than the page: whether more follow). Without a period, the place's
    // key range. With one, its China months, days and parts of a day at either end (`exclusionWalk`), each an index range
    // in case-id order from the cursor, merged by case id and stopped after the page: a month's evaluation walks its
    // month's range and stops after the page, whatever the month holds. Before, a month read every exclusion it held by
    // time and sorted them (358 rows at 100k cases for a page of 101), growing with the cases of a month. A period too long
    // for its buckets walks the key range with the period as a filter, or reads by time (`exclusionsByCaseId`).
    const after = query.exclusionsAfter ?? ''
    const period = { from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY }
    const walk: ExclusionWalk =
      from === undefined && to === undefined
        ? { by: 'key' }
        : exclusionWalk(
            period,
            prepared(
              'SELECT (SELECT min(at) FROM dashboard_exclusions WHERE place = ?) AS first, (SELECT max(at) FROM dashboard_exclusions WHERE place = ?) AS last',
            ).get(scope, scope) as { first: number | null; last: number | null },
          )
    const pageOf = `ORDER BY case_id LIMIT ${exclusionItems + 1}`
    const exclusions = (
      walk.by === 'buckets'
        ? walk.arms.length === 0
          ? []
          : prepared(`${walk.arms.map((arm) => EXCLUSION_ARM[arm.by]).join(' UNION ALL ')} ${pageOf}`).all(
              ...walk.arms.flatMap((arm) =>
                arm.by === 'month' ? [scope, arm.month, after] : arm.by === 'day' ? [scope, arm.day, after] : [scope, arm.from, arm.to, after],
              ),
            )
        : from === undefined && to === undefined
          ? prepared(`SELECT case_id, ground, unit_id FROM dashboard_exclusions WHERE place = ? AND case_id > ? ${pageOf}`).all(scope, after)
          : walk.by === 'key'
            ? prepared(
                `SELECT case_id, ground, unit_id FROM dashboard_exclusions NOT INDEXED
                 WHERE place = ? AND case_id > ? AND at >= ? AND at < ? ${pageOf}`,
              ).all(scope, after, period.from, period.to)
            : prepared(`${EXCLUSION_ARM.time} ${pageOf}`).all(scope, period.from, period.to, after)
    ) as { case_id: string; ground: string; unit_id: string }[]
    return dashboardFromTotals({
      items: exclusionItems,
      ...(lists?.weights === undefined ? {} : { weights: lists.weights }),
      risk,
      exclusions: exclusions.map((r) => ({ caseId: r.case_id, ground: r.ground, unitId: r.unit_id })),
      filter: query,
      openLate,
      position: checkpoints.load(name) ?? -1,
      lastAt: latest?.at,
      totals,
      units: unitsNow(),
      overdue,
      overdueByUnit,
    })
  })

  // 考核 figures of several places and periods in one read transaction: a handful of statements whatever the number of
  // places and periods (each an index range over places and buckets or over running deadlines, never over cases).
  const figuresRead = db.transaction((query: FiguresQuery): FiguresAnswer | undefined => {
    const latest = selectLatest.get(name)
    const asOf = Date.parse(query.asOf)
    if (latest !== undefined && asOf < latest.ms) return undefined
    const plan = figuresPlan(query.periods)
    if (plan === undefined) return undefined
    const root = query.jurisdiction
    const place = underPlace('jurisdiction', root)
    const rootPlace = underPlace('place', root)
    const found = query.childrenWithCases === true
      ? (prepared(`SELECT DISTINCT place FROM dashboard_tree WHERE depth = ? AND ${rootPlace.sql}`).all(depthOf(root) + 1, ...rootPlace.params) as { place: string }[]).map((r) => r.place)
      : []
    const places = [...new Set([...query.places, ...found])]
    const asked = JSON.stringify(places)
    // Each place's rows are a range on the key (grain, place, bucket): the places listed first, as the counts tree's read.
    // Only the keys the figures are made of (counts and rate facts): not the units' figures, four in five of the rows.
    const periods = plan.ranges.flatMap(
      (range) =>
        prepared(
          `SELECT p.place, p.grain, p.bucket, p.key, p.n, p.sum FROM json_each(?) AS t
           CROSS JOIN dashboard_periods AS p ON p.grain = ? AND p.place = t.value AND p.bucket >= ? AND p.bucket < ?
           AND ((p.key >= ? AND p.key < ?) OR (p.key >= ? AND p.key < ?))`,
        ).all(asked, range.grain, range.from, range.to, ...FIGURE_KEYS.flatMap((k) => [`${k}\u001f`, `${k}\u0020`])) as FiguresRows['periods'][number][],
    )
    const overdueKept = prepared(
      'SELECT o.place, o.kind, sum(o.n) AS n FROM json_each(?) AS t CROSS JOIN dashboard_overdue AS o ON o.place = t.value GROUP BY o.place, o.kind',
    ).all(asked) as FiguresRows['overdueKept'][number][]
    const overdueRecent = prepared(
      `SELECT jurisdiction, kind, count(*) AS n FROM dashboard_deadlines
       WHERE deadline > ? AND deadline < ? AND closes > ? AND closes <= ? AND ${place.sql} GROUP BY jurisdiction, kind`,
    ).all((latest?.ms ?? Number.NEGATIVE_INFINITY) - CLOSES_WITHIN_MS, asOf, latest?.ms ?? Number.NEGATIVE_INFINITY, asOf, ...place.params) as FiguresRows['overdueRecent'][number][]
    // The late rounds closed by the watermark: the places' kept counts of the plan's months and days (per place, bucket and
    // kind: a year's evaluation takes its twelve months' rows, not its late rounds one by one).
    // One statement for both grains (each a range on the key per place).
    const lateRanges = plan.lateRanges
    const lateKept =
      lateRanges.length === 0
        ? []
        : (prepared(
            lateRanges
              .map(
                () => `SELECT l.place, l.grain, l.bucket, l.kind, sum(l.n) AS n FROM json_each(?) AS t
                  CROSS JOIN dashboard_late AS l ON l.grain = ? AND l.place = t.value AND l.bucket >= ? AND l.bucket < ? GROUP BY l.place, l.bucket, l.kind`,
              )
              .join(' UNION ALL '),
          ).all(...lateRanges.flatMap((range) => [asked, range.grain, range.from, range.to])) as FiguresRows['lateKept'][number][])
    // Those closed since the watermark, by asOf, one by one: the China day of each (deadlines are instants after 1970:
    // whole-number division is the floor). Per own place only when a place below the scope is asked (rankings); trends
    // ask the scope alone: per day and kind.
    const watermark = latest?.ms ?? Number.NEGATIVE_INFINITY
    const perPlace = places.some((p) => p !== root)
    // One lower and one upper bound on the deadline (`lateRange`): the rounds since the watermark, not every one of the plan's.
    const walk = lateRange(plan, asOf, watermark)
    const late = prepared(
      `SELECT ${perPlace ? 'jurisdiction' : '? AS jurisdiction'}, (CAST(deadline AS INTEGER) + 28800000) / 86400000 AS day, kind, count(*) AS n FROM dashboard_deadlines
       WHERE rated = 1 AND deadline >= ? AND deadline < ? AND closes <= ? AND closes > ? AND ${place.sql}
       GROUP BY ${perPlace ? 'jurisdiction, ' : ''}day, kind`,
    ).all(...(perPlace ? [] : [root]), walk.from, walk.to, asOf, watermark, ...place.params) as FiguresRows['late'][number][]
    // The rate facts with a competitor the periods of several buckets may take (partial indexes on their time): each such
    // period takes those it admits. Those that can count in whole months, in the time of those periods; those that can in
    // whole days only, in the time of those that are not whole months; the others in that of periods not whole days
    // (alignedReads). A period of one month or day (the evaluation's, a ranking's, the trends') takes its kept sums of them.
    const columns = 'SELECT jurisdiction, key, at, value, since_at AS since, until_at AS until FROM dashboard_facts'
    const keys = `key >= ? AND key < ? AND ${place.sql}`
    const reads = alignedReads(query.periods.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })))
    const boundedRead = (index: string, grade: string, time: { readonly from: number; readonly to: number } | undefined): FiguresRows['bounded'][number][] =>
      time === undefined
        ? []
        : (prepared(`${columns} INDEXED BY ${index} WHERE ${grade} AND at >= ? AND at < ? AND ${keys}`).all(
            time.from, time.to, 'rate\u001f', 'rate\u0020', ...place.params,
          ) as FiguresRows['bounded'][number][])
    const bounded = [
      ...boundedRead('dashboard_facts_in_months', 'aligned = 2', reads.months),
      ...boundedRead('dashboard_facts_in_days', 'aligned = 1', reads.days),
      ...boundedRead('dashboard_facts_bounded', '(since_at IS NOT NULL OR until_at IS NOT NULL) AND aligned = 0', reads.any),
    ]
    // The periods of several whole months (a quarter's, a year's evaluation): the places' kept sums of the rate facts of
    // alignment 2 by months made in them (each place's rows a range on the key (place, month)), judged per period.
    const apart =
      plan.apart === undefined
        ? []
        : (prepared(
            `SELECT a.place, a.month, a.key, a.since_month AS since, a.until_month AS until, a.n, a.sum FROM json_each(?) AS t
             CROSS JOIN dashboard_months_apart AS a ON a.place = t.value AND a.month >= ? AND a.month < ? AND a.key >= ? AND a.key < ?`,
          ).all(asked, plan.apart.from, plan.apart.to, 'rate\u001f', 'rate\u0020') as FiguresRows['apart'][number][])
    return figuresOf(query, plan, { places, periods, overdueKept, overdueRecent, lateKept, late, bounded, apart }, latest?.at)
  })

  return {
    name,
    checkpoint: async () => checkpoints.load(name) ?? -1,
    apply: async (events) => applyAll.immediate(events),
    ...folds,
    db,
    applyWithin: (events) => {
      if (!db.inTransaction) throw new Error('applyWithin runs inside a transaction the caller holds on the same connection')
      return applyRows(events)
    },
    figures: async (query) => figuresRead.deferred(query),
    reset: async () => {
      folds.drop()
      resetAll.immediate()
    },
    view: async (query, lists) => read.deferred(query, lists),
    running: async (streamIds) => {
      const kept = new Map<string, KeptDeadline[]>()
      if (streamIds.length === 0) return kept
      const rows = prepared(
        'SELECT d.stream_id, d.kind, d.set_at, d.deadline FROM json_each(?) AS t CROSS JOIN dashboard_deadlines AS d ON d.stream_id = t.value ORDER BY d.stream_id, d.seq',
      ).all(JSON.stringify(streamIds)) as { stream_id: string; kind: string; set_at: number; deadline: number }[]
      for (const r of rows) {
        const list = kept.get(r.stream_id) ?? []
        list.push({ kind: r.kind, from: r.set_at, deadline: r.deadline })
        kept.set(r.stream_id, list)
      }
      return kept
    },
    close: async () => {
      if (!owned || !db.open) return
      // Fold the WAL into the file: a closed read model is one file, whole.
      if (typeof dbOrPath === 'string' && dbOrPath !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
