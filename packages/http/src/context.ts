import type { JurisdictionRegistry, RateWeights } from '@gridcase/core/projections'
import type { AttachmentStore, KeyRowState, TreeHeadStore, TreeLog } from '@gridcase/adapters/embedded'
import type { AttachmentNaming, EventStore, HashFn, StreamMemory, StreamQueue } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import type { Response } from 'express'
import type { Logger } from 'pino'
import type { CaseListReadModel, DashboardReadModel, ProjectionRunner } from '@gridcase/adapters/embedded'
import type { CaseCollection } from './collection.js'
import type { HttpMetrics } from './metrics.js'

/** Where time comes from (an adapter's clock). */
export interface AppClock {
  now(): string
}

/** Where ids come from: fresh ones, and stable ones derived from a name (an Idempotency-Key). */
export interface AppIds {
  newId(): string
  stableId(name: string): string
}

/** The log's Merkle tree (proofs), where its signed heads are kept, and the key they are signed with. */
export interface AuditTree {
  readonly log: TreeLog
  readonly heads: TreeHeadStore
  readonly publicKeyPem?: string
  readonly keyId?: string
}

/** What every route module gets from `createApp`. */
export interface RouteContext {
  readonly store: EventStore
  /** What commands left of each case (core's `StreamMemory`), so the next command reads nothing (absent: read every time). */
  readonly memory?: StreamMemory
  /** Commands on one case from this process, one after another (core's `StreamQueue`): they never race each other. */
  readonly queue: StreamQueue
  /** The wait before each retry of a race lost to another process (`jitteredBackoff`). */
  readonly backoff: (retry: number) => Promise<void>
  readonly collections: readonly CaseCollection[]
  readonly clock: AppClock
  readonly ids: AppIds
  readonly logger: Logger
  /** The case list read model (lists, and the scope of each case for the event log). */
  readonly cases: CaseListReadModel
  /** The dashboard read model's running deadlines (the case list's 临期 flag). */
  readonly dashboard: Pick<DashboardReadModel, 'running'>
  /** The one runner that keeps every read model; its checkpoint is what reads wait for. */
  readonly runner: ProjectionRunner
  readonly metrics: HttpMetrics
  /** 辖区名册: names shown beside jurisdiction codes. */
  readonly jurisdictions: JurisdictionRegistry
  /** The 三率's weights (GRIDCASE_RATE_WEIGHTS): every dashboard, evaluation, ranking and trend computes its rates with them. */
  readonly rateWeights: RateWeights
  readonly hash?: HashFn
  /** Where attached files are kept (by SHA-256): commands may name only files it holds; verify re-hashes them. */
  readonly attachments: AttachmentStore
  /** What commands' files are checked with (core's `execute`): held, and their actor's to name — uploaded by it, or fetched through a case. */
  readonly attachmentNaming: AttachmentNaming
  /** The log's Merkle tree and its signed heads, when the server keeps them. */
  readonly tree?: AuditTree
  /** The data subjects' key table, read afresh (`/audit/verify` holds it to the log's erasures); absent: not checked. */
  readonly keyRows?: () => Promise<ReadonlyMap<string, KeyRowState> | undefined>
  /** Remembers the newest position this process wrote, so its own reads can wait for the read models. */
  wrote(position: number): void
  /** The newest position this process wrote (-1 before any). */
  written(): number
  /** Resolves once the runner's checkpoint has passed everything this process wrote, or after the read bound (then reads serve what there is). */
  settled(): Promise<void>
  /**
   * While the app has not yet read the log's calendar (`createApp` given a calendar and no `inLog` reads it in the
   * background): a promise that resolves true once it has, false when it has not within `firstReadWaitMs` or the app
   * closed first (answer 503 `calendar-unread`); undefined once read (or with no calendar to read). Commands and
   * `GET /api/v1/calendar/{year}` wait for it, so nothing is counted or shown with a calendar that is not the log's.
   */
  readonly calendarUnread?: () => Promise<boolean> | undefined
  /** Resolves once the read models hold the whole log as it is now, writes of other servers included (bounded as `settled`). */
  fresh(): Promise<void>
  /**
   * Aborted when the server begins to shut down (`endLiveFeeds`, then `close`): the live event streams end at once (a
   * client reconnects elsewhere, or after the restart, from its Last-Event-ID), so they do not hold up the drain of
   * the requests under way.
   */
  readonly closing?: AbortSignal
}

/** The actor the auth middleware put on the response. */
export const actorOf = (res: Response): Actor => res.locals['actor'] as Actor
