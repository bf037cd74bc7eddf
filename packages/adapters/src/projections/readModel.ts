import type { CaseType, RecordedEvent } from '@gridcase/core'
import type { Actor, CaseScope } from '@gridcase/core/access'
import type { DashboardFilter, DashboardView, RateWeights } from '@gridcase/core/projections'
import type { FiguresAnswer, FiguresQuery } from './assessmentFigures.js'

/**
 * A read model kept in a database (读模型) and fed by the projection runner. The store-agnostic half:
 * SQLite implements it for the embedded default (`sqliteCaseList`); a PostgreSQL implementation
 * follows the same contract beside the PostgreSQL event store.
 *
 * Exactly-once effect: `apply` writes the model's changes and its checkpoint in one transaction, and
 * skips every event at or below the checkpoint it reads inside that transaction. So two runners on one
 * database (two servers), or a runner that sees an event twice, never apply it twice.
 */
export interface ReadModel {
  /** Stable name: the key of its checkpoint. */
  readonly name: string
  /** The last global position applied, as committed (-1 before any). */
  checkpoint(): Promise<number>
  /** Applies the events after the checkpoint and moves it, atomically; resolves to the new checkpoint. */
  apply(events: readonly RecordedEvent[]): Promise<number>
  /**
   * A catch-up's pages folded in memory before one write (optional): `fold` takes a page (the events after what this model
   * holds, in position order) into the fold it has open, or opens one, and writes nothing; `flush` writes what was folded and
   * its checkpoint in one transaction, each row the pages touched once (not once per page: the kept sums of the cases open
   * across a page boundary are otherwise written at each), and resolves to the new checkpoint. When the stored checkpoint
   * moved since the fold began (another process applied events), nothing is written and the stored checkpoint is given:
   * the caller reads again from there. A `fold` that throws drops what was folded. A `flush` with nothing folded writes
   * nothing (takes no write lock) and gives the stored checkpoint.
   */
  fold?(events: readonly RecordedEvent[]): void
  flush?(): Promise<number>
  /**
   * Drops a fold not yet flushed (it holds case state, personal data among it, of up to `foldEvents` events): the runner
   * calls it on every model when any fold or flush throws, so nothing folded outlives the failed catch-up.
   */
  drop?(): void
  /** Forgets everything (before a rebuild from position 0), a fold not yet flushed too. */
  reset(): Promise<void>
  close(): Promise<void>
}

/** What a list row needs to know about one case, whatever its type (http's `CaseSummary`). */
export interface CaseListSummary {
  /** The lifecycle state (`dispatched`, `mediator-assigned`, …). */
  readonly state: string
  readonly category?: string
  readonly jurisdiction: string
  /** Deadlines still running (ISO); the case is overdue once any of them has passed. */
  readonly openDeadlines: readonly string[]
  /**
   * Those of `openDeadlines` counted in hours, as their events' stamps say (`hours: true`, written only at 23:59:59 China
   * time): instants, closing 1 ms after, not a day's end at 24:00 (core's `deadlineClosesMs`). Absent or not named: read
   * by the clock time alone, a deadline at 23:59:59 as a day's end.
   */
  readonly countedInHours?: readonly string[]
}

/** A case type as the list serves it: where (`complaints`), its bundle, and how to summarise a case. */
export interface CaseListKind {
  readonly path: string
  readonly caseType: CaseType
  readonly summarize: (state: unknown) => CaseListSummary | undefined
}

/** One list query: filters, the actor whose scope bounds it, and a keyset page (newest first). */
export interface CaseListQuery {
  /** The kind's `path`. */
  readonly kind: string
  readonly actor: Actor
  readonly state?: string
  readonly category?: string
  /** Jurisdiction prefix of the case (the place itself or below it). */
  readonly jurisdiction?: string
  /** With `now`: only cases with (true) or without (false) a running deadline already passed. */
  readonly overdue?: boolean
  /** Epoch ms the overdue filter and flag are computed at. */
  readonly now: number
  /** Only cases opened before this global position (the previous page's last `openedAt`). */
  readonly before?: number
  readonly limit: number
}

/** One case in a list. */
export interface CaseListRow {
  readonly caseId: string
  readonly streamId: string
  readonly state: unknown
  readonly version: number
  /** Global position of the event that opened the case: the list order and the cursor. */
  readonly openedAt: number
  readonly openedTime: string
  readonly updatedTime: string
  readonly overdue: boolean
}

export interface CaseListPage {
  readonly items: readonly CaseListRow[]
  /** Whether more cases match after the last item. */
  readonly more: boolean
}

/**
 * 案件列表 — every case's state, summary and read scope, queried with the actor's scope applied in the
 * database (what an actor may not read is never loaded). `canRead` of core, written as a query:
 * a resident reads their own cases (filed by them or naming them), a department officer those its department handles
 * through its office (`CaseScope.offices`),
 * a mediator those assigned to them, a court clerk those before the court, everyone else their jurisdiction.
 */
export interface CaseListReadModel extends ReadModel {
  list(query: CaseListQuery): Promise<CaseListPage>
  /** The read scope of each case among these streams that is known (for filtering the event log). */
  scopes(streamIds: readonly string[]): Promise<ReadonlyMap<string, CaseScope>>
  /** The folded state of each case among these streams that is known (the people it names, for masking the event log). */
  states(streamIds: readonly string[]): Promise<ReadonlyMap<string, unknown>>
  /** Every case of every kind, oldest first (for work over all cases, such as re-basing deadlines). */
  allCases(): Promise<readonly { readonly kind: string; readonly caseId: string }[]>
  /** Where a command id that came with a request hash (an HTTP Idempotency-Key) was first used, and for what. */
  keyed(commandId: string): Promise<{ readonly streamId: string; readonly requestHash: string } | undefined>
}

export type { DashboardFigures, FiguresAnswer, FiguresQuery } from './assessmentFigures.js'

/** A dashboard query: the filter as the route decoded it (`asOf` included: the route gives now by default). */
export type DashboardQuery = DashboardFilter

/**
 * 一屏统览 from maintained totals: `view` answers a dashboard at or after the latest event it holds, reading
 * totals and running deadlines (never every case); for an earlier `asOf` it gives undefined, and the
 * caller answers from the history (`dashboardView` over a replay), a separate and slower path.
 */
/**
 * How long a dashboard's lists (overdue, due soon, high risk, exclusions) are read: `items` each at most (default 100, the
 * page the body shows). A reader who may open only some of the cases under its place (a department, a mediator, a court
 * clerk) is read longer lists, then shown the first 100 it may open (http's dashboard route).
 */
export interface DashboardLists {
  readonly items?: number
}

/**
 * How a dashboard is read: its lists' length, and the 三率's weights (`GRIDCASE_RATE_WEIGHTS`; default core's
 * `DEFAULT_RATE_WEIGHTS`). The totals keep counts, never rates: the weights apply at the read, so a setting changed
 * takes effect at the next read, with no rebuild.
 */
export interface DashboardReadOptions extends DashboardLists {
  readonly weights?: RateWeights
}

/** The length of the lists to read: `lists.items` as a whole number from 1 to 10,000, or `fallback`. */
export const listItems = (lists: DashboardLists | undefined, fallback: number): number => {
  const items = lists?.items
  return items === undefined || !Number.isFinite(items) ? fallback : Math.min(10_000, Math.max(1, Math.floor(items)))
}

/** A deadline running on a case after its latest event, as the dashboard keeps it: kind, since when its time runs, when it falls (ms). */
export interface KeptDeadline {
  readonly kind: string
  readonly from: number
  readonly deadline: number
}

export interface DashboardReadModel extends ReadModel {
  view(query: DashboardQuery, options?: DashboardReadOptions): Promise<DashboardView | undefined>
  /** The running deadlines of each case among these streams that has any (the case list's 临期 flag reads them). */
  running(streamIds: readonly string[]): Promise<ReadonlyMap<string, readonly KeptDeadline[]>>
  /**
   * 考核 figures (counts, 三率, overdue now) of several places over several periods of China midnights in one read, from
   * the kept period sums: what rankings and trends take, not a whole dashboard per place and period. Undefined when
   * `asOf` is before the latest event or a period is not of whole China days (the caller reads dashboards instead).
   */
  figures?(query: FiguresQuery): Promise<FiguresAnswer | undefined>
}
