import type { RecordedEvent } from '@gridcase/core'
import { replay, type Projection } from '@gridcase/core/projections'
import { describe, expect, it } from 'vitest'
import { memoryEventStore } from '../memory/store.js'
import { memoryCheckpoints, type CheckpointStore } from './checkpoints.js'
import { projectionRunner } from './runner.js'
import { sqliteCheckpointStore } from './sqliteReadModels.js'
import { added } from '../../../../tests/support/plainEvents.js'


interface Totals {
  sum: number
  byStream: Record<string, number>
  seen: number[]
}
/** Sums `n` per stream and remembers which positions it was fed, to tell a resume from a replay. */
const totals: Projection<Totals> = {
  name: 'totals',
  init: () => ({ sum: 0, byStream: {}, seen: [] }),
  apply: (state, event) => {
    const n = (event.data as { n: number }).n
    state.sum += n
    state.byStream[event.streamId] = (state.byStream[event.streamId] ?? 0) + n
    state.seen.push(event.position)
    return state
  },
}
const count: Projection<number> = { name: 'count', init: () => 0, apply: (n) => n + 1 }

const appendMany = async (store: ReturnType<typeof memoryEventStore>, from: number, to: number) => {
  for (let n = from; n <= to; n += 1) await store.appendToStream(`s-${n % 3}`, [added(n)], { expectedVersion: 'any' })
}
const withoutSeen = ({ sum, byStream }: Totals) => ({ sum, byStream })

describe.each<[string, () => CheckpointStore]>([
  ['memory checkpoints', () => memoryCheckpoints()],
  ['SQLite checkpoints', () => sqliteCheckpointStore(':memory:')],
])('projectionRunner with %s', (_name, makeCheckpoints) => {
  it('resumes after a restart from checkpoint + 1, reaching the state of a full replay', async () => {
    const store = memoryEventStore()
    const checkpoints = makeCheckpoints()
    await appendMany(store, 1, 10)
    const first = projectionRunner({ store, projections: [totals, count], checkpoints })
    expect(await first.catchUp()).toBe(9)
    await first.stop()

    await appendMany(store, 11, 15)
    const second = projectionRunner({ store, projections: [totals, count], checkpoints })
    expect(await second.catchUp()).toBe(14)
    expect(second.state(totals).seen).toEqual([...Array.from({ length: 10 }, (_, i) => i), 10, 11, 12, 13, 14])
    expect(second.state(count)).toBe(15)
    expect(withoutSeen(second.state(totals))).toEqual(withoutSeen(replay(totals, await store.readAll())))
  })

  it('rebuilds from zero to the same state it reached live', async () => {
    const store = memoryEventStore()
    const runner = projectionRunner({ store, projections: [totals, count], checkpoints: makeCheckpoints(), saveAfterMs: 5 })
    await appendMany(store, 1, 4)
    await runner.start()
    await appendMany(store, 5, 12)
    await runner.waitFor(11)
    const live = structuredClone(runner.state(totals))
    expect(live.sum).toBe(78)
    const progress: number[] = []
    expect(await runner.rebuild((p) => progress.push(p.applied))).toBe(11)
    expect(runner.state(totals)).toEqual(live)
    expect(progress.at(-1)).toBe(12)
    await appendMany(store, 13, 13)
    await runner.waitFor(12)
    expect(runner.state(count)).toBe(13)
    await runner.stop()
  })

  it('catches a projection added later up from zero while the others resume', async () => {
    const store = memoryEventStore()
    const checkpoints = makeCheckpoints()
    await appendMany(store, 1, 6)
    await projectionRunner({ store, projections: [totals], checkpoints }).catchUp()
    const later = projectionRunner({ store, projections: [totals, count], checkpoints })
    await later.catchUp()
    expect(later.state(count)).toBe(6)
    expect(later.state(totals).seen).toEqual([0, 1, 2, 3, 4, 5])
  })
})

describe('projectionRunner', () => {
  it('saves read models with their checkpoint when it stops', async () => {
    const store = memoryEventStore()
    const checkpoints = memoryCheckpoints()
    await appendMany(store, 1, 3)
    const runner = projectionRunner({ store, projections: [count], checkpoints })
    await runner.start()
    await appendMany(store, 4, 5)
    await runner.waitFor(4)
    await runner.stop()
    expect(await checkpoints.load('count')).toEqual({ name: 'count', position: 4, state: 5 })
  })

  it('rebuilds a read model it cannot decode instead of trusting it', async () => {
    const store = memoryEventStore()
    const checkpoints = memoryCheckpoints()
    await appendMany(store, 1, 3)
    await checkpoints.save([{ name: 'count', position: 2, state: 'garbage' }])
    const strict: Projection<number> = { ...count, decode: (saved) => (typeof saved === 'number' ? saved : undefined) }
    const runner = projectionRunner({ store, projections: [strict], checkpoints })
    await runner.catchUp()
    expect(runner.state(strict)).toBe(3)
  })

  it('reports a projection that throws, holds its place, and tries again after a backoff until it can (found in review: it stopped following for good, until a restart)', async () => {
    const store = memoryEventStore()
    let broken = true
    const failing: Projection<number> = {
      name: 'failing',
      init: () => 0,
      apply: (n, event: RecordedEvent) => {
        if (event.position === 2 && broken) throw new Error('bad event')
        return n + 1
      },
    }
    const errors: unknown[] = []
    const runner = projectionRunner({ store, projections: [failing], checkpoints: memoryCheckpoints(), onError: (e) => errors.push(e) })
    await runner.start()
    await appendMany(store, 1, 3)
    // Tried again (and reported again) while it fails; never past the event it cannot apply.
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2)
    expect(runner.position()).toBe(1)
    broken = false
    await expect.poll(() => runner.position(), { timeout: 5_000 }).toBe(2)
    expect(runner.state(failing)).toBe(3)
    // And it follows on from there.
    await appendMany(store, 4, 4)
    await expect.poll(() => runner.position(), { timeout: 5_000 }).toBe(3)
    await runner.stop()
  })

  it('waits longer after each failure in a row, while events are written (found in review: every retry that read on started the waits over: 69 failures in 2 s)', async () => {
    const store = memoryEventStore()
    const failingFeed = { ...store, subscribe: () => (async function* () { throw new Error('the feed is down') })() } as typeof store
    const errors: unknown[] = []
    const runner = projectionRunner({ store: failingFeed, projections: [count], checkpoints: memoryCheckpoints(), onError: (e) => errors.push(e), retryBaseMs: 50, retryMaxMs: 60_000 })
    await runner.start()
    const until = performance.now() + 2_000
    for (let n = 0; performance.now() < until; n += 1) {
      await appendMany(store, n, n)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await runner.stop()
    // Waits under 50, 100, 200, 400, 800 ms … (full jitter): a dozen at most in 2 s, not one every 50 ms.
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(errors.length).toBeLessThan(20)
  })

  it('answers a waiter false at once while it waits to try again after a failure, one waiting when it failed too, and waits again once it has recovered', async () => {
    const store = memoryEventStore()
    let broken = true
    const failing: Projection<number> = {
      name: 'failing',
      init: () => 0,
      apply: (n) => {
        if (broken) throw new Error('the database is down')
        return n + 1
      },
    }
    const errors: unknown[] = []
    const runner = projectionRunner({ store, projections: [failing], checkpoints: memoryCheckpoints(), onError: (e) => errors.push(e), retryBaseMs: 60_000, retryMaxMs: 60_000 })
    await runner.start()
    // Its timeout (30 s) or the retry (up to a minute away) would answer it; the marker after 1 s says it still waits.
    const answer = (waiting: Promise<boolean>) => Promise.race([waiting, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000))])
    // Waiting when the live pass fails on the event.
    const before = answer(runner.waitFor(0, 30_000))
    await appendMany(store, 0, 0)
    expect(await before).toBe(false)
    expect(errors.length).toBeGreaterThanOrEqual(1)
    // Waiting after it failed, while it waits to try again.
    expect(await answer(runner.waitFor(0, 30_000))).toBe(false)
    // Recovered (a stop and a start here: the retry is a minute away), a waiter waits for its position again.
    await runner.stop()
    broken = false
    await runner.start()
    expect(runner.position()).toBe(0)
    const next = runner.waitFor(1, 30_000)
    await appendMany(store, 1, 1)
    expect(await answer(next)).toBe(true)
    await runner.stop()
  })

  it('stops when asked while a retry catches up (found: the loop followed on with the stop already asked, and stop never returned)', async () => {
    const inner = memoryEventStore()
    let broken = true
    // Once the live pass failed, the retry's catch-up reads the log and is held there until released.
    let held: Promise<void> | undefined
    let release = (): void => {}
    let reached = (): void => {}
    const retryReading = new Promise<void>((resolve) => (reached = resolve))
    const store: typeof inner = {
      ...inner,
      readAll: async (options) => {
        if (held !== undefined) {
          reached()
          await held
        }
        return inner.readAll(options)
      },
    }
    const failing: Projection<number> = {
      name: 'failing',
      init: () => 0,
      apply: (n) => {
        if (broken) throw new Error('the database is down')
        return n + 1
      },
    }
    const onError = (): void => {
      if (held !== undefined) return
      broken = false
      held = new Promise<void>((resolve) => (release = resolve))
    }
    const runner = projectionRunner({ store, projections: [failing], checkpoints: memoryCheckpoints(), onError, retryBaseMs: 10, retryMaxMs: 10 })
    await runner.start()
    await appendMany(inner, 0, 0)
    await retryReading
    // The stop is asked while the retry's catch-up is under way; the catch-up then ends, and the stop must return.
    const stopped = runner.stop().then(() => 'stopped')
    release()
    expect(await Promise.race([stopped, new Promise((resolve) => setTimeout(() => resolve('still stopping after 2 s'), 2_000))])).toBe('stopped')
  })

  it('stops at once while it waits to try again (a wait of up to a minute here)', async () => {
    const store = memoryEventStore()
    const failing: Projection<number> = { name: 'failing', init: () => 0, apply: () => { throw new Error('bad event') } }
    const errors: unknown[] = []
    const runner = projectionRunner({ store, projections: [failing], checkpoints: memoryCheckpoints(), onError: (e) => errors.push(e), retryBaseMs: 60_000, retryMaxMs: 60_000 })
    await runner.start()
    await appendMany(store, 1, 1)
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(1)
    const stopping = runner.stop()
    let stopped = false
    void stopping.then(() => (stopped = true))
    await expect.poll(() => stopped, { timeout: 1_000 }).toBe(true)
  })
})
