import pg from 'pg'
import { checkout } from '../postgres/checkout.js'
import { inTransaction } from '../postgres/transaction.js'
import { createSchema, lockKeys } from '../postgres/locks.js'
import type { WebhookSubscription } from './subscription.js'
import {
  attemptOf,
  deliveryOf,
  ADDED_SUBSCRIPTION_COLUMNS,
  disabledError,
  dueOf,
  FORGET_PREVIOUS,
  isCurrentSecret,
  PREVIOUS_WHILE_DUE,
  HELD,
  subscriptionOf,
  type AttemptRow,
  type CreateSubscription,
  type DeliveryRow,
  type DueDelivery,
  type EnqueueInput,
  type SubscriptionRow,
  type WebhookAttempt,
  type WebhookStore,
  type WebhookStoreOptions,
} from './store.js'
import { clearSecrets, isSealedSecret, sealingsOfClear } from './sealedSecrets.js'

/** The pool and schema of the PostgreSQL event store: the outbox lives in the log's own database and schema. */
export interface PgWebhookHome {
  readonly pool: pg.Pool
  readonly schema: string
}

// bigint columns come back as strings (pg does not guess at precision); positions and times are safe integers.
type Raw<T> = { [K in keyof T]: T[K] extends number ? number | string : T[K] extends number | null ? number | string | null : T[K] }
const n = (v: number | string): number => Number(v)
const nn = (v: number | string | null): number | null => (v === null ? null : Number(v))
const subscriptionRow = (r: Raw<SubscriptionRow>): SubscriptionRow => ({
  ...r,
  personal_data: n(r.personal_data),
  created_at: n(r.created_at),
  from_position: n(r.from_position),
  deleted_at: nn(r.deleted_at),
  disabled_at: nn(r.disabled_at),
  previous_secret_until: nn(r.previous_secret_until),
  secret_rotated_at: nn(r.secret_rotated_at),
})
const deliveryRow = (r: Raw<DeliveryRow>): DeliveryRow => ({
  ...r,
  position: n(r.position),
  attempts: n(r.attempts),
  failures: n(r.failures),
  created_at: n(r.created_at),
  next_at: n(r.next_at),
  delivered_at: nn(r.delivered_at),
  dead_at: nn(r.dead_at),
  last_status: nn(r.last_status),
})
const attemptRow = (r: Raw<AttemptRow>): AttemptRow => ({ ...r, attempt: n(r.attempt), at: n(r.at), status_code: nn(r.status_code), duration_ms: n(r.duration_ms) })

const schemaOf = (s: string): readonly string[] => [
  `CREATE TABLE IF NOT EXISTS ${s}.webhook_subscriptions (
     id text PRIMARY KEY, url text NOT NULL, event_types text NOT NULL, jurisdiction text NOT NULL,
     personal_data integer NOT NULL, description text, secret text, status text NOT NULL,
     created_at bigint NOT NULL, created_by text NOT NULL, from_position bigint NOT NULL,
     deleted_at bigint, deleted_by text)`,
  // Columns added since (a schema made by an earlier build gets them here, under the outbox lock).
  ...ADDED_SUBSCRIPTION_COLUMNS.map(([column, , type]) => `ALTER TABLE ${s}.webhook_subscriptions ADD COLUMN IF NOT EXISTS ${column} ${type}`),
  `CREATE TABLE IF NOT EXISTS ${s}.webhook_deliveries (
     id text PRIMARY KEY, subscription_id text NOT NULL, position bigint NOT NULL, stream_id text NOT NULL,
     case_type text NOT NULL, case_id text NOT NULL, event_id text NOT NULL, event_type text NOT NULL,
     status text NOT NULL, attempts integer NOT NULL DEFAULT 0, failures integer NOT NULL DEFAULT 0,
     created_at bigint NOT NULL, next_at bigint NOT NULL, delivered_at bigint, dead_at bigint,
     last_status integer, last_error text,
     UNIQUE (subscription_id, position))`,
  `CREATE INDEX IF NOT EXISTS webhook_pending_order ON ${s}.webhook_deliveries (subscription_id, stream_id, position) WHERE status = 'pending'`,
  `CREATE INDEX IF NOT EXISTS webhook_pending_due ON ${s}.webhook_deliveries (next_at, position) WHERE status = 'pending'`,
  `CREATE INDEX IF NOT EXISTS webhook_by_subscription ON ${s}.webhook_deliveries (subscription_id, position)`,
  `CREATE INDEX IF NOT EXISTS webhook_by_status ON ${s}.webhook_deliveries (status, position)`,
  `CREATE TABLE IF NOT EXISTS ${s}.webhook_attempts (
     delivery_id text NOT NULL, attempt integer NOT NULL, at bigint NOT NULL, outcome text NOT NULL,
     status_code integer, error text, duration_ms integer NOT NULL,
     PRIMARY KEY (delivery_id, attempt))`,
  `CREATE TABLE IF NOT EXISTS ${s}.webhook_enqueued (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)`,
]

/**
 * The webhook outbox in PostgreSQL (Webhook-Zustellung), beside the log: the same three tables, statements and
 * semantics as `sqliteWebhookStore`, so every server over one database shares its subscriptions and deliveries.
 *
 * SQLite serialises every write transaction (and `create` / `passOverIfNone` take the write lock first, IMMEDIATE).
 * PostgreSQL under READ COMMITTED does not, and the outbox's rules rest on that serial order:
 * - `enqueue` reads the active subscriptions and moves the enqueued mark; `create` reads the mark and inserts a
 *   subscription. Interleaved, a subscription could start before an event that was matched without it (owed for ever).
 * - `enqueue` holds a new delivery behind a pending one of its case; a `record` settling that one at the same moment
 *   could leave the new one held with nothing before it (stuck for ever).
 * So every write transaction here first takes one transaction-scoped advisory lock, `pg_advisory_xact_lock(webhooks,
 * hashtext(schema))`: an advisory lock rather than `SELECT … FOR UPDATE` on the `webhook_enqueued` row because that row
 * does not exist until the first event is matched (nothing to lock before), and because `record`, `retry` and
 * `remove` must be serialised with `enqueue` too though they never touch that row. The lock is held for a few short
 * statements and released at COMMIT or ROLLBACK (a dead connection cannot keep it). Reads take no lock.
 */
export const postgresWebhookStore = (home: PgWebhookHome, options: WebhookStoreOptions = {}): WebhookStore => {
  const { pool } = home
  const secrets = options.secrets ?? clearSecrets
  const s = pg.escapeIdentifier(home.schema)
  const subs = `${s}.webhook_subscriptions`
  const dels = `${s}.webhook_deliveries`
  const atts = `${s}.webhook_attempts`
  const enq = `${s}.webhook_enqueued`
  const lock = async (client: pg.PoolClient): Promise<void> => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockKeys.webhooks, home.schema])
  }
  /** One transaction holding the outbox lock: COMMIT when `work` resolves, ROLLBACK when it rejects. */
  const locked = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    await ready
    return inTransaction(pool, async (client) => {
      await lock(client)
      return work(client)
    })
  }
  const ready = (async () => {
    const { client, release } = await checkout(pool)
    try {
      // Servers starting together on a fresh database must not both create the tables (IF NOT EXISTS races).
      await client.query('BEGIN')
      await lock(client)
      await createSchema(client, s)
      for (const statement of schemaOf(s)) await client.query(statement)
      // Secrets kept in clear (stored before a key was configured) are sealed once a key is, under the same lock.
      if (secrets.sealing) {
        const rows = await client.query<{ id: string; secret: string }>(`SELECT id, secret FROM ${subs} WHERE status <> 'deleted' AND secret IS NOT NULL`)
        for (const { id, clear, sealed } of sealingsOfClear(rows.rows, secrets)) {
          await client.query(`UPDATE ${subs} SET secret = $1 WHERE id = $2 AND secret = $3`, [sealed, id, clear])
        }
        // A rotated secret's predecessor kept in clear (rotated before the key was configured) is sealed the same way.
        const previous = (await client.query<{ id: string; secret: string }>(`SELECT id, previous_secret AS secret FROM ${subs} WHERE previous_secret IS NOT NULL`)).rows
        const sealedOnes = rows.rows.filter((r) => isSealedSecret(r.secret))
        for (const { id, clear, sealed } of sealingsOfClear([...previous, ...sealedOnes], secrets)) {
          if (previous.some((r) => r.id === id && r.secret === clear)) await client.query(`UPDATE ${subs} SET previous_secret = $1 WHERE id = $2 AND previous_secret = $3`, [sealed, id, clear])
        }
      }
      await client.query('COMMIT')
      release()
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      release(true)
      throw error
    }
  })()
  ready.catch(() => undefined)
  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> => {
    await ready
    return (await pool.query<R>(sql, values)).rows
  }
  const selectSubscription = async (id: string): Promise<SubscriptionRow | undefined> => {
    const row = (await query<Raw<SubscriptionRow>>(`SELECT * FROM ${subs} WHERE id = $1`, [id]))[0]
    return row === undefined ? undefined : subscriptionRow(row)
  }
  const selectDelivery = async (c: pg.PoolClient | pg.Pool, id: string): Promise<DeliveryRow | undefined> => {
    const row = (await c.query<Raw<DeliveryRow>>(`SELECT * FROM ${dels} WHERE id = $1`, [id])).rows[0]
    return row === undefined ? undefined : deliveryRow(row)
  }
  const anyActive = async (c: pg.PoolClient | pg.Pool): Promise<boolean> => (await c.query(`SELECT 1 FROM ${subs} WHERE status = 'active' LIMIT 1`)).rows.length > 0
  const saveEnqueued = (c: pg.PoolClient, position: number) =>
    c.query(`INSERT INTO ${enq} (id, position) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET position = greatest(${enq}.position, excluded.position)`, [position])
  // After a change to a (subscription, case): its earliest pending delivery is due (now, if it was held), the rest held.
  const settle = async (c: pg.PoolClient, sub: string, stream: string, now: number): Promise<void> => {
    await c.query(
      `UPDATE ${dels} SET next_at = $3 WHERE next_at = ${HELD} AND id = (
         SELECT id FROM ${dels} WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending' ORDER BY position LIMIT 1)`,
      [sub, stream, now],
    )
    await c.query(
      `UPDATE ${dels} SET next_at = ${HELD} WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending' AND next_at <> ${HELD}
         AND position > (SELECT min(position) FROM ${dels} WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending')`,
      [sub, stream],
    )
  }
  const requeue = async (c: pg.PoolClient, id: string, now: number): Promise<boolean> => {
    const row = await selectDelivery(c, id)
    if (row === undefined) return false
    const changed = await c.query(`UPDATE ${dels} SET status = 'pending', failures = 0, next_at = ${HELD}, dead_at = NULL WHERE id = $1 AND status = 'dead'`, [id])
    if (changed.rowCount !== 1) return false
    // Due now if it is the earliest pending one of its case again; else held behind the one before it.
    await settle(c, row.subscription_id, row.stream_id, now)
    return true
  }

  return {
    create: async (sub: CreateSubscription) => {
      await locked(async (c) => {
        // After both the log's end as the caller saw it and every event already matched: never an event from before it
        // existed, and none falls between (an event is matched either with this subscription or before it, never neither).
        const enqueued = (await c.query<{ position: string }>(`SELECT position FROM ${enq} WHERE id = 1`)).rows[0]
        const from = Math.max(sub.logPosition, enqueued === undefined ? -1 : Number(enqueued.position))
        await c.query(
          `INSERT INTO ${subs} (id, url, event_types, jurisdiction, personal_data, description, secret, status, created_at, created_by, from_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [sub.id, sub.url, JSON.stringify(sub.eventTypes), sub.jurisdiction, sub.personalData ? 1 : 0, sub.description ?? null, secrets.seal(sub.id, sub.secret), Date.parse(sub.createdAt), sub.createdBy, from],
        )
      })
      const row = await selectSubscription(sub.id)
      if (row === undefined) throw new Error(`subscription ${sub.id} not kept`)
      return subscriptionOf(row)
    },
    list: async () => (await query<Raw<SubscriptionRow>>(`SELECT * FROM ${subs} ORDER BY created_at, id`)).map((r) => subscriptionOf(subscriptionRow(r))),
    anyActive: async () => {
      await ready
      return anyActive(pool)
    },
    passOverIfNone: async (position) =>
      locked(async (c) => {
        if (await anyActive(c)) return false
        await saveEnqueued(c, position)
        return true
      }),
    secret: async (id) => {
      const stored = (await selectSubscription(id))?.secret
      return stored === undefined || stored === null ? undefined : secrets.open(id, stored)
    },
    get: async (id) => {
      const row = await selectSubscription(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    remove: async (id, by, atMs) => {
      await locked(async (c) => {
        const deleted = await c.query(`UPDATE ${subs} SET status = 'deleted', secret = NULL, previous_secret = NULL, previous_secret_until = NULL, deleted_at = $1, deleted_by = $2 WHERE id = $3 AND status IN ('active', 'disabled')`, [atMs, by, id])
        if (deleted.rowCount === 1) await c.query(`UPDATE ${dels} SET status = 'cancelled' WHERE subscription_id = $1 AND status = 'pending'`, [id])
      })
      const row = await selectSubscription(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    enqueue: async (event: EnqueueInput, wants: (s: WebhookSubscription) => boolean) =>
      locked(async (c) => {
        let inserted = 0
        const active = (await c.query<Raw<SubscriptionRow>>(`SELECT * FROM ${subs} WHERE status = 'active' AND from_position < $1`, [event.position])).rows
        for (const row of active) {
          const subscription = subscriptionOf(subscriptionRow(row))
          if (!wants(subscription)) continue
          const behind = (await c.query(`SELECT 1 FROM ${dels} WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending' LIMIT 1`, [subscription.id, event.streamId])).rows.length > 0
          const result = await c.query(
            `INSERT INTO ${dels} (id, subscription_id, position, stream_id, case_type, case_id, event_id, event_type, status, created_at, next_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) ON CONFLICT DO NOTHING`,
            [event.deliveryId(subscription.id), subscription.id, event.position, event.streamId, event.caseType, event.caseId, event.eventId, event.eventType, event.nowMs, behind ? HELD : event.nowMs],
          )
          inserted += result.rowCount ?? 0
        }
        // In the same transaction as the rows: a subscription created from now on starts after this event (see create).
        await saveEnqueued(c, event.position)
        return inserted
      }),
    rotate: async (id, secret, atMs, until) => {
      await locked(async (c) => {
        // Already the current secret (a retried rotation): nothing changes — decided under the outbox lock, so a retry
        // racing the first call (on this server or another) cannot make the secret its own predecessor.
        const current = (await c.query<{ secret: string | null }>(`SELECT secret FROM ${subs} WHERE id = $1`, [id])).rows[0]?.secret
        if (current !== undefined && current !== null && isCurrentSecret(secrets, id, current, secret)) return
        await c.query(
          `UPDATE ${subs} SET previous_secret = secret, previous_secret_until = $3, secret = $2, secret_rotated_at = $4 WHERE id = $1 AND status IN ('active', 'disabled')`,
          [id, secrets.seal(id, secret), Math.max(atMs, until), atMs],
        )
      })
      const row = await selectSubscription(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    forgetPreviousSecrets: async (now) => (await locked((c) => c.query(`UPDATE ${subs} SET ${FORGET_PREVIOUS.replace('?', '$1')}`, [now]))).rowCount ?? 0,
    due: async (now, limit, except = []) =>
      (
        await query<Raw<DeliveryRow> & { url: string; secret: string; previous_secret: string | null; personal_data: number }>(
          `SELECT d.*, s.url, s.secret, ${PREVIOUS_WHILE_DUE('$1')}, s.personal_data FROM ${dels} d JOIN ${subs} s ON s.id = d.subscription_id
           WHERE d.status = 'pending' AND d.next_at <= $1 AND s.status = 'active' AND NOT (d.subscription_id = ANY($3::text[]))
           ORDER BY d.next_at, d.position LIMIT $2`,
          [now, limit, except],
        )
      ).map((r): DueDelivery => dueOf({ ...deliveryRow(r), url: r.url, secret: r.secret, previous_secret: r.previous_secret, personal_data: r.personal_data }, secrets)),
    nextDue: async () => {
      const row = (await query<{ next: string }>(`SELECT next_at AS next FROM ${dels} WHERE status = 'pending' AND next_at < ${HELD} ORDER BY next_at, position LIMIT 1`))[0]
      return row === undefined ? undefined : Number(row.next)
    },
    record: async (id, a: Omit<WebhookAttempt, 'attempt' | 'at'> & { readonly atMs: number }, retryAtMs, disable) =>
      locked(async (c) => {
        const row = await selectDelivery(c, id)
        if (row === undefined || row.status !== 'pending') return
        const attempt = row.attempts + 1
        const statusCode = a.statusCode ?? null
        const error = a.error?.slice(0, 500) ?? null
        await c.query(
          `INSERT INTO ${atts} (delivery_id, attempt, at, outcome, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, attempt, a.atMs, a.outcome, statusCode, error, Math.round(a.durationMs)],
        )
        if (a.outcome === 'delivered')
          await c.query(
            `UPDATE ${dels} SET status = 'delivered', attempts = $2, delivered_at = $3, last_status = $4, last_error = NULL WHERE id = $1 AND status = 'pending'`,
            [id, attempt, a.atMs, statusCode],
          )
        else
          await c.query(
            `UPDATE ${dels} SET attempts = $2, failures = failures + 1, last_status = $4, last_error = $5,
               status = CASE WHEN $6::bigint IS NULL THEN 'dead' ELSE 'pending' END,
               next_at = coalesce($6::bigint, next_at), dead_at = CASE WHEN $6::bigint IS NULL THEN $3::bigint ELSE NULL END
             WHERE id = $1 AND status = 'pending'`,
            [id, attempt, a.atMs, statusCode, error, disable === undefined ? (retryAtMs ?? null) : null],
          )
        // A span of failures (ifFailingSince): only if the first failed attempt after the last delivery and the last
        // disabling is no later than it (see WebhookStore.record).
        const failedThroughout = async (since: number | undefined): Promise<boolean> => {
          if (since === undefined) return true
          const first = (
            await c.query<{ since: string | null }>(
              `SELECT min(a.at) AS since FROM ${atts} a JOIN ${dels} d ON d.id = a.delivery_id
               WHERE d.subscription_id = $1 AND a.outcome = 'failed'
                 AND a.at > greatest(coalesce((SELECT max(delivered_at) FROM ${dels} WHERE subscription_id = $1), -1),
                                     coalesce((SELECT disabled_at FROM ${subs} WHERE id = $1), -1))`,
              [row.subscription_id],
            )
          ).rows[0]?.since
          return first !== null && first !== undefined && Number(first) <= since
        }
        if (disable !== undefined && a.outcome === 'failed' && (await failedThroughout(disable.ifFailingSince))) {
          const disabled = await c.query(
            `UPDATE ${subs} SET status = 'disabled', disabled_at = $1, disabled_reason = $2 WHERE id = $3 AND status = 'active'`,
            [a.atMs, disable.reason.slice(0, 500), row.subscription_id],
          )
          if (disabled.rowCount === 1) {
            await c.query(`UPDATE ${dels} SET status = 'dead', dead_at = $1, last_error = $2 WHERE subscription_id = $3 AND status = 'pending'`, [a.atMs, disabledError(disable.reason), row.subscription_id])
          }
        }
        await settle(c, row.subscription_id, row.stream_id, a.atMs)
      }),
    enable: async (id, now) => {
      await locked(async (c) => {
        // What the disabling dead-lettered (dead at the instant it was disabled) is pending again in the same transaction,
        // ahead of any event queued after the enable: a case's events still reach the receiver in order.
        const held = (
          await c.query<{ id: string }>(
            `SELECT d.id FROM ${dels} d JOIN ${subs} s ON s.id = d.subscription_id
             WHERE d.subscription_id = $1 AND s.status = 'disabled' AND d.status = 'dead' AND d.dead_at = s.disabled_at ORDER BY d.position`,
            [id],
          )
        ).rows
        // disabled_at stays (shown only while disabled): the failures before it do not count against the enabled subscription.
        const enabled = await c.query(`UPDATE ${subs} SET status = 'active', disabled_reason = NULL WHERE id = $1 AND status = 'disabled'`, [id])
        if (enabled.rowCount === 1) for (const d of held) await requeue(c, d.id, now)
      })
      const row = await selectSubscription(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    delivery: async (id) => {
      await ready
      const row = await selectDelivery(pool, id)
      return row === undefined ? undefined : deliveryOf(row)
    },
    deliveries: async (q) => {
      const values: unknown[] = [q.subscriptionIds, q.limit]
      const where = [
        // The ids as one array parameter: one statement whatever their number.
        'subscription_id = ANY($1::text[])',
        ...(q.status === undefined ? [] : [`status = $${values.push(q.status)}`]),
        ...(q.before === undefined ? [] : [`position < $${values.push(q.before)}`]),
      ]
      const rows = await query<Raw<DeliveryRow>>(`SELECT * FROM ${dels} WHERE ${where.join(' AND ')} ORDER BY position DESC, subscription_id LIMIT $2`, values)
      return rows.map((r) => deliveryOf(deliveryRow(r)))
    },
    attempts: async (deliveryId) => (await query<Raw<AttemptRow>>(`SELECT * FROM ${atts} WHERE delivery_id = $1 ORDER BY attempt`, [deliveryId])).map((r) => attemptOf(attemptRow(r))),
    retry: async (id, now) => {
      if (!(await locked((c) => requeue(c, id, now)))) return undefined
      await ready
      const row = await selectDelivery(pool, id)
      return row === undefined ? undefined : deliveryOf(row)
    },
    retryAll: async (subscriptionId, now) =>
      locked(async (c) => {
        const dead = (await c.query<{ id: string }>(`SELECT id FROM ${dels} WHERE subscription_id = $1 AND status = 'dead' ORDER BY position`, [subscriptionId])).rows
        let requeued = 0
        for (const d of dead) if (await requeue(c, d.id, now)) requeued += 1
        return requeued
      }),
    counts: async () => {
      const rows = await query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${dels} WHERE status IN ('pending', 'dead') GROUP BY status`)
      const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0)
      return { pending: of('pending'), dead: of('dead') }
    },
    prune: async (before) =>
      locked(async (c) => {
        const settled = `(status = 'delivered' AND delivered_at < $1) OR (status = 'cancelled' AND created_at < $1)`
        await c.query(`DELETE FROM ${atts} WHERE delivery_id IN (SELECT id FROM ${dels} WHERE ${settled})`, [before])
        return (await c.query(`DELETE FROM ${dels} WHERE ${settled}`, [before])).rowCount ?? 0
      }),
  }
}
