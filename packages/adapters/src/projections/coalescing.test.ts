// The live runner takes events that arrive close together in one pass: one transaction per read model for all of
// them, not one each, while an event after a quiet spell and a reader waiting for its own write are not kept waiting.
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { memoryEventStore } from '../memory/store.js'
import { sqliteEventStore } from '../sqlite/store.js'
import type { ReadModel } from './readModel.js'
import { projectionRunner } from './runner.js'
import { added } from '../../../../tests/support/plainEvents.js'


/** A read model that counts its transactions (calls of `apply` that moved it) and keeps the positions it took. */
const countingModel = (): ReadModel & { readonly transactions: () => number; readonly positions: number[] } => {
  let checkpoint = -1
  let transactions = 0
  const positions: number[] = []
  return {
    name: 'counting',
    checkpoint: async () => checkpoint,
    apply: async (events: readonly RecordedEvent[]) => {
      const fresh = events.filter((e) => e.position > checkpoint)
      if (fresh.length > 0) transactions += 1
      for (const e of fresh) positions.push(e.position)
      checkpoint = Math.max(checkpoint, ...fresh.map((e) => e.position))
      return checkpoint
    },
    reset: async () => {
      checkpoint = -1
    },
    close: async () => {},
    transactions: () => transactions,
    positions,
  }
}

/** One event per commit, each a millisecond after the last (as requests arrive): the old runner took each alone. */
const burst = async (store: EventStore, from: number, count: number): Promise<number> => {
  let last = -1
  for (let n = from; n < from + count; n += 1) {
    const outcome = await store.appendToStream(`s-${n % 4}`, [added(n)], { expectedVersion: 'any' })
    if (outcome._tag === 'Left') throw new Error(outcome.left.message)
    last = outcome.right.events.at(-1)?.position ?? last
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  return last
}

/** `count` events, one per commit, `gapMs` apart, nobody waiting for them; the position of the last. */
const appendApart = async (store: EventStore, count: number, gapMs: number): Promise<number> => {
  let last = -1
  for (let n = 0; n < count; n += 1) {
    if (n > 0) await new Promise((resolve) => setTimeout(resolve, gapMs))
    const outcome = await store.appendToStream(`s-${n % 4}`, [added(n)], { expectedVersion: 'any' })
    if (outcome._tag === 'Left') throw new Error(outcome.left.message)
    last = outcome.right.events.at(-1)?.position ?? last
  }
  return last
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-coalesce-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe.each<[string, () => EventStore & { close?: () => Promise<void> }]>([
  ['a store with a page feed (SQLite)', () => sqliteEventStore({ path: join(dir, 'log.sqlite'), writer: 'main' })],
  ['a store with an event feed only (memory)', () => memoryEventStore()],
])('the live projection runner on %s', (_name, makeStore) => {
  it('applies N events appended one by one in a burst in fewer than N transactions, each exactly once, in order', async () => {
    const store = makeStore()
    const model = countingModel()
    // A pause well above the gaps between appends, even on a loaded machine (the default is 20 ms).
    const runner = projectionRunner({ store, readModels: [model], coalesceMs: 500 })
    try {
      await runner.start()
      const last = await burst(store, 0, 40)
      await expect.poll(() => runner.position(), { timeout: 5000 }).toBe(last)
      expect(model.positions).toEqual(Array.from({ length: 40 }, (_, i) => i))
      expect(model.transactions()).toBeLessThan(40)
    } finally {
      await runner.stop()
      await store.close?.()
    }
  })

  it('applies a lone event after a quiet spell, and a reader waiting for its own write gets it without the pause', async () => {
    const store = makeStore()
    const model = countingModel()
    // A pause far longer than the test may take: only the waiter's hurry can end it.
    const runner = projectionRunner({ store, readModels: [model], coalesceMs: 60_000 })
    try {
      await runner.start()
      const first = await burst(store, 0, 1)
      await runner.waitFor(first)
      expect(model.positions).toEqual([0])
      // Appended during the runner's pause: a reader waiting for it is answered without waiting the pause out.
      const second = await burst(store, 1, 1)
      expect(await runner.waitFor(second, 30_000)).toBe(true)
      expect(model.positions).toEqual([0, 1])
    } finally {
      await runner.stop()
      await store.close?.()
    }
  })

  it('with a pause that adapts to the rate (coalesceMaxMs), still applies every event once, in order, and a waiting reader gets its write without the pause', async () => {
    const store = makeStore()
    const model = countingModel()
    // The adaptive pause after the first pass is coalesceMaxMs: far longer than the test may take, so only the hurry ends it.
    const runner = projectionRunner({ store, readModels: [model], coalesceMs: 20, coalesceMaxMs: 60_000, coalesceEvents: 20 })
    try {
      await runner.start()
      const first = await burst(store, 0, 1)
      expect(await runner.waitFor(first, 30_000)).toBe(true)
      const last = await burst(store, 1, 10)
      expect(await runner.waitFor(last, 30_000)).toBe(true)
      expect(model.positions).toEqual(Array.from({ length: 11 }, (_, i) => i))
      expect(model.transactions()).toBeLessThan(11)
    } finally {
      await runner.stop()
      await store.close?.()
    }
  })

  it('passes the adaptive pause to its passes (coalesceMaxMs): after the first pass it waits coalesceMaxMs, so 6 events 5 ms apart take 2 passes', async () => {
    const store = makeStore()
    const model = countingModel()
    // No fixed pause at all (coalesceMs 0): a runner that ignored coalesceMaxMs would take each event alone (6 passes).
    // The first pass pauses coalesceMaxMs (no rate seen yet), far longer than the test, and only the waiter ends it.
    const runner = projectionRunner({ store, readModels: [model], coalesceMs: 0, coalesceMaxMs: 60_000 })
    try {
      await runner.start()
      const last = await appendApart(store, 6, 5)
      expect(await runner.waitFor(last, 30_000)).toBe(true)
      expect(model.positions).toEqual([0, 1, 2, 3, 4, 5])
      expect(model.transactions()).toBe(2)
    } finally {
      await runner.stop()
      await store.close?.()
    }
  })
})

describe('the projection runner\'s pause options', () => {
  it.each([
    [{ coalesceMs: -1 }, /^coalesceMs: /],
    [{ coalesceMs: 20, coalesceMaxMs: Number.NaN }, /^coalesceMaxMs: /],
    [{ coalesceEvents: 0 }, /^coalesceEvents: /],
  ])('refuses %o when the runner is built, naming the option', (options, message) => {
    expect(() => projectionRunner({ store: memoryEventStore(), readModels: [countingModel()], ...options })).toThrow(message)
  })
})
