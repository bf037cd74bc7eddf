import type { AbortSignalLike, EventStore, ExpectedVersion, HashFn, NewEvent, RecordedEvent, StreamVersion } from '@gridcase/core'
import pg from 'pg'
import { systemClock, type Clock } from '../clock.js'
import { newId } from '../ids.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { wroteAny, type Append, type AppendOutcome } from '../sqlite/writer.js'
import { notifier, pollingPages, pollingSubscription, type LeafFeed, type LeafRow, type Notifier } from '../subscription.js'
import { checkout } from './checkout.js'
import { asyncGroupCommit } from '../groupCommit.js'
import { pgListener } from './listener.js'
import { hearClients, heardPool } from './pool.js'
import { EVENT_COLUMNS, fromRow, type PgEventRow } from './rows.js'
import { checkSchema, migrate, tablesOf } from './schema.js'
import { isTransient } from './transient.js'
import { pgWriter } from './writer.js'

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database — or give `pool`. */
  readonly connectionString?: string
  /** A pool the caller owns (the store then does not end it); its connection settings are used for LISTEN too. */
  readonly pool?: pg.Pool
  /** The schema holding the store's tables (default 'gridcase'); one schema is one log. */
  readonly schema?: string
  readonly clock?: Clock
  readonly newEventId?: () => string
  /** Chain hash; defaults to Node's SHA-256 (same digests as core's pure `sha256Hex`). */
  readonly hash?: HashFn
  /** How often a live subscription polls when no notification came (the fallback while LISTEN is down; default 500). */
  readonly pollMs?: number
  /** Events per read while a subscription catches up (default 500). */
  readonly pageSize?: number
  /** Connections in the store's own pool (default 10). */
  readonly maxConnections?: number
  /**
   * The longest a statement may take on the store's own pool, ms (absent or 0: no bound). PostgreSQL cancels one that
   * runs longer (`statement_timeout`: a lock held by another session, a slow plan; SQLSTATE 57014), and the client gives up
   * on one whose answer has not come within it and a grace (`query_timeout`, `queryTimeoutOf`: a network partition
   * mid-query, where the server's cancel never arrives). Either is transient (`isTransient`): the server answers 503
   * `unavailable`, as for a database that is down. The migration at opening is not bounded (a connection of its own),
   * nor is `backgroundPool`: the bound is for what answers a request.
   */
  readonly statementTimeoutMs?: number
  /** Connections of `backgroundPool` when the store's own pool is bounded (default 4). */
  readonly backgroundConnections?: number
  /**
   * A read-only session (the audit CLI): every transaction read-only (`default_transaction_read_only`), and the schema
   * checked, never created or migrated: a missing schema or table is an error naming it.
   */
  readonly readOnly?: boolean
  /**
   * Awaited on every page of events read (readStream, readAll, each subscription page) before it is handed out: the
   * sealed store loads there the subject keys it will open the page with (the cipher port is synchronous). `erasures`:
   * the subject-key erasure count, read in the page's own statement (one snapshot with its events, no extra query);
   * `background`: read by the `background` face (what the hook reads for it goes on `backgroundPool` too).
   */
  readonly prepareEvents?: (events: readonly RecordedEvent[], read: { readonly erasures: number; readonly background: boolean }) => Promise<void>
}

/** What the PostgreSQL store offers beyond the port: its pool and schema, for read models in the same database. */
export interface PostgresEventStore extends EventStore, LeafFeed {
  /** The store's connection pool: run read-model updates with `inTransaction(store.pool, …)`. */
  readonly pool: pg.Pool
  /**
   * A pool for background work without the statement bound (`statementTimeoutMs`): read models' catch-up, rebuild and
   * format change, the processes (scheduler, referral, webhooks) and the tree's heads. A batch of a rebuild (up to 50,000
   * events folded into one round trip) takes what it takes; under the bound one longer than it was cancelled, retried
   * and cancelled again, for ever. The store's own pool when it has no bound or was given by its owner.
   */
  readonly backgroundPool: pg.Pool
  /**
   * The same store reading the log on `backgroundPool`, without the statement bound: for what follows the log in the
   * background (read models' catch-up, rebuild and live feed, the processes, the tree, the calendar the server keeps).
   * Read on the store's pool, a page longer than the bound (a rebuild's 20,000 events, a lock another session holds on
   * the log) was cancelled (57014) and read again, for ever: the read models and the tree stood still, and a server
   * started while the log was held did not start. Appends and closing are the store's. Subscriptions read on
   * `backgroundPool` from either face (a feed answers no request, and a transient failure of its read is read again).
   */
  readonly background: PostgresBackground
  /** The schema of the log (the events table is `<schema>.events`). */
  readonly schema: string
  /** Resolves once the tables exist (every method waits for it too). */
  readonly ready: Promise<void>
  /**
   * One append in a transaction of its own (not grouped), with `work` run in that transaction after the events are
   * written and before COMMIT, only when the append succeeded: what must commit with the events or not at all.
   */
  readonly appendWith: (
    streamId: string,
    events: readonly NewEvent[],
    options: { readonly expectedVersion: ExpectedVersion },
    work: (client: pg.PoolClient) => Promise<void>,
  ) => Promise<AppendOutcome>
}

/** `PostgresEventStore.background`: the store's reads on its background pool. */
export type PostgresBackground = EventStore & LeafFeed

/**
 * 事件存储 (PostgreSQL) — the event store for deployments beyond one machine: one events table, a dense
 * global position in commit order (writer.ts says how and why), unique (stream_id, version) as the
 * concurrency guard, group commit, and subscriptions woken by LISTEN/NOTIFY with polling as the fallback.
 */
/**
 * How long the client waits for a statement's answer: the statement's bound and a grace of as long again, at most 5 s, so
 * that the server's cancel (57014, the clearer error) comes first whenever the server can still answer.
 */
export const queryTimeoutOf = (statementTimeoutMs: number): number => statementTimeoutMs + Math.min(statementTimeoutMs, 5_000)

/** `config` without its statement bound. */
const unboundedConfig = (config: pg.PoolConfig): pg.PoolConfig => {
  const { statement_timeout: _statement, query_timeout: _query, ...unbounded } = config
  return unbounded
}

/** Migrates `schema` on one connection of `config` without its statement bound, then closes it. */
const migrateUnbounded = async (config: pg.PoolConfig, schema: string): Promise<void> => {
  const once = heardPool({ ...unboundedConfig(config), max: 1 })
  try {
    await migrate(once, schema)
  } finally {
    await once.end()
  }
}

export const postgresEventStore = (options: PostgresStoreOptions): PostgresEventStore => {
  if (options.pool === undefined && options.connectionString === undefined) throw new Error('postgresEventStore needs a connectionString or a pool')
  const schema = options.schema ?? 'gridcase'
  const tables = tablesOf(schema)
  const clientConfig: pg.PoolConfig = {
    ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }),
    // A writer that hangs inside its transaction (network gone) would hold the append lock; the server ends it.
    idle_in_transaction_session_timeout: 60_000,
    // An unreachable database is an error after 10 s, not a wait forever.
    connectionTimeoutMillis: 10_000,
    application_name: options.readOnly === true ? 'gridcase-audit' : 'gridcase',
    ...(options.statementTimeoutMs === undefined || options.statementTimeoutMs <= 0
      ? {}
      : { statement_timeout: options.statementTimeoutMs, query_timeout: queryTimeoutOf(options.statementTimeoutMs) }),
    ...(options.readOnly === true ? { options: '-c default_transaction_read_only=on' } : {}),
  }
  const ownPool = options.pool === undefined
  // A connection the server drops or ends (restart, crash, pg_terminate_backend) must not crash the process, whether its
  // client is idle in the pool or out of it between queries: every client is heard for its whole life (`hearClients`).
  const pool = options.pool ?? new pg.Pool({ ...clientConfig, max: options.maxConnections ?? 10 })
  const unhear = hearClients(pool)
  const hash = options.hash ?? nodeSha256Hex
  const clock = options.clock ?? systemClock
  // A migration is not bounded by the statement timeout (an index built on a large log takes what it takes): on the
  // store's own pool with a bound, it runs on a connection of its own without one.
  const bounded = ownPool && clientConfig.statement_timeout !== undefined
  const backgroundPool = bounded ? heardPool({ ...unboundedConfig(clientConfig), max: options.backgroundConnections ?? 4 }) : pool
  const ready = options.readOnly === true ? checkSchema(pool, schema) : bounded ? migrateUnbounded(clientConfig, schema) : migrate(pool, schema)
  // A failed migration is reported by every call that waits for it; this keeps it from being unhandled meanwhile.
  ready.catch(() => undefined)

  const wake = notifier()
  const listenConfig: pg.ClientConfig = options.pool === undefined ? clientConfig : { ...(options.pool as pg.Pool & { options: pg.PoolConfig }).options }
  const listener = pgListener(listenConfig, tables.channel, wake)
  const subscriptions = new Set<AbortController>()

  const write = pgWriter({ schema, tables, hash, now: () => clock.now(), newEventId: options.newEventId ?? newId })
  const commits = asyncGroupCommit<Append, AppendOutcome>(async (group) => {
    await ready
    const { client, release } = await checkout(pool)
    try {
      const settled = await write(client, group)
      release()
      if (wroteAny(settled)) wake.notify()
      return settled
    } catch (error) {
      // Whether COMMIT reached the server is unknown when the connection broke: the appends are rejected,
      // never acknowledged; a retry with the same command id finds the first outcome (the handler's idempotency).
      await client.query('ROLLBACK').catch(() => undefined)
      release(true)
      throw error
    }
  })

  // With a read hook, each read also carries the erasure count of the subject keys (an InitPlan, evaluated once).
  const columns = options.prepareEvents === undefined ? EVENT_COLUMNS : `${EVENT_COLUMNS}, (SELECT n::text FROM ${tables.schema}.subject_key_erasures WHERE id = 1) AS erasures`
  const prepared = async (rows: (PgEventRow & { readonly erasures?: string | null })[], background: boolean): Promise<RecordedEvent[]> => {
    const events = rows.map(fromRow)
    if (options.prepareEvents !== undefined && events.length > 0) await options.prepareEvents(events, { erasures: Number(rows[0]?.erasures ?? 0), background })
    return events
  }
  /** The log's reads on `on`: the store's pool (bounded, for requests) or its background pool. */
  const readsOn = (on: pg.Pool) => {
    const background = on !== pool
    const query = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<Row[]> => {
      await ready
      return (await on.query<Row>(sql, params)).rows
    }
    const readAll = async (fromPosition: number, limit: number | null): Promise<readonly RecordedEvent[]> =>
      prepared(await query<PgEventRow>(`SELECT ${columns} FROM ${tables.events} WHERE position >= $1 ORDER BY position LIMIT $2`, [fromPosition, limit]), background)
    return {
      readAll,
      // The Merkle tree's leaves (`LeafFeed`): four columns a row, none of the events' JSON sent or parsed. Every server
      // follows the whole log with its tree; with the events themselves that was most of what the tree cost it.
      readLeaves: async (fromPosition: number, limit: number): Promise<readonly LeafRow[]> =>
        (
          await query<{ position: string; stream_id: string; version: number; hash: string }>(
            `SELECT position, stream_id, version, hash FROM ${tables.events} WHERE position >= $1 ORDER BY position LIMIT $2`,
            [fromPosition, limit],
          )
        ).map((row) => ({ position: Number(row.position), streamId: row.stream_id, version: row.version, hash: row.hash })),
      readStream: async (streamId: string, range: { fromVersion?: number; toVersion?: number } = {}) =>
        prepared(
          await query<PgEventRow>(
            `SELECT ${columns} FROM ${tables.events} WHERE stream_id = $1 AND version BETWEEN $2 AND $3 ORDER BY version`,
            [streamId, range.fromVersion ?? 0, Math.min(range.toVersion ?? 2_147_483_647, 2_147_483_647)],
          ),
          background,
        ),
      streamVersion: async (streamId: string): Promise<StreamVersion> => {
        const rows = await query<{ version: number | null }>(`SELECT max(version) AS version FROM ${tables.events} WHERE stream_id = $1`, [streamId])
        return rows[0]?.version ?? 'no-stream'
      },
    }
  }
  const front = readsOn(pool)
  const back = backgroundPool === pool ? front : readsOn(backgroundPool)

  // Live subscribers that are caught up all ask for the same page when a commit wakes them (every SSE client
  // of a server, every projection): one query answers them all, not one each. On the background pool: a feed answers
  // no request, and a page cancelled at the bound would be read again, for ever.
  const pagesInFlight = new Map<string, Promise<readonly RecordedEvent[]>>()
  const sharedPage = (from: number, limit: number): Promise<readonly RecordedEvent[]> => {
    const key = `${from}:${limit}`
    const inFlight = pagesInFlight.get(key)
    if (inFlight !== undefined) return inFlight
    const page = back.readAll(from, limit).finally(() => pagesInFlight.delete(key))
    pagesInFlight.set(key, page)
    return page
  }

  let closed = false
  /**
   * A live feed made by `feed` over `read` (woken by commits: LISTEN/NOTIFY, polling as the fallback), ended by the signal
   * or by closing the store. It outlives a database restart: a read that fails for a transient reason is retried at the
   * next poll (or notification) instead of ending the feed; any other failure ends it.
   */
  const live = <Page, Item>(
    read: (from: number, limit: number) => Promise<readonly Page[]>,
    feed: (readPage: (from: number, limit: number) => Promise<readonly Page[]>, wake: Notifier, options: { fromPosition: number; signal: AbortSignalLike; pollMs: number; pageSize: number }) => AsyncGenerator<Item>,
    subscribeOptions: { fromPosition?: number; signal?: AbortSignalLike },
  ): AsyncGenerator<Item> => {
    listener.start()
    // Closing the store ends its subscriptions too, so none reads through an ended pool.
    const stop = new AbortController()
    const onAbort = () => stop.abort()
    if (subscribeOptions.signal?.aborted || closed) stop.abort()
    else subscribeOptions.signal?.addEventListener('abort', onAbort, { once: true })
    subscriptions.add(stop)
    return (async function* () {
      try {
        const readPage = async (from: number, limit: number): Promise<readonly Page[]> => {
          if (closed) return []
          try {
            return await read(from, limit)
          } catch (error) {
            if (isTransient(error)) return []
            throw error
          }
        }
        yield* feed(readPage, wake, {
          fromPosition: subscribeOptions.fromPosition ?? 0,
          signal: stop.signal,
          pollMs: options.pollMs ?? 500,
          pageSize: options.pageSize ?? 500,
        })
      } finally {
        subscriptions.delete(stop)
        subscribeOptions.signal?.removeEventListener('abort', onAbort)
      }
    })()
  }
  const subscribe = (subscribeOptions: { fromPosition?: number; signal?: AbortSignalLike } = {}) => live(sharedPage, pollingSubscription, subscribeOptions)

  const appendToStream: EventStore['appendToStream'] = (streamId, events, { expectedVersion }) => commits.submit({ streamId, events, expectedVersion })
  const close = async (): Promise<void> => {
    if (closed) return
    await commits.idle()
    closed = true
    for (const stop of subscriptions) stop.abort()
    subscriptions.clear()
    await listener.close()
    await ready.catch(() => undefined)
    unhear()
    if (ownPool) await pool.end()
    if (backgroundPool !== pool) await backgroundPool.end()
  }
  /** The port's reads on `reads`; appends, subscriptions and closing shared. */
  const face = (reads: ReturnType<typeof readsOn>): PostgresBackground => ({
    readStream: reads.readStream,
    appendToStream,
    readAll: ({ fromPosition, limit } = {}) => reads.readAll(fromPosition ?? 0, limit === undefined || limit < 0 ? null : limit),
    subscribe,
    readLeaves: reads.readLeaves,
    subscribeLeaves: (subscribeOptions = {}) => live(back.readLeaves, pollingPages<LeafRow>, subscribeOptions),
    streamVersion: reads.streamVersion,
    close,
  })

  return {
    ...face(front),
    pool,
    backgroundPool,
    background: face(back),
    schema,
    ready,
    appendWith: async (streamId, events, { expectedVersion }, work) => {
      await ready
      const { client, release } = await checkout(pool)
      let settled
      try {
        settled = await write(client, [{ streamId, events, expectedVersion }], async (inside, outcomes) => {
          const outcome = outcomes[0]
          if (outcome !== undefined && 'ok' in outcome && outcome.ok._tag === 'Right') await work(inside)
        })
        release()
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        release(true)
        throw error
      }
      if (wroteAny(settled)) wake.notify()
      const outcome = settled[0]
      if (outcome === undefined) throw new Error('appendWith: no outcome')
      if ('error' in outcome) throw outcome.error
      return outcome.ok
    },
  }
}
