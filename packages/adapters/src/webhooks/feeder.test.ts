// The webhook feeder on the process runner, a page at a time: with nothing subscribed a burst of events costs one
// pass-over per page, not one per event, and a subscription created later is still queued every event after it starts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { stableId } from '../ids.js'
import { sqliteProcessCheckpoints } from '../processes/definitions.js'
import { sqliteLeases } from '../processes/lease.js'
import { processRunner, type ProcessRunner } from '../processes/runner.js'
import { sqliteReadModelFile, type ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { WEBHOOK_PROCESS, webhookProcess } from './enqueue.js'
import { sqliteWebhookStore, type WebhookStore } from './store.js'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const clock = manualClock('2026-03-02T02:00:00Z')

/** `count` complaints registered one by one, a millisecond apart (as requests arrive); the last event's position. */
const register = async (store: EventStore, from: number, count: number): Promise<number> => {
  for (let i = from; i < from + count; i += 1) {
    const outcome = await execute(store, complaint, stableId(`complaint-${i}`), 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: `暖气不热 #${i}`, description: '室温低', jurisdiction: 'hohhot/saihan/grid-1',
    }, { commandId: `c-${i}`, actor: operator, at: '2026-03-02T09:00:00+08:00' })
    if (E.isLeft(outcome)) throw new Error(outcome.left.message)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  return (await store.readAll({ fromPosition: 0 })).length - 1
}

describe('the webhook feeder, a page at a time', () => {
  let dir: string
  let store: EventStore & { close(): Promise<void> }
  let file: ReadModelFile
  let runner: ProcessRunner | undefined
  let passOvers: number
  let outbox: WebhookStore

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridcase-feeder-'))
    store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), writer: 'main' }) as EventStore & { close(): Promise<void> }
    file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
    const inner = sqliteWebhookStore(file.db)
    passOvers = 0
    // Counts the feeder's writes while nothing is subscribed.
    outbox = { ...inner, passOverIfNone: (position) => ((passOvers += 1), inner.passOverIfNone(position)) }
  })
  afterEach(async () => {
    await runner?.stop()
    runner = undefined
    file.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const start = (options: { readonly coalesceMs?: number; readonly onSave?: (name: string, position: number) => void } = {}): ProcessRunner => {
    const feeder = webhookProcess({ store, outbox, caseTypes: [complaint], clock, logEnd: () => undefined })
    const checkpoints = sqliteProcessCheckpoints(sqliteCheckpoints(file.db))
    runner = processRunner({
      store, caseTypes: [complaint as unknown as CaseType], processes: [feeder], clock, holder: 'a', leaseMs: 60_000,
      checkpoints: { load: checkpoints.load, save: async (name, position) => (options.onSave?.(name, position), checkpoints.save(name, position)) },
      leases: sqliteLeases(file.db),
      // A pause well above the gaps between the events, even on a loaded machine (the default is 20 ms).
      coalesceMs: options.coalesceMs ?? 500,
      onError: (name, error) => console.error('process failed', name, error),
    })
    runner.start()
    return runner
  }

  it('passes a burst of N events over in fewer than N writes while nothing is subscribed', async () => {
    const r = start()
    const last = await register(store, 0, 30)
    await expect.poll(() => r.position(WEBHOOK_PROCESS), { timeout: 10_000 }).toBe(last)
    expect(last).toBe(29)
    expect(passOvers).toBeGreaterThan(0)
    expect(passOvers).toBeLessThan(30)
  })

  it('saves its checkpoint at most once a second while it passes pages over, and where it got to when it stops', async () => {
    const saves: number[] = []
    const r = start({ coalesceMs: 1, onSave: (_, position) => saves.push(position) })
    // Pages of one or two events, passed over one by one (each page was one write to the outbox and one to the
    // checkpoints before); all within well under a second of the first.
    const started = performance.now()
    let last = -1
    for (let i = 0; i < 6; i += 1) {
      last = await register(store, i, 1)
      await expect.poll(() => r.position(WEBHOOK_PROCESS), { timeout: 10_000 }).toBe(last)
    }
    const passes = passOvers
    expect(passes).toBeGreaterThanOrEqual(3)
    if (performance.now() - started < 1000) expect(saves).toHaveLength(1)
    else expect(saves.length).toBeLessThan(passes)
    await r.stop()
    runner = undefined
    expect(saves.at(-1)).toBe(last)
    expect(sqliteCheckpoints(file.db).load(`process:${WEBHOOK_PROCESS}`)).toBe(last)
  })

  it('queues a subscription created after a burst was passed over every event after it starts, and none before', async () => {
    const r = start()
    const before = await register(store, 0, 10)
    await expect.poll(() => r.position(WEBHOOK_PROCESS), { timeout: 10_000 }).toBe(before)
    const subscription = await outbox.create({
      id: 's', url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA',
      createdAt: clock.now(), createdBy: 'admin', logPosition: before,
    })
    expect(subscription.fromPosition).toBe(before)
    const last = await register(store, 10, 10)
    await r.waitFor(WEBHOOK_PROCESS, last)
    const queued = (await outbox.deliveries({ subscriptionIds: ['s'], limit: 100 })).map((d) => d.position).sort((a, b) => a - b)
    expect(queued).toEqual(Array.from({ length: last - before }, (_, i) => before + 1 + i))
  })

  it('queues a subscription created while the feeder pauses between pages every event after it starts', async () => {
    const r = start()
    // The first page goes at once; the next events wait out the pause, and the subscription is created meanwhile.
    const first = await register(store, 0, 1)
    await expect.poll(() => r.position(WEBHOOK_PROCESS), { timeout: 10_000 }).toBe(first)
    const seen = await register(store, 1, 3)
    const subscription = await outbox.create({
      id: 's', url: 'http://127.0.0.1:1/', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_AAAA',
      createdAt: clock.now(), createdBy: 'admin', logPosition: seen - 2,
    })
    const last = await register(store, 4, 3)
    await r.waitFor(WEBHOOK_PROCESS, last)
    const queued = (await outbox.deliveries({ subscriptionIds: ['s'], limit: 100 })).map((d) => d.position).sort((a, b) => a - b)
    // Every event after where the subscription starts, whether the feeder had passed over up to there or not.
    expect(queued).toEqual(Array.from({ length: last - subscription.fromPosition }, (_, i) => subscription.fromPosition + 1 + i))
    expect(subscription.fromPosition).toBeLessThan(seen)
  })
})
