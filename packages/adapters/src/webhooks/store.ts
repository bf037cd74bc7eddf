import type Database from 'better-sqlite3'
import { timingSafeEqual } from 'node:crypto'
import { clearSecrets, isSealedSecret, sealingsOfClear, wipe, type SecretSealer } from './sealedSecrets.js'
import type { WebhookSubscription } from './subscription.js'

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled'

/** One attempt to deliver (the delivery log an admin reads). */
export interface WebhookAttempt {
  readonly attempt: number
  readonly at: string
  readonly outcome: 'delivered' | 'failed'
  /** The receiver's HTTP status; absent when there was no answer (refused, timed out). */
  readonly statusCode?: number
  readonly error?: string
  readonly durationMs: number
}

/** One event for one subscription (the outbox row): pending until delivered, dead-lettered or cancelled. */
export interface WebhookDelivery {
  /** Also the `webhook-id` header: the same for every attempt, so a receiver can drop a repeat. */
  readonly id: string
  readonly subscriptionId: string
  readonly position: number
  readonly streamId: string
  readonly caseType: string
  readonly caseId: string
  readonly eventId: string
  readonly eventType: string
  readonly status: DeliveryStatus
  /** Every attempt ever made; `failures` counts those since it was last (re)queued, toward the dead-letter limit. */
  readonly attempts: number
  readonly failures: number
  readonly createdAt: string
  /** When the next attempt is due (pending, and not held behind an earlier event of its case). */
  readonly nextAttemptAt?: string
  /** Pending behind an earlier event of its case (per case, in order): due once that one is delivered or dead-lettered. */
  readonly held?: boolean
  readonly deliveredAt?: string
  readonly deadAt?: string
  readonly lastStatusCode?: number
  readonly lastError?: string
}

/** A delivery due now, with what sending it needs. */
export interface DueDelivery extends WebhookDelivery {
  readonly url: string
  readonly secret: string
  /** The secret a rotation replaced, while its overlap window lasts: the delivery is signed with both. */
  readonly previousSecret?: string
  readonly personalData: boolean
}

/** An event matched against the subscriptions (what the enqueuer knows of it). */
export interface EnqueueInput {
  readonly position: number
  readonly streamId: string
  readonly eventId: string
  readonly eventType: string
  readonly caseType: string
  readonly caseId: string
  readonly jurisdiction: string
  readonly nowMs: number
  /** The delivery id for a subscription: stable per (subscription, event). */
  readonly deliveryId: (subscriptionId: string) => string
}

export interface CreateSubscription {
  readonly id: string
  readonly url: string
  readonly eventTypes: readonly string[]
  readonly jurisdiction: string
  readonly personalData: boolean
  readonly description?: string
  readonly secret: string
  readonly createdAt: string
  readonly createdBy: string
  /** Where the log ends now: the subscription gets the events after it. */
  readonly logPosition: number
}

export interface DeliveryQuery {
  readonly status?: DeliveryStatus
  /** Only these subscriptions' deliveries (the ones the reader may see). */
  readonly subscriptionIds: readonly string[]
  /** Newest first; the page after the one whose last position was this. */
  readonly before?: number
  readonly limit: number
}

/**
 * Subscriptions, the outbox and the delivery log (Webhook-Zustellung). The SQLite implementation keeps them in the
 * read-model file beside the processes' checkpoints and leases; the PostgreSQL one (`postgresWebhookStore`,
 * postgresStore.ts) keeps the same tables in the store's schema behind this interface (async for that reason).
 */
export interface WebhookStore {
  /** Keeps a new subscription; one with its id already kept (a retried create) is left as it is and returned. */
  create(subscription: CreateSubscription): Promise<WebhookSubscription>
  list(): Promise<readonly WebhookSubscription[]>
  /** Is any subscription active? (None: the feeder need not look at events at all.) */
  anyActive(): Promise<boolean>
  /**
   * When nothing is subscribed, records that the feeder passed over the log up to `position` and answers true (a
   * subscription created afterwards starts after it); when something is, answers false and records nothing. One
   * write transaction with `create`, so a subscription is either seen here or starts after what was passed over.
   */
  passOverIfNone(position: number): Promise<boolean>
  get(id: string): Promise<WebhookSubscription | undefined>
  /** The signing secret of a subscription not deleted (active or disabled; a retried create shows it again). */
  secret(id: string): Promise<string | undefined>
  /**
   * A new signing secret for a subscription not deleted, in one transaction: the one it replaces is kept (sealed, as
   * the current one) as the previous secret until `previousUntilMs` — `due` gives it beside the new one while
   * `nowMs < previousUntilMs`, never after, whether or not anything dropped it yet. A previous secret still kept is
   * replaced (at most two sign). A `secret` that is already the current one changes nothing (a retried rotation, decided
   * in the same transaction). The subscription as it is after (a deleted one unchanged); undefined: no such subscription.
   */
  rotate(id: string, secret: string, atMs: number, previousUntilMs: number): Promise<WebhookSubscription | undefined>
  /** Drops the previous secrets whose overlap window ended by `nowMs` (the dispatcher's hourly pass, and its first); how many. */
  forgetPreviousSecrets(nowMs: number): Promise<number>
  /** Deleted for good (active or disabled): no more deliveries (pending ones cancelled), the secret forgotten; it and its log stay readable. */
  remove(id: string, by: string, atMs: number): Promise<WebhookSubscription | undefined>
  /** Queues the event for every active subscription that wants it (once: a repeat inserts nothing); how many. */
  enqueue(event: EnqueueInput, wants: (subscription: WebhookSubscription) => boolean): Promise<number>
  /**
   * Due deliveries, each the oldest pending one of its (subscription, case): a case's events go out in order; the oldest
   * due first. `except`: none of these subscriptions' (the dispatcher's fair share: one receiver that is down does not
   * take every place in flight).
   */
  due(nowMs: number, limit: number, except?: readonly string[]): Promise<readonly DueDelivery[]>
  /** When the earliest pending delivery that may go next is due (ms), if any. */
  nextDue(): Promise<number | undefined>
  /**
   * Records an attempt: delivered, or failed with when to try again (`undefined`: dead-lettered). With `disable` (the
   * receiver answered 410 Gone) in the same transaction: the delivery is a dead letter whatever `retryAtMs` says, its
   * subscription, if active, is `disabled` with the reason, and its other pending deliveries are dead letters too, their
   * `lastError` saying why (`enable` sends them again). With `disable.ifFailingSince` (a dead letter, when the
   * subscription may have failed for the whole span, `GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS`) only if it has: its first
   * failed attempt after its last delivery (and after it was last disabled) is no later than that. Nothing is recorded
   * for a delivery no longer pending (one in flight when another disabled its subscription).
   */
  record(
    id: string,
    attempt: Omit<WebhookAttempt, 'attempt' | 'at'> & { readonly atMs: number },
    retryAtMs: number | undefined,
    disable?: WebhookDisable,
  ): Promise<void>
  /**
   * A disabled subscription active again (new events are queued for it from now on), and in the same transaction what
   * its disabling dead-lettered (the delivery answered 410 Gone and the pending ones with it) pending again, each case's
   * earliest due at `nowMs`: ahead of any event queued after, so a case's events still reach the receiver in order. Any
   * other subscription is left as it is (older dead letters stay for the dead-letter retry). Undefined: no such subscription.
   */
  enable(id: string, nowMs: number): Promise<WebhookSubscription | undefined>
  delivery(id: string): Promise<WebhookDelivery | undefined>
  deliveries(query: DeliveryQuery): Promise<readonly WebhookDelivery[]>
  attempts(deliveryId: string): Promise<readonly WebhookAttempt[]>
  /** A dead letter queued again (due now, its failures reset); undefined when it is not dead. */
  retry(id: string, nowMs: number): Promise<WebhookDelivery | undefined>
  /** Every dead letter of a subscription queued again; how many. */
  retryAll(subscriptionId: string, nowMs: number): Promise<number>
  /** How many deliveries are pending (queued, held or waiting on a retry) and dead, for `/metrics`. */
  counts(): Promise<{ readonly pending: number; readonly dead: number }>
  /** Drops delivered and cancelled deliveries settled before `beforeMs`, with their attempts; how many. Dead letters stay. */
  prune(beforeMs: number): Promise<number>
}

/** A subscription row as both stores keep it (times in ms since the epoch; `personal_data` 0 or 1). */
export interface SubscriptionRow {
  id: string
  url: string
  event_types: string
  jurisdiction: string
  personal_data: number
  description: string | null
  secret: string | null
  status: 'active' | 'disabled' | 'deleted'
  created_at: number
  created_by: string
  from_position: number
  deleted_at: number | null
  deleted_by: string | null
  disabled_at: number | null
  disabled_reason: string | null
  previous_secret: string | null
  previous_secret_until: number | null
  secret_rotated_at: number | null
}

export interface DeliveryRow {
  id: string
  subscription_id: string
  position: number
  stream_id: string
  case_type: string
  case_id: string
  event_id: string
  event_type: string
  status: DeliveryStatus
  attempts: number
  failures: number
  created_at: number
  next_at: number
  delivered_at: number | null
  dead_at: number | null
  last_status: number | null
  last_error: string | null
}

export interface AttemptRow {
  attempt: number
  at: number
  outcome: 'delivered' | 'failed'
  status_code: number | null
  error: string | null
  duration_ms: number
}

const iso = (ms: number): string => new Date(ms).toISOString()

export const subscriptionOf = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  url: r.url,
  eventTypes: JSON.parse(r.event_types) as string[],
  jurisdiction: r.jurisdiction,
  personalData: r.personal_data === 1,
  ...(r.description === null ? {} : { description: r.description }),
  status: r.status,
  createdAt: iso(r.created_at),
  createdBy: r.created_by,
  fromPosition: r.from_position,
  ...(r.disabled_at === null || r.status !== 'disabled' ? {} : { disabledAt: iso(r.disabled_at) }),
  ...(r.disabled_reason === null || r.status !== 'disabled' ? {} : { disabledReason: r.disabled_reason }),
  ...(r.deleted_at === null ? {} : { deletedAt: iso(r.deleted_at) }),
  ...(r.deleted_by === null ? {} : { deletedBy: r.deleted_by }),
  ...(r.previous_secret === null || r.previous_secret_until === null ? {} : { previousSecretUntil: iso(r.previous_secret_until) }),
  ...(r.secret_rotated_at === null ? {} : { secretRotatedAt: iso(r.secret_rotated_at) }),
})

export const deliveryOf = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  position: r.position,
  streamId: r.stream_id,
  caseType: r.case_type,
  caseId: r.case_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  failures: r.failures,
  createdAt: iso(r.created_at),
  ...(r.status !== 'pending' ? {} : r.next_at === HELD ? { held: true } : { nextAttemptAt: iso(r.next_at) }),
  ...(r.delivered_at === null ? {} : { deliveredAt: iso(r.delivered_at) }),
  ...(r.dead_at === null ? {} : { deadAt: iso(r.dead_at) }),
  ...(r.last_status === null ? {} : { lastStatusCode: r.last_status }),
  ...(r.last_error === null ? {} : { lastError: r.last_error }),
})

export const attemptOf = (r: AttemptRow): WebhookAttempt => ({
  attempt: r.attempt,
  at: iso(r.at),
  outcome: r.outcome,
  ...(r.status_code === null ? {} : { statusCode: r.status_code }),
  ...(r.error === null ? {} : { error: r.error }),
  durationMs: r.duration_ms,
})

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, event_types TEXT NOT NULL, jurisdiction TEXT NOT NULL,
  personal_data INTEGER NOT NULL, description TEXT, secret TEXT, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, from_position INTEGER NOT NULL,
  deleted_at INTEGER, deleted_by TEXT, disabled_at INTEGER, disabled_reason TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, position INTEGER NOT NULL, stream_id TEXT NOT NULL,
  case_type TEXT NOT NULL, case_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, next_at INTEGER NOT NULL, delivered_at INTEGER, dead_at INTEGER,
  last_status INTEGER, last_error TEXT,
  UNIQUE (subscription_id, position)
) STRICT;
CREATE INDEX IF NOT EXISTS webhook_pending_order ON webhook_deliveries (subscription_id, stream_id, position) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_pending_due ON webhook_deliveries (next_at, position) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_by_subscription ON webhook_deliveries (subscription_id, position);
CREATE INDEX IF NOT EXISTS webhook_by_status ON webhook_deliveries (status, position);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, outcome TEXT NOT NULL,
  status_code INTEGER, error TEXT, duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
) STRICT;
CREATE TABLE IF NOT EXISTS webhook_enqueued (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT;
`

/**
 * Columns added since the tables first shipped, to a file made before (the webhook tables live in the read-model file,
 * whose user_version is not theirs: a column that is there is the version). Append; never edit a shipped one.
 */
export const ADDED_SUBSCRIPTION_COLUMNS: readonly (readonly [column: string, sqlite: string, postgres: string])[] = [
  // 410 Gone disables a subscription (it says when and why).
  ['disabled_at', 'INTEGER', 'bigint'],
  ['disabled_reason', 'TEXT', 'text'],
  // A rotated secret's predecessor (sealed as `secret` is) and the end of its overlap window.
  ['previous_secret', 'TEXT', 'text'],
  ['previous_secret_until', 'INTEGER', 'bigint'],
  // When its secret was last rotated (kept after the previous secret is dropped: a create's answer is not repeated since).
  ['secret_rotated_at', 'INTEGER', 'bigint'],
]

/** Adds the columns a file made by an earlier build lacks, under the write lock (two processes opening it at once). */
const addColumns = (db: Database.Database): void => {
  const missing = () => {
    const present = new Set((db.pragma('table_info(webhook_subscriptions)') as { name: string }[]).map((c) => c.name))
    return ADDED_SUBSCRIPTION_COLUMNS.filter(([column]) => !present.has(column))
  }
  if (missing().length === 0) return
  db.transaction(() => {
    for (const [column, type] of missing()) db.exec(`ALTER TABLE webhook_subscriptions ADD COLUMN ${column} ${type}`)
  }).immediate()
}

/** Why a subscription is disabled, and, for one that failed too long, since when it must have failed throughout (epoch ms). */
export interface WebhookDisable {
  readonly reason: string
  readonly ifFailingSince?: number
}

/**
 * The previous secret of a due delivery's subscription (`s`), while its overlap window lasts at `now` (a parameter):
 * the store's rule, so a window that ended is never signed with, whether or not `forgetPreviousSecrets` ran since.
 */
export const PREVIOUS_WHILE_DUE = (now: string): string => `CASE WHEN s.previous_secret_until > ${now} THEN s.previous_secret END AS previous_secret`

/** The SET and WHERE that drop every previous secret whose window ended by the parameter (`?` / `$1`). */
export const FORGET_PREVIOUS = 'previous_secret = NULL, previous_secret_until = NULL WHERE previous_secret IS NOT NULL AND previous_secret_until <= ?'

/** Are two secrets the same? Compared in constant time (for equal lengths), the bytes compared wiped after. */
export const sameSecret = (x: string, y: string): boolean => {
  const [a, b] = [Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')]
  try {
    return a.length === b.length && timingSafeEqual(a, b)
  } finally {
    wipe(a, b)
  }
}

/** Is `secret` the one `stored` (a subscription's current secret, sealed or in clear) holds? Compared in constant time. */
export const isCurrentSecret = (secrets: SecretSealer, id: string, stored: string, secret: string): boolean => sameSecret(secrets.open(id, stored), secret)

/** A due row, its secrets opened. */
export const dueOf = (r: DeliveryRow & { url: string; secret: string; previous_secret: string | null; personal_data: number | string }, secrets: SecretSealer): DueDelivery => ({
  ...deliveryOf(r),
  url: r.url,
  secret: secrets.open(r.subscription_id, r.secret),
  ...(r.previous_secret === null ? {} : { previousSecret: secrets.open(r.subscription_id, r.previous_secret) }),
  personalData: Number(r.personal_data) === 1,
})

/** What a pending delivery that was not sent says once its subscription is disabled (410 Gone). */
export const disabledError = (reason: string): string => `not sent: the subscription was disabled (${reason})`.slice(0, 500)

/**
 * Ordered per case: of the pending deliveries of one (subscription, case), only the earliest (the head) has a due time;
 * the others are held (`next_at` = HELD, after any time) until it is delivered or dead-lettered, when the next becomes
 * due. So "what is due" is a range of one index, however many deliveries a failing receiver has made wait.
 */
export const HELD = Number.MAX_SAFE_INTEGER

/** Options of a webhook store. */
export interface WebhookStoreOptions {
  /** How signing secrets are kept: sealed under a key outside the database (`secretSealer`), or in clear (default). */
  readonly secrets?: SecretSealer
}

/**
 * Seals the secrets of active subscriptions still kept in clear (`sealingsOfClear`), each row rewritten only if it
 * still holds that clear text (another process may have sealed it meanwhile), all in one transaction; how many.
 */
const sealClearSecrets = (db: Database.Database, secrets: SecretSealer): number => {
  if (!secrets.sealing) return 0
  // Active and disabled ones (a disabled subscription keeps its secret, to be enabled again); a deleted one has none.
  const rows = db.prepare<[], { id: string; secret: string }>("SELECT id, secret FROM webhook_subscriptions WHERE status <> 'deleted' AND secret IS NOT NULL").all()
  const sealings = sealingsOfClear(rows, secrets)
  // A rotated secret's predecessor kept in clear (rotated before the key was configured) is sealed the same way.
  const previous = db.prepare<[], { id: string; secret: string }>('SELECT id, previous_secret AS secret FROM webhook_subscriptions WHERE previous_secret IS NOT NULL').all()
  const previousSealings = sealingsOfClear([...previous, ...rows.filter((r) => isSealedSecret(r.secret))], secrets).filter((p) => previous.some((r) => r.id === p.id && r.secret === p.clear))
  if (sealings.length === 0 && previousSealings.length === 0) return 0
  const reseal = db.prepare<[string, string, string]>('UPDATE webhook_subscriptions SET secret = ? WHERE id = ? AND secret = ?')
  const resealPrevious = db.prepare<[string, string, string]>('UPDATE webhook_subscriptions SET previous_secret = ? WHERE id = ? AND previous_secret = ?')
  return db.transaction(
    () =>
      sealings.reduce((n, { id, clear, sealed }) => n + reseal.run(sealed, id, clear).changes, 0) +
      previousSealings.reduce((n, { id, clear, sealed }) => n + resealPrevious.run(sealed, id, clear).changes, 0),
  )()
}

/**
 * Runs `write` (a transaction) with the connection at synchronous=FULL, then puts it back as it was. The outbox shares the
 * read-model file, opened synchronous=NORMAL since a read model is rebuilt from the log; but a subscription (its secret
 * shown once), its deletion and a dead letter queued again are in no log — the 201, 200 or 202 that answers them must
 * follow a commit on disk, or a power cut after the answer loses it (the rule: nothing acknowledged is ever lost). In WAL
 * mode FULL syncs the log file at the commit, the file's earlier unsynced commits with it. The feeder's and the
 * dispatcher's writes keep NORMAL: lost by a power cut, they are made again (the feeder from its checkpoint in the same
 * file, an attempt whose outcome was lost is made again under the same webhook-id).
 */
const synced = <A extends unknown[], R>(db: Database.Database, write: (...args: A) => R) => (...args: A): R => {
  const before = db.pragma('synchronous', { simple: true }) as number
  // Inside a transaction the level may not change (SQLite refuses): the write is then part of the caller's commit.
  if (before >= 2 || db.inTransaction) return write(...args)
  db.pragma('synchronous = FULL')
  try {
    return write(...args)
  } finally {
    db.pragma(`synchronous = ${before}`)
  }
}

/** The webhook tables in a SQLite file (the read-model file, beside the processes' checkpoints and leases). */
export const sqliteWebhookStore = (db: Database.Database, options: WebhookStoreOptions = {}): WebhookStore => {
  db.exec(SCHEMA)
  addColumns(db)
  const secrets = options.secrets ?? clearSecrets
  sealClearSecrets(db, secrets)
  const insertSubscription = db.prepare(
    `INSERT INTO webhook_subscriptions (id, url, event_types, jurisdiction, personal_data, description, secret, status, created_at, created_by, from_position)
     VALUES (@id, @url, @event_types, @jurisdiction, @personal_data, @description, @secret, 'active', @created_at, @created_by, @from_position)
     ON CONFLICT (id) DO NOTHING`,
  )
  const enqueuedPosition = db.prepare<[], { position: number }>('SELECT position FROM webhook_enqueued WHERE id = 1')
  const saveEnqueued = db.prepare<[number]>(
    'INSERT INTO webhook_enqueued (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = max(position, excluded.position)',
  )
  const selectSubscription = db.prepare<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ?')
  const selectSubscriptions = db.prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions ORDER BY created_at, id')
  const selectAnyActive = db.prepare<[], { n: number }>("SELECT 1 AS n FROM webhook_subscriptions WHERE status = 'active' LIMIT 1")
  const selectActive = db.prepare<[number], SubscriptionRow>("SELECT * FROM webhook_subscriptions WHERE status = 'active' AND from_position < ?")
  const markDeleted = db.prepare<[number, string, string]>(
    "UPDATE webhook_subscriptions SET status = 'deleted', secret = NULL, previous_secret = NULL, previous_secret_until = NULL, deleted_at = ?, deleted_by = ? WHERE id = ? AND status IN ('active', 'disabled')",
  )
  const markDisabled = db.prepare<[number, string, string]>(
    "UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = ?, disabled_reason = ? WHERE id = ? AND status = 'active'",
  )
  // disabled_at stays (shown only while disabled): the failures before it do not count against the enabled subscription.
  const markEnabled = db.prepare<[string]>("UPDATE webhook_subscriptions SET status = 'active', disabled_reason = NULL WHERE id = ? AND status = 'disabled'")
  // The first failed attempt after the subscription's last delivery and its last disabling: since when it has failed.
  const selectFailingSince = db.prepare<[string, string, string], { since: number | null }>(
    `SELECT min(a.at) AS since FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE d.subscription_id = ? AND a.outcome = 'failed'
       AND a.at > max(coalesce((SELECT max(delivered_at) FROM webhook_deliveries WHERE subscription_id = ?), -1),
                      coalesce((SELECT disabled_at FROM webhook_subscriptions WHERE id = ?), -1))`,
  )
  // What the disabling dead-lettered: the 410's delivery and the pending ones, all dead at the instant it was disabled.
  const deadByDisabling = db.prepare<[string], { id: string }>(
    `SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
     WHERE d.subscription_id = ? AND s.status = 'disabled' AND d.status = 'dead' AND d.dead_at = s.disabled_at ORDER BY d.position`,
  )
  const deadLetterPending = db.prepare<[number, string, string]>("UPDATE webhook_deliveries SET status = 'dead', dead_at = ?, last_error = ? WHERE subscription_id = ? AND status = 'pending'")
  const heldBehind = db.prepare<[string, string], { n: number }>(
    "SELECT 1 AS n FROM webhook_deliveries WHERE subscription_id = ? AND stream_id = ? AND status = 'pending' LIMIT 1",
  )
  // After a change to a (subscription, case): its earliest pending delivery is due (now, if it was held), the rest held.
  const releaseHead = db.prepare<[{ sub: string; stream: string; now: number }]>(
    `UPDATE webhook_deliveries SET next_at = @now WHERE next_at = ${HELD} AND id = (
       SELECT id FROM webhook_deliveries WHERE subscription_id = @sub AND stream_id = @stream AND status = 'pending' ORDER BY position LIMIT 1)`,
  )
  const holdRest = db.prepare<[{ sub: string; stream: string }]>(
    `UPDATE webhook_deliveries SET next_at = ${HELD} WHERE subscription_id = @sub AND stream_id = @stream AND status = 'pending' AND next_at <> ${HELD}
       AND position > (SELECT min(position) FROM webhook_deliveries WHERE subscription_id = @sub AND stream_id = @stream AND status = 'pending')`,
  )
  const settle = (sub: string, stream: string, now: number): void => {
    releaseHead.run({ sub, stream, now })
    holdRest.run({ sub, stream })
  }
  const cancelPending = db.prepare<[string]>("UPDATE webhook_deliveries SET status = 'cancelled' WHERE subscription_id = ? AND status = 'pending'")
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (id, subscription_id, position, stream_id, case_type, case_id, event_id, event_type, status, created_at, next_at)
     VALUES (@id, @subscription_id, @position, @stream_id, @case_type, @case_id, @event_id, @event_type, 'pending', @now, @next_at)
     ON CONFLICT DO NOTHING`,
  )
  const selectDue = db.prepare<[{ now: number; limit: number; except: string }], DeliveryRow & { url: string; secret: string; previous_secret: string | null; personal_data: number }>(
    `SELECT d.*, s.url, s.secret, ${PREVIOUS_WHILE_DUE('@now')}, s.personal_data FROM webhook_deliveries d INDEXED BY webhook_pending_due JOIN webhook_subscriptions s ON s.id = d.subscription_id
     WHERE d.status = 'pending' AND d.next_at <= @now AND s.status = 'active' AND d.subscription_id NOT IN (SELECT value FROM json_each(@except))
     ORDER BY d.next_at, d.position LIMIT @limit`,
  )
  const selectNextDue = db.prepare<[], { next: number }>(
    `SELECT d.next_at AS next FROM webhook_deliveries d INDEXED BY webhook_pending_due WHERE d.status = 'pending' AND d.next_at < ${HELD} ORDER BY d.next_at, d.position LIMIT 1`,
  )
  const selectDelivery = db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?')
  const insertAttempt = db.prepare(
    `INSERT INTO webhook_attempts (delivery_id, attempt, at, outcome, status_code, error, duration_ms)
     VALUES (@id, @attempt, @at, @outcome, @status_code, @error, @duration_ms)`,
  )
  const markDelivered = db.prepare(
    `UPDATE webhook_deliveries SET status = 'delivered', attempts = @attempt, delivered_at = @at, last_status = @status_code, last_error = NULL
     WHERE id = @id AND status = 'pending'`,
  )
  const markFailed = db.prepare(
    `UPDATE webhook_deliveries SET attempts = @attempt, failures = failures + 1, last_status = @status_code, last_error = @error,
       status = CASE WHEN @retry_at IS NULL THEN 'dead' ELSE 'pending' END,
       next_at = coalesce(@retry_at, next_at), dead_at = CASE WHEN @retry_at IS NULL THEN @at ELSE NULL END
     WHERE id = @id AND status = 'pending'`,
  )
  const requeue = db.prepare<[string]>(`UPDATE webhook_deliveries SET status = 'pending', failures = 0, next_at = ${HELD}, dead_at = NULL WHERE id = ? AND status = 'dead'`)
  const deadOf = db.prepare<[string], { id: string }>("SELECT id FROM webhook_deliveries WHERE subscription_id = ? AND status = 'dead' ORDER BY position")
  const countByStatus = db.prepare<[], { status: DeliveryStatus; n: number }>(
    "SELECT status, count(*) AS n FROM webhook_deliveries WHERE status IN ('pending', 'dead') GROUP BY status",
  )
  const pruneAttempts = db.prepare<[number, number]>(
    `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries
       WHERE (status = 'delivered' AND delivered_at < ?) OR (status = 'cancelled' AND created_at < ?))`,
  )
  const pruneDeliveries = db.prepare<[number, number]>(
    "DELETE FROM webhook_deliveries WHERE (status = 'delivered' AND delivered_at < ?) OR (status = 'cancelled' AND created_at < ?)",
  )
  const prune = db.transaction((before: number): number => {
    pruneAttempts.run(before, before)
    return pruneDeliveries.run(before, before).changes
  })
  const selectAttempts = db.prepare<[string], AttemptRow>('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt')

  const enqueue = db.transaction((event: EnqueueInput, wants: (s: WebhookSubscription) => boolean): number => {
    let inserted = 0
    for (const row of selectActive.all(event.position)) {
      const subscription = subscriptionOf(row)
      if (!wants(subscription)) continue
      inserted += insertDelivery.run({
        id: event.deliveryId(subscription.id),
        subscription_id: subscription.id,
        position: event.position,
        stream_id: event.streamId,
        case_type: event.caseType,
        case_id: event.caseId,
        event_id: event.eventId,
        event_type: event.eventType,
        now: event.nowMs,
        next_at: heldBehind.get(subscription.id, event.streamId) === undefined ? event.nowMs : HELD,
      }).changes
    }
    // In the same transaction as the rows: a subscription created from now on starts after this event (see create).
    saveEnqueued.run(event.position)
    return inserted
  })
  const passOver = db.transaction((position: number): boolean => {
    if (selectAnyActive.get() !== undefined) return false
    saveEnqueued.run(position)
    return true
  })
  const create = db.transaction((s: CreateSubscription): void => {
    // After both the log's end as the caller saw it and every event already matched: never an event from before it
    // existed, and none falls between (an event is matched either with this subscription or before it, never neither).
    const from = Math.max(s.logPosition, enqueuedPosition.get()?.position ?? -1)
    insertSubscription.run({
      id: s.id,
      url: s.url,
      event_types: JSON.stringify(s.eventTypes),
      jurisdiction: s.jurisdiction,
      personal_data: s.personalData ? 1 : 0,
      description: s.description ?? null,
      secret: secrets.seal(s.id, s.secret),
      created_at: Date.parse(s.createdAt),
      created_by: s.createdBy,
      from_position: from,
    })
  })
  const remove = db.transaction((id: string, by: string, atMs: number): void => {
    if (markDeleted.run(atMs, by, id).changes === 1) cancelPending.run(id)
  })
  const record = db.transaction((id: string, a: Omit<WebhookAttempt, 'attempt' | 'at'> & { readonly atMs: number }, retryAtMs: number | undefined, disable: WebhookDisable | undefined): void => {
    const row = selectDelivery.get(id)
    if (row === undefined || row.status !== 'pending') return
    const attempt = row.attempts + 1
    const values = { id, attempt, at: a.atMs, status_code: a.statusCode ?? null, error: a.error?.slice(0, 500) ?? null, duration_ms: Math.round(a.durationMs), outcome: a.outcome }
    insertAttempt.run(values)
    if (a.outcome === 'delivered') markDelivered.run(values)
    else markFailed.run({ ...values, retry_at: disable === undefined ? (retryAtMs ?? null) : null })
    const failedThroughout = (since: number | undefined): boolean => {
      if (since === undefined) return true
      const first = selectFailingSince.get(row.subscription_id, row.subscription_id, row.subscription_id)?.since
      return first !== null && first !== undefined && first <= since
    }
    if (disable !== undefined && a.outcome === 'failed' && failedThroughout(disable.ifFailingSince) && markDisabled.run(a.atMs, disable.reason.slice(0, 500), row.subscription_id).changes === 1) {
      deadLetterPending.run(a.atMs, disabledError(disable.reason), row.subscription_id)
    }
    settle(row.subscription_id, row.stream_id, a.atMs)
  })
  const retry = db.transaction((id: string, now: number): boolean => {
    const row = selectDelivery.get(id)
    if (row === undefined || requeue.run(id).changes === 0) return false
    // Due now if it is the earliest pending one of its case again; else held behind the one before it.
    settle(row.subscription_id, row.stream_id, now)
    return true
  })
  const retryAll = db.transaction((subscriptionId: string, now: number): number => deadOf.all(subscriptionId).filter((d) => retry(d.id, now)).length)
  // What an admin is answered for: on disk before the answer (see `synced`).
  const createSynced = synced(db, (s: CreateSubscription) => create.immediate(s))
  const removeSynced = synced(db, (id: string, by: string, atMs: number) => remove.immediate(id, by, atMs))
  const retrySynced = synced(db, (id: string, now: number) => retry.immediate(id, now))
  const markRotated = db.prepare<[{ id: string; secret: string; at: number; until: number }]>(
    "UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = @until, secret = @secret, secret_rotated_at = @at WHERE id = @id AND status IN ('active', 'disabled')",
  )
  const rotateSynced = synced(db, (id: string, secret: string, at: number, until: number) =>
    db.transaction(() => {
      // Already the current secret (a retried rotation): nothing changes — decided here, under the write lock, so a
      // retry racing the first call cannot make the secret its own predecessor.
      const row = selectSubscription.get(id)
      if (row !== undefined && row.secret !== null && isCurrentSecret(secrets, id, row.secret, secret)) return
      markRotated.run({ id, secret: secrets.seal(id, secret), at, until })
    }).immediate(),
  )
  const forgetPrevious = db.prepare<[number]>(`UPDATE webhook_subscriptions SET ${FORGET_PREVIOUS}`)
  const enable = db.transaction((id: string, now: number): void => {
    const held = deadByDisabling.all(id)
    if (markEnabled.run(id).changes === 1) for (const d of held) retry(d.id, now)
  })
  const enableSynced = synced(db, (id: string, now: number) => enable.immediate(id, now))
  const retryAllSynced = synced(db, (subscriptionId: string, now: number) => retryAll.immediate(subscriptionId, now))

  return {
    create: async (s) => {
      // IMMEDIATE (as passOver): the write lock first, so the feeder in another connection or process cannot pass over
      // an event between this reading how far it got and the subscription being kept.
      createSynced(s)
      const row = selectSubscription.get(s.id)
      if (row === undefined) throw new Error(`subscription ${s.id} not kept`)
      return subscriptionOf(row)
    },
    list: async () => selectSubscriptions.all().map(subscriptionOf),
    anyActive: async () => selectAnyActive.get() !== undefined,
    passOverIfNone: async (position) => passOver.immediate(position),
    secret: async (id) => {
      const stored = selectSubscription.get(id)?.secret
      return stored === undefined || stored === null ? undefined : secrets.open(id, stored)
    },
    get: async (id) => {
      const row = selectSubscription.get(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    remove: async (id, by, atMs) => {
      removeSynced(id, by, atMs)
      const row = selectSubscription.get(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    enqueue: async (event, wants) => enqueue(event, wants),
    rotate: async (id, secret, atMs, until) => {
      rotateSynced(id, secret, atMs, Math.max(atMs, until))
      const row = selectSubscription.get(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    forgetPreviousSecrets: async (now) => forgetPrevious.run(now).changes,
    due: async (now, limit, except = []) => selectDue.all({ now, limit, except: JSON.stringify(except) }).map((r) => dueOf(r, secrets)),
    nextDue: async () => selectNextDue.get()?.next ?? undefined,
    record: async (id, attempt, retryAtMs, disable) => record(id, attempt, retryAtMs, disable),
    enable: async (id, now) => {
      enableSynced(id, now)
      const row = selectSubscription.get(id)
      return row === undefined ? undefined : subscriptionOf(row)
    },
    delivery: async (id) => {
      const row = selectDelivery.get(id)
      return row === undefined ? undefined : deliveryOf(row)
    },
    deliveries: async (q) => {
      const where = [
        // The ids as a JSON array: one statement whatever their number.
        'subscription_id IN (SELECT value FROM json_each(@subscriptions))',
        ...(q.status === undefined ? [] : ['status = @status']),
        ...(q.before === undefined ? [] : ['position < @before']),
      ]
      const sql = `SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY position DESC, subscription_id LIMIT @limit`
      return db
        .prepare<[Record<string, unknown>], DeliveryRow>(sql)
        .all({
          limit: q.limit,
          subscriptions: JSON.stringify(q.subscriptionIds),
          ...(q.status === undefined ? {} : { status: q.status }),
          ...(q.before === undefined ? {} : { before: q.before }),
        })
        .map(deliveryOf)
    },
    attempts: async (deliveryId) => selectAttempts.all(deliveryId).map(attemptOf),
    retry: async (id, now) => {
      if (!retrySynced(id, now)) return undefined
      const row = selectDelivery.get(id)
      return row === undefined ? undefined : deliveryOf(row)
    },
    retryAll: async (subscriptionId, now) => retryAllSynced(subscriptionId, now),
    prune: async (before) => prune(before),
    counts: async () => {
      const rows = countByStatus.all()
      return { pending: rows.find((r) => r.status === 'pending')?.n ?? 0, dead: rows.find((r) => r.status === 'dead')?.n ?? 0 }
    },
  }
}
