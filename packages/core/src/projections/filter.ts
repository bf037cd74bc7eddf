import * as t from 'io-ts'
import { Jurisdiction } from '../access/jurisdiction.js'
import { refinedString } from '../kernel/codec.js'
import { IsoTimestamp } from '../kernel/meta.js'

/** Levels of the tree to show below the prefix: 0–4, as a number or a query-string digit. */
const Depth = new t.Type<number, number, unknown>(
  'Depth',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 4,
  (u, c) => {
    const n = typeof u === 'string' && /^\d$/.test(u) ? Number(u) : u
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 4 ? t.success(n) : t.failure(u, c, 'expected a depth from 0 to 4')
  },
  t.identity,
)

/** 临期's share of a deadline's time left: more than 0, less than 1, as a number or a query-string decimal. */
const Share = new t.Type<number, number, unknown>(
  'Share',
  (u): u is number => typeof u === 'number' && u > 0 && u < 1,
  (u, c) => {
    const n = typeof u === 'string' && /^0?\.\d{1,4}$/.test(u) ? Number(u) : u
    return typeof n === 'number' && n > 0 && n < 1 ? t.success(n) : t.failure(u, c, 'expected a share between 0 and 1, e.g. 0.2')
  },
  t.identity,
)

/** The case id after which `exclusions` continue (the `exclusionsPage.next` of the page before). */
const ExclusionsCursor = refinedString('ExclusionsCursor', (s) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(s), 'a case id (exclusionsPage.next)')

/**
 * What a dashboard shows: cases under a jurisdiction prefix, figures for a period
 * `[from, to)`, as the record stood at `asOf`. `depth` limits the jurisdiction tree in
 * `counts.tree` to that many levels below the prefix (default 2). Decode query strings with it.
 */
export const DashboardFilter = t.partial(
  {
    jurisdiction: Jurisdiction,
    from: IsoTimestamp,
    to: IsoTimestamp,
    asOf: IsoTimestamp,
    depth: Depth,
    /** The share of its time left under which a deadline is due soon (临期; default 0.2). */
    dueSoon: Share,
    /** List the exclusions after this case id (paging: `exclusionsPage.next`). */
    exclusionsAfter: ExclusionsCursor,
  },
  'DashboardFilter',
)
export type DashboardFilter = t.TypeOf<typeof DashboardFilter>

/** A filter with its times as epoch milliseconds, ready for the figures. */
export interface Scope {
  /** Jurisdiction prefix; '' for everything. */
  readonly jurisdiction: string
  readonly from: number
  readonly to: number
  readonly asOf: number
  readonly depth: number
}

export const scopeOf = (filter: DashboardFilter, defaultAsOf: number): Scope => ({
  jurisdiction: filter.jurisdiction ?? '',
  from: filter.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(filter.from),
  to: filter.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(filter.to),
  asOf: filter.asOf === undefined ? defaultAsOf : Date.parse(filter.asOf),
  depth: filter.depth ?? 2,
})

/** Is the place inside the scope's jurisdiction? */
export const inPlace = (scope: Scope, jurisdiction: string): boolean =>
  scope.jurisdiction === '' || jurisdiction === scope.jurisdiction || jurisdiction.startsWith(`${scope.jurisdiction}/`)

/** Did a fact happen within the period and by the "as of" time? */
export const inPeriod = (scope: Scope, at: number | undefined): at is number =>
  at !== undefined && at >= scope.from && at < scope.to && at <= scope.asOf

/** Had a fact happened by the "as of" time? */
export const happened = (scope: Scope, at: number | undefined): at is number => at !== undefined && at <= scope.asOf

/** A share, or null when nothing was counted (a rate of 0/0 is unknown, not 0). */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)
