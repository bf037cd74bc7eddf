import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeEachOutbox } from '../../../../tests/support/outboxes.js'
import { retryDelay } from './settings.js'
import type { WebhookStore } from './store.js'

const subscription = (store: WebhookStore, id: string, logPosition = -1) =>
  store.create({ id, url: 'http://127.0.0.1:1/hooks', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA', createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition })
const enqueue = (store: WebhookStore, position: number, stream: string, nowMs = 0) =>
  store.enqueue(
    { position, streamId: stream, eventId: `e${position}`, eventType: 'ComplaintNoteAdded', caseType: 'complaint', caseId: stream, jurisdiction: 'hohhot/x', nowMs, deliveryId: (s) => `${s}:${position}` },
    () => true,
  )

// The same cases against each outbox: SQLite (the read-model file) and PostgreSQL (beside the log; the throwaway server
// of tests/postgres/globalSetup.ts, an emptied schema per store): tests/support/outboxes.ts.
describeEachOutbox('the webhook outbox', ({ fresh, runs }) => {
  it('a case’s event is delivered only once every earlier one is delivered or dead-lettered, and each event once, whatever fails and is retried by hand', async () => {
    // Events over 3 cases; the receiver's answers are random (ok or not); a dead letter may be retried by hand.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.record({ ok: fc.boolean(), retryDead: fc.boolean() }), { minLength: 1, maxLength: 200 }),
        async (cases, answers) => {
          const store = await fresh()
          await subscription(store, 's')
          for (const [position, c] of cases.entries()) await enqueue(store, position, `case-${c}`)
          const delivered: { stream: string; position: number }[] = []
          let now = 0
          const drain = Array.from({ length: 400 }, () => ({ ok: true, retryDead: true, drain: true }))
          for (const answer of [...answers.map((a) => ({ ...a, drain: false })), ...drain]) {
            now += 10
            if (answer.retryDead) await store.retryAll('s', now)
            const due = await store.due(Number.MAX_SAFE_INTEGER - 1, 100)
            // Never two of one case due at once.
            expect(new Set(due.map((d) => d.streamId)).size).toBe(due.length)
            const d = due[0]
            // Draining (every answer ok, every dead letter retried), nothing due means nothing is left to send.
            if (d === undefined && answer.drain) break
            if (d === undefined) continue
            if (answer.ok) {
              for (const [q, c] of cases.entries()) {
                if (q < d.position && `case-${c}` === d.streamId) expect(['delivered', 'dead']).toContain((await store.delivery(`s:${q}`))?.status)
              }
              delivered.push({ stream: d.streamId, position: d.position })
            }
            await store.record(d.id, { outcome: answer.ok ? 'delivered' : 'failed', atMs: now, durationMs: 1 }, answer.ok || d.failures + 1 >= 3 ? undefined : now + 5)
          }
          expect(delivered.map((d) => d.position).sort((a, b) => a - b)).toEqual(cases.map((_, i) => i))
        },
      ),
      { numRuns: runs },
    )
    // 60 runs of up to ~600 steps, each a few statements: on PostgreSQL 9.4 s at load average 2.5, past 30 s at 13
    // (2026-12-03), every step a round trip to a server starved of CPU. The bound is for a hung run, not for the work.
  }, 180_000)

  it('holds a case’s later event until the earlier one is delivered or dead-lettered, and a retried dead letter goes first again', async () => {
    const store = await fresh()
    await subscription(store, 's')
    await enqueue(store, 1, 'a', 100)
    await enqueue(store, 2, 'a', 100)
    await enqueue(store, 3, 'b', 100)
    expect((await store.due(100, 10)).map((d) => d.position)).toEqual([1, 3])
    expect(await store.delivery('s:2')).toMatchObject({ status: 'pending', held: true })
    // 1 fails for good (dead-lettered): 2 is due at once.
    await store.record('s:1', { outcome: 'failed', atMs: 200, durationMs: 3, statusCode: 500, error: 'HTTP 500' }, undefined)
    expect(await store.delivery('s:1')).toMatchObject({ status: 'dead', attempts: 1, failures: 1, lastStatusCode: 500, deadAt: '1970-01-01T00:00:00.200Z' })
    expect((await store.due(200, 10)).map((d) => d.position)).toEqual([3, 2])
    // Retried by hand while 2 is still pending: 1 is the earliest again, due now, and 2 waits behind it.
    expect(await store.retry('s:1', 300)).toMatchObject({ status: 'pending', failures: 0, attempts: 1, nextAttemptAt: '1970-01-01T00:00:00.300Z' })
    expect((await store.due(300, 10)).map((d) => d.position)).toEqual([3, 1])
    expect(await store.delivery('s:2')).toMatchObject({ held: true })
    expect(await store.retry('s:2', 300)).toBeUndefined()
    expect(await store.nextDue()).toBe(100)
  })

  it('queues an event once per subscription however often it is matched, and not for a subscription created after it', async () => {
    const store = await fresh()
    await subscription(store, 'early')
    expect(await enqueue(store, 5, 'a')).toBe(1)
    expect(await enqueue(store, 5, 'a')).toBe(0)
    // Created when the log ended at 3, but events up to 5 were matched already: it starts after 5, never in between.
    expect(await subscription(store, 'late', 3)).toMatchObject({ fromPosition: 5 })
    expect(await enqueue(store, 6, 'a')).toBe(2)
    expect((await store.deliveries({ subscriptionIds: ['late'], limit: 10 })).map((d) => d.position)).toEqual([6])
  })

  it('due deliveries leave out the subscriptions asked to (the dispatcher’s fair share), oldest first among the rest', async () => {
    const store = await fresh()
    await subscription(store, 'down')
    await subscription(store, 'up')
    await enqueue(store, 1, 'a', 10)
    await enqueue(store, 2, 'b', 20)
    // (Both subscriptions' deliveries of one event are due at once: their order between them is not told.)
    expect((await store.due(100, 10)).map((d) => d.id).sort()).toEqual(['down:1', 'down:2', 'up:1', 'up:2'])
    expect((await store.due(100, 10, ['down'])).map((d) => d.id)).toEqual(['up:1', 'up:2'])
    expect((await store.due(100, 10, ['up'])).map((d) => d.id)).toEqual(['down:1', 'down:2'])
    expect((await store.due(100, 10, ['down', 'up'])).map((d) => d.id)).toEqual([])
    expect((await store.due(15, 10, [])).map((d) => d.id).sort()).toEqual(['down:1', 'up:1'])
  })

  it('deleting a subscription cancels what it had pending and forgets its secret', async () => {
    const store = await fresh()
    await subscription(store, 's')
    await enqueue(store, 1, 'a')
    expect(await store.remove('s', 'admin-2', 1000)).toMatchObject({ status: 'deleted', deletedBy: 'admin-2', deletedAt: '1970-01-01T00:00:01.000Z' })
    expect(await store.due(Number.MAX_SAFE_INTEGER - 1, 10)).toEqual([])
    expect(await store.delivery('s:1')).toMatchObject({ status: 'cancelled' })
    expect(await enqueue(store, 2, 'a')).toBe(0)
  })

  it('a 410 Gone disables the subscription: that delivery and every other pending one dead-lettered with the reason, nothing queued for it until it is enabled again', async () => {
    const store = await fresh()
    await subscription(store, 's')
    await subscription(store, 'other')
    for (const [p, stream] of [[1, 'a'], [2, 'a'], [3, 'b']] as const) await enqueue(store, p, stream, 0)
    const reason = 'the receiver answered 410 Gone to delivery s:1'
    // The dispatcher records the attempt and the disabling at once; a retry time it passes is not kept.
    await store.record('s:1', { outcome: 'failed', atMs: 5_000, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, 60_000, { reason })
    expect(await store.get('s')).toMatchObject({ status: 'disabled', disabledAt: '1970-01-01T00:00:05.000Z', disabledReason: reason })
    expect(await store.delivery('s:1')).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410, deadAt: '1970-01-01T00:00:05.000Z' })
    for (const id of ['s:2', 's:3']) expect(await store.delivery(id)).toMatchObject({ status: 'dead', attempts: 0, lastError: `not sent: the subscription was disabled (${reason})` })
    // The other subscription goes on; nothing of the disabled one is due, and a new event is not queued for it.
    expect((await store.due(Number.MAX_SAFE_INTEGER - 1, 10)).map((d) => d.id).sort()).toEqual(['other:1', 'other:3'])
    expect(await enqueue(store, 4, 'c')).toBe(1)
    expect(await store.delivery('s:4')).toBeUndefined()
    expect(await store.counts()).toEqual({ pending: 4, dead: 3 })
    // An attempt in flight when it was disabled, recorded after: its delivery is a dead letter already, nothing changes.
    await store.record('s:3', { outcome: 'failed', atMs: 5_001, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'again' })
    expect(await store.get('s')).toMatchObject({ disabledReason: reason })
    // Enabled again: active, the reason gone; what the disabling dead-lettered is pending again, in order; new events are queued.
    expect(await store.enable('s', 7_000)).toMatchObject({ status: 'active' })
    expect((await store.get('s'))?.disabledAt).toBeUndefined()
    expect(await enqueue(store, 5, 'c')).toBe(2)
    expect(await store.retryAll('s', 7_000)).toBe(0)
    expect((await store.due(Number.MAX_SAFE_INTEGER - 1, 10, ['other'])).map((d) => d.id).sort()).toEqual(['s:1', 's:3', 's:5'])
    // Only a disabled one is enabled: an active one, and a deleted one, stay as they are.
    expect(await store.enable('s', 7_000)).toMatchObject({ status: 'active' })
    await store.record('other:1', { outcome: 'failed', atMs: 8_000, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason })
    expect(await store.remove('other', 'admin-1', 9_000)).toMatchObject({ status: 'deleted' })
    expect(await store.enable('other', 9_000)).toMatchObject({ status: 'deleted' })
    expect(await store.enable('nobody', 9_000)).toBeUndefined()
  })

  it('enabling a subscription sends again what its disabling dead-lettered, ahead of any new event of the same case (a case’s events stay in order)', async () => {
    const store = await fresh()
    await subscription(store, 's')
    for (const p of [1, 2]) await enqueue(store, p, 'a', 0)
    await enqueue(store, 3, 'b', 0)
    // A dead letter from before the disabling (its 3 attempts spent) is not the disabling's: it stays for the admin.
    await store.record('s:3', { outcome: 'failed', atMs: 1_000, durationMs: 1, error: 'HTTP 503' }, undefined)
    await store.record('s:1', { outcome: 'failed', atMs: 5_000, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'gone' })
    expect(await store.enable('s', 6_000)).toMatchObject({ status: 'active' })
    // Before, s:1 and s:2 stayed dead letters until an admin's dead-letter retry: an event of case a recorded between the
    // enable and that retry was due at once and delivered first, its case's earlier events after it.
    await enqueue(store, 4, 'a', 6_000)
    expect((await store.due(Number.MAX_SAFE_INTEGER - 1, 10)).map((d) => d.id)).toEqual(['s:1'])
    expect(await store.delivery('s:2')).toMatchObject({ status: 'pending', held: true })
    expect(await store.delivery('s:4')).toMatchObject({ status: 'pending', held: true })
    expect(await store.delivery('s:3')).toMatchObject({ status: 'dead' })
    expect(await store.counts()).toEqual({ pending: 3, dead: 1 })
  })

  it('a subscription failing without a break for the whole span is disabled when one more delivery is dead-lettered; one failing for less, or that delivered anything or was enabled again since, is not', async () => {
    const DAY = 86_400_000
    const store = await fresh()
    // What the dispatcher passes at a dead letter with GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS=5.
    const span = (nowMs: number) => ({ reason: 'every delivery failed for 5 days', ifFailingSince: nowMs - 5 * DAY })
    await subscription(store, 's')
    await subscription(store, 't')
    for (const [p, stream] of [[1, 'a'], [2, 'b'], [3, 'c']] as const) await enqueue(store, p, stream, 0)
    // s: first failure on day 1; a dead letter on day 2 — failing for one day, not five: stays active.
    await store.record('s:1', { outcome: 'failed', atMs: 1 * DAY, durationMs: 1, statusCode: 500 }, 2 * DAY)
    await store.record('s:2', { outcome: 'failed', atMs: 2 * DAY, durationMs: 1, statusCode: 500 }, undefined, span(2 * DAY))
    expect(await store.get('s')).toMatchObject({ status: 'active' })
    // t: failed on day 1, delivered on day 3, its dead letter on day 6.5: failing since day 6.5 only.
    await store.record('t:1', { outcome: 'failed', atMs: 1 * DAY, durationMs: 1, statusCode: 500 }, 2 * DAY)
    await store.record('t:2', { outcome: 'delivered', atMs: 3 * DAY, durationMs: 1, statusCode: 204 }, undefined)
    await store.record('t:1', { outcome: 'failed', atMs: 6.5 * DAY, durationMs: 1, statusCode: 500 }, undefined, span(6.5 * DAY))
    expect(await store.get('t')).toMatchObject({ status: 'active' })
    // s: a dead letter a millisecond after day 6 — failing since day 1, five days and a millisecond: disabled, and what it
    // had pending is a dead letter saying why. A millisecond less and it would still be active (the edge: since ≤ now − span).
    await store.record('s:1', { outcome: 'failed', atMs: 6 * DAY, durationMs: 1, statusCode: 503 }, undefined, span(6 * DAY - 1))
    expect(await store.get('s')).toMatchObject({ status: 'active' })
    await store.enqueue({ position: 4, streamId: 'd', eventId: 'e4', eventType: 'ComplaintNoteAdded', caseType: 'complaint', caseId: 'd', jurisdiction: 'hohhot/x', nowMs: 6 * DAY, deliveryId: (x) => `${x}:${4}` }, () => true)
    await store.record('s:3', { outcome: 'failed', atMs: 6 * DAY + 1, durationMs: 1, statusCode: 503 }, undefined, span(6 * DAY + 1))
    expect(await store.get('s')).toMatchObject({ status: 'disabled', disabledAt: new Date(6 * DAY + 1).toISOString(), disabledReason: 'every delivery failed for 5 days' })
    expect(await store.delivery('s:4')).toMatchObject({ status: 'dead', lastError: 'not sent: the subscription was disabled (every delivery failed for 5 days)' })
    // Enabled again on day 7: the failures before count no more; a dead letter on day 8 leaves it active.
    await store.enable('s', 7 * DAY)
    await enqueue(store, 5, 'e', 7 * DAY)
    await store.record('s:5', { outcome: 'failed', atMs: 8 * DAY, durationMs: 1, statusCode: 500 }, undefined, span(8 * DAY))
    expect(await store.get('s')).toMatchObject({ status: 'active' })
  })

  it('a rotated secret: the old one signs beside the new until the window ends (the store’s rule, whatever forgets), is then dropped, and a deleted subscription is not rotated and forgets both', async () => {
    const store = await fresh()
    await subscription(store, 's')
    expect(await store.rotate('s', 'whsec_BBBB', 1_000, 5_000)).toMatchObject({ id: 's', status: 'active', previousSecretUntil: '1970-01-01T00:00:05.000Z' })
    expect(await store.secret('s')).toBe('whsec_BBBB')
    await enqueue(store, 1, 'a')
    expect((await store.due(4_999, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_BBBB', 'whsec_AAAA']])
    // At the window's end only the new one, even before anything dropped the old one.
    expect((await store.due(5_000, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_BBBB', undefined]])
    expect(await store.forgetPreviousSecrets(4_999)).toBe(0)
    expect((await store.get('s'))?.previousSecretUntil).toBe('1970-01-01T00:00:05.000Z')
    expect(await store.forgetPreviousSecrets(5_000)).toBe(1)
    expect(await store.get('s')).not.toHaveProperty('previousSecretUntil')
    expect((await store.due(4_999, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_BBBB', undefined]])
    // Rotated again within a window: the secret it replaces is the old one now (at most two sign).
    await store.rotate('s', 'whsec_CCCC', 6_000, 9_000)
    await store.rotate('s', 'whsec_DDDD', 7_000, 10_000)
    expect((await store.due(7_000, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_DDDD', 'whsec_CCCC']])
    await store.remove('s', 'admin-1', 8_000)
    expect(await store.rotate('s', 'whsec_EEEE', 8_500, 9_500)).toMatchObject({ status: 'deleted' })
    expect(await store.secret('s')).toBeUndefined()
    expect(await store.get('s')).not.toHaveProperty('previousSecretUntil')
    expect(await store.rotate('nope', 'whsec_EEEE', 8_500, 9_500)).toBeUndefined()
  })

  it('rotating to the secret already current changes nothing, decided in the rotation’s own transaction: two identical calls at once (a retry while the first is still in flight) leave the replaced secret signing', async () => {
    const store = await fresh()
    await subscription(store, 's')
    await enqueue(store, 1, 'a')
    await Promise.all([store.rotate('s', 'whsec_BBBB', 1_000, 5_000), store.rotate('s', 'whsec_BBBB', 1_000, 5_000)])
    // Later, the same secret again: nothing changes, the answer is the subscription as the first rotation left it.
    expect(await store.rotate('s', 'whsec_BBBB', 2_000, 6_000)).toMatchObject({ status: 'active', previousSecretUntil: '1970-01-01T00:00:05.000Z' })
    expect((await store.due(4_999, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([['whsec_BBBB', 'whsec_AAAA']])
  })

  it('drops delivered and cancelled deliveries (and their attempts) settled before the cut-off, never pending ones or dead letters', async () => {
    const store = await fresh()
    await subscription(store, 's')
    for (const [p, stream] of [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']] as const) await enqueue(store, p, stream, 0)
    await store.record('s:1', { outcome: 'delivered', atMs: 1_000, durationMs: 1, statusCode: 204 }, undefined)
    await store.record('s:2', { outcome: 'delivered', atMs: 5_000, durationMs: 1, statusCode: 204 }, undefined)
    await store.record('s:3', { outcome: 'failed', atMs: 1_000, durationMs: 1, statusCode: 500 }, undefined)
    expect(await store.prune(2_000)).toBe(1)
    expect(await store.delivery('s:1')).toBeUndefined()
    expect(await store.attempts('s:1')).toEqual([])
    expect((await store.deliveries({ subscriptionIds: ['s'], limit: 10 })).map((d) => [d.position, d.status])).toEqual([[4, 'pending'], [3, 'dead'], [2, 'delivered']])
  })
})

describe('the retry backoff', () => {
  it('each wait lies within [½, 1] of min(cap, base·2^(failures−1)) and never shrinks at the same jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (failures, r) => {
        const settings = { backoffBaseMs: 10_000, backoffCapMs: 3_600_000 }
        const ceiling = Math.min(3_600_000, 10_000 * 2 ** (failures - 1))
        const wait = retryDelay(failures, settings, () => r)
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2)
        expect(wait).toBeLessThanOrEqual(ceiling)
        expect(retryDelay(failures + 1, settings, () => r)).toBeGreaterThanOrEqual(wait)
      }),
    )
  })

  it('waits, by hand: base 10 s, cap 1 h, jitter 0.5 → ¾ of 10, 20, 40 s …, then ¾ of the hour', () => {
    const at = (n: number) => retryDelay(n, { backoffBaseMs: 10_000, backoffCapMs: 3_600_000 }, () => 0.5)
    // 10 000 · 2^(n−1) · 0.75: 7 500, 15 000, 30 000; n = 10: 5 120 000 > cap, so 3 600 000 · 0.75 = 2 700 000.
    expect([at(1), at(2), at(3), at(10)]).toEqual([7_500, 15_000, 30_000, 2_700_000])
  })
})

describe('the SQLite outbox: what an admin is answered for is on disk when answered', () => {
  // The outbox shares the read-model file, opened synchronous=NORMAL (a read model is rebuilt from the log). But a
  // subscription (its secret shown once), its deletion and a dead letter queued again are in no log: acknowledged (201,
  // 200, 202), each must have been synced (synchronous=FULL), or a power cut after the answer loses it. Probed with temp
  // triggers on the store's own connection, which record the connection's `synchronous` as each row is written.
  it('creates, deletes and re-queues with synchronous=FULL; the feeder and the dispatcher keep the file’s NORMAL', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { sqliteReadModelFile } = await import('../projections/sqliteFile.js')
    const { sqliteWebhookStore } = await import('./store.js')
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-outbox-sync-'))
    const file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
    try {
      const { db } = file
      const store = sqliteWebhookStore(db)
      db.exec(`CREATE TEMP TABLE probe (what TEXT, synchronous INTEGER);
        CREATE TEMP TRIGGER probe_subscription_insert AFTER INSERT ON webhook_subscriptions BEGIN INSERT INTO probe SELECT 'create', synchronous FROM pragma_synchronous; END;
        CREATE TEMP TRIGGER probe_subscription_update AFTER UPDATE ON webhook_subscriptions BEGIN INSERT INTO probe SELECT 'update', synchronous FROM pragma_synchronous; END;
        CREATE TEMP TRIGGER probe_delivery_insert AFTER INSERT ON webhook_deliveries BEGIN INSERT INTO probe SELECT 'enqueue', synchronous FROM pragma_synchronous; END;
        CREATE TEMP TRIGGER probe_delivery_update AFTER UPDATE OF status ON webhook_deliveries WHEN NEW.status = 'pending' AND OLD.status = 'dead' BEGIN INSERT INTO probe SELECT 'retry', synchronous FROM pragma_synchronous; END;
        CREATE TEMP TRIGGER probe_attempt AFTER INSERT ON webhook_attempts BEGIN INSERT INTO probe SELECT 'record', synchronous FROM pragma_synchronous; END;`)
      const NORMAL = 1
      const FULL = 2
      expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL)
      await subscription(store, 's')
      await enqueue(store, 1, 'a')
      await store.record('s:1', { outcome: 'failed', atMs: 1, durationMs: 1, error: 'HTTP 503' }, undefined)
      await store.retry('s:1', 2)
      await store.record('s:1', { outcome: 'failed', atMs: 3, durationMs: 1, error: 'HTTP 503' }, undefined)
      await store.retryAll('s', 4)
      // A 410 disables it (the dispatcher's write); an admin enables it again, its dead letter re-queued (answered: on disk).
      await enqueue(store, 2, 'b')
      await store.record('s:2', { outcome: 'failed', atMs: 5, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'gone' })
      await store.enable('s', 6)
      await store.remove('s', 'admin-2', 6)
      const probed = db.prepare<[], { what: string; synchronous: number }>('SELECT what, synchronous FROM probe').all()
      expect(probed).toEqual([
        { what: 'create', synchronous: FULL },
        { what: 'enqueue', synchronous: NORMAL },
        { what: 'record', synchronous: NORMAL },
        { what: 'retry', synchronous: FULL },
        { what: 'record', synchronous: NORMAL },
        { what: 'retry', synchronous: FULL },
        { what: 'enqueue', synchronous: NORMAL },
        { what: 'record', synchronous: NORMAL },
        { what: 'update', synchronous: NORMAL },
        { what: 'update', synchronous: FULL },
        // s:1 (pending again since the retry at 4, dead-lettered by the disabling) and s:2.
        { what: 'retry', synchronous: FULL },
        { what: 'retry', synchronous: FULL },
        { what: 'update', synchronous: FULL },
      ])
      // And the file is back to NORMAL for everything else on it (the read models' batches).
      expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL)
    } finally {
      file.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the SQLite outbox in a file made by an earlier build', () => {
  it('gets the columns a disabled subscription and a rotated secret need, its subscriptions and deliveries kept; two stores opening it at once add them once', async () => {
    const Database = (await import('better-sqlite3')).default
    const { sqliteWebhookStore } = await import('./store.js')
    const db = new Database(':memory:')
    // The table as it shipped before 410 Gone disabled a subscription, with a subscription and a delivery in it.
    db.exec(`CREATE TABLE webhook_subscriptions (
      id TEXT PRIMARY KEY, url TEXT NOT NULL, event_types TEXT NOT NULL, jurisdiction TEXT NOT NULL,
      personal_data INTEGER NOT NULL, description TEXT, secret TEXT, status TEXT NOT NULL,
      created_at INTEGER NOT NULL, created_by TEXT NOT NULL, from_position INTEGER NOT NULL,
      deleted_at INTEGER, deleted_by TEXT
    ) STRICT;
    INSERT INTO webhook_subscriptions VALUES ('old', 'http://127.0.0.1:1/hooks', '["*"]', 'hohhot', 0, NULL, 'whsec_AAAA', 'active', 0, 'admin-1', -1, NULL, NULL);`)
    const store = sqliteWebhookStore(db)
    sqliteWebhookStore(db)
    expect((db.pragma('table_info(webhook_subscriptions)') as { name: string }[]).map((c) => c.name).slice(-5)).toEqual(['disabled_at', 'disabled_reason', 'previous_secret', 'previous_secret_until', 'secret_rotated_at'])
    expect(await store.get('old')).toMatchObject({ id: 'old', status: 'active' })
    await enqueue(store, 1, 'a')
    await store.record('old:1', { outcome: 'failed', atMs: 1_000, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'gone' })
    expect(await store.list()).toMatchObject([{ id: 'old', status: 'disabled', disabledReason: 'gone' }])
    expect(await store.secret('old')).toBe('whsec_AAAA')
    // Its secret can be rotated (the columns a rotation keeps the old one in).
    expect(await store.rotate('old', 'whsec_BBBB', 2_000, 3_000)).toMatchObject({ previousSecretUntil: '1970-01-01T00:00:03.000Z', secretRotatedAt: '1970-01-01T00:00:02.000Z' })
    db.close()
  })
})
