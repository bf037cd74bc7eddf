import { DEADLINE_KINDS, type DeadlineKind } from './summaries.js'
import type { UnitFigures } from './unitEvaluation.js'

/** A unit's row in the export: its figures, and where known the name of its jurisdiction, its composite score and rank. */
export type EvaluationRow = UnitFigures & {
  readonly unit: UnitFigures['unit'] & { readonly jurisdictionName?: string | null }
  readonly score?: number | null
  readonly rank?: number | null
}

// Scores are shown to two decimals, as a 考核 table prints them; rates stay exact fractions.
const twoDecimals = (n: number | null | undefined): number | null => (n === null || n === undefined ? null : Math.round(n * 100) / 100)

const OVERDUE_LABEL: Readonly<Record<DeadlineKind, string>> = {
  accept: '受理',
  acknowledge: '签收',
  arrival: '报到',
  result: '办结',
  mediation: '调解',
  confirmation: '司法确认申请',
  'court-accept': '法院受理',
  'court-decide': '法院裁定',
  receipt: '委派签收',
  // 派单: the dispatcher's deadline, no handling unit's — a unit's row always counts 0 (the column keeps the kinds whole).
  dispatch: '派单',
}

/** The columns of the unit evaluation export: header (Chinese / English) and value. */
const COLUMNS: readonly (readonly [string, (u: EvaluationRow) => string | number | null])[] = [
  ['单位编号 unit id', (u) => u.unit.id],
  ['单位 unit', (u) => u.unit.name ?? ''],
  ['层级 level', (u) => u.unit.level],
  ['辖区 jurisdiction', (u) => u.unit.jurisdiction],
  ['辖区名称 jurisdiction name', (u) => u.unit.jurisdictionName ?? ''],
  ['部门 department', (u) => u.unit.department ?? ''],
  ['应签收 acknowledgements due', (u) => u.dispatched],
  ['按时签收 acknowledged on time', (u) => u.acknowledgedOnTime],
  ['按时签收率 on-time acknowledgement', (u) => u.onTimeAcknowledgementRate],
  ['应办结 results due', (u) => u.results],
  ['按期办结 results on time', (u) => u.resultsOnTime],
  ['按期办结率 on-time completion', (u) => u.onTimeRate],
  ['回访 called back', (u) => u.calledBack],
  ['响应率 response rate', (u) => u.responseRate],
  ['解决率 resolution rate', (u) => u.resolutionRate],
  ['满意率 satisfaction rate', (u) => u.satisfactionRate],
  ['未接通 not reached', (u) => u.notReached],
  ['拒访 declined', (u) => u.declined],
  ['退单 returns', (u) => u.returns],
  ['重办 reopenings', (u) => u.reopenings],
  ['考评申诉核减 exclusions', (u) => u.exclusions],
  ['现场办结 resolved on the spot', (u) => u.resolvedOnTheSpot],
  ['应报到 arrivals due', (u) => u.arrivals.due],
  ['按时报到率 on-time arrival', (u) => u.arrivals.onTimeRate],
  ['以下评上 help rated', (u) => u.helpRatings.rated],
  ['以下评上满意率 help satisfaction rate', (u) => u.helpRatings.satisfactionRate],
  ['综合得分 composite score', (u) => twoDecimals(u.score)],
  ['排名 rank', (u) => u.rank ?? null],
]

/**
 * Appended after the rank (the columns before keep their places): the unit's deadlines overdue by kind — a committee's
 * mediation periods and a centre's entrustment receipts among them (see overdue.ts, disputeUnitOf). Counts as of the
 * export's time, not figures of the period: the header says so (当前超期, "as of" that time).
 */
const overdueColumns = (asOf: string | undefined): readonly (readonly [string, (u: EvaluationRow) => number])[] =>
  DEADLINE_KINDS.map((kind) => [`当前超期${OVERDUE_LABEL[kind]} overdue ${kind} as of ${asOf ?? 'now'}`, (u: EvaluationRow) => u.overdue[kind]] as const)

// A cell a spreadsheet would read as a formula is prefixed with an apostrophe (CSV injection).
const cell = (value: string | number | null): string => {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The unit evaluation as CSV (RFC 4180, CRLF), UTF-8 with a byte-order mark so Excel reads the Chinese. `asOf`: the
 * time the overdue columns are counted at (the evaluation's `asOf`), named in their headers.
 */
export const unitEvaluationCsv = (units: readonly EvaluationRow[], asOf?: string): string => {
  const columns = [...COLUMNS, ...overdueColumns(asOf)]
  return '\uFEFF' + [columns.map(([h]) => cell(h)).join(','), ...units.map((u) => columns.map(([, v]) => cell(v(u))).join(','))].map((line) => `${line}\r\n`).join('')
}
