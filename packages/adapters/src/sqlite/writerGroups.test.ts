// Appends for the writer thread go in one message per commit, not one per request: while a group is being committed,
// the appends that arrive wait and go together when it is answered. Each is still committed once, in order.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppendResult, NewEvent } from '@gridcase/core'
import type { Either } from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteEventStore } from './store.js'

const actor = { id: 'u-1', role: 'grid-worker' as const, jurisdiction: 'hohhot/saihan' }
const noted = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c-${n}`, correlationId: 'corr', causationId: 'cause', actor, occurredAt: '2025-03-01T08:00:00.000Z' },
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-writer-groups-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the SQLite store with a writer thread', () => {
  it('sends N appends arriving one loop turn apart in fewer than N groups, and commits each once, in the order asked', async () => {
    const store = sqliteEventStore({ path: join(dir, 'log.sqlite'), writer: 'thread', synchronous: 'full' })
    try {
      // A first commit, so that the thread is up and a commit (with its fsync) is what the others wait for.
      await store.appendToStream('warm', [noted(-1)], { expectedVersion: 'any' })
      const before = store.writerGroups()
      const outcomes: Promise<Either<unknown, AppendResult>>[] = []
      for (let n = 0; n < 40; n += 1) {
        outcomes.push(store.appendToStream(`s-${n}`, [noted(n)], { expectedVersion: 'no-stream' }))
        await new Promise((resolve) => setImmediate(resolve))
      }
      const settled = await Promise.all(outcomes)
      expect(settled.every((o) => o._tag === 'Right')).toBe(true)
      expect(store.writerGroups() - before).toBeLessThan(40)
      const all = await store.readAll({ fromPosition: 1 })
      expect(all.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 40 }, (_, n) => n))
    } finally {
      await store.close()
    }
  })

  it('commits what was asked before close, even while a group was in flight', async () => {
    const path = join(dir, 'log.sqlite')
    const store = sqliteEventStore({ path, writer: 'thread', synchronous: 'full' })
    const first = store.appendToStream('a', [noted(1)], { expectedVersion: 'any' })
    await new Promise((resolve) => setImmediate(resolve))
    const second = store.appendToStream('b', [noted(2)], { expectedVersion: 'any' })
    await store.close()
    expect((await first)._tag).toBe('Right')
    expect((await second)._tag).toBe('Right')
    const reopened = sqliteEventStore({ path, writer: 'main' })
    try {
      expect((await reopened.readAll()).map((e) => e.streamId)).toEqual(['a', 'b'])
    } finally {
      await reopened.close()
    }
  })

  // The events go to the thread as the caller gave them, and a structured clone keeps one object given twice as one
  // object: the thread must still give each place its own id (it named the shared object once, and each later
  // unnamed event in the group took the id meant for the one before it).
  it.each(['thread', 'main'] as const)('gives one event object appended twice (in one append, and in two appends committed together) an id per place, the same in the answer as in the log (writer %s)', async (writer) => {
    const store = sqliteEventStore({ path: join(dir, `shared-${writer}.sqlite`), writer, synchronous: 'full' })
    try {
      await store.appendToStream('warm', [noted(-1)], { expectedVersion: 'any' })
      const template = noted(7)
      const twice = await store.appendToStream('twice', [template, template, noted(8)], { expectedVersion: 'no-stream' })
      // Both sent in the same loop turn: they go to the thread in one group.
      const together = await Promise.all([
        store.appendToStream('a', [template, noted(9)], { expectedVersion: 'no-stream' }),
        store.appendToStream('b', [template], { expectedVersion: 'no-stream' }),
      ])
      const answered = [twice, ...together].flatMap((o) => (o._tag === 'Right' ? o.right.events : []))
      expect(answered).toHaveLength(6)
      const stored = await store.readAll({ fromPosition: 1 })
      expect(answered.map((e) => [e.position, e.eventId])).toEqual(stored.map((e) => [e.position, e.eventId]))
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(6)
      expect(answered.map((e) => e.metadata.hash)).toEqual(stored.map((e) => e.metadata.hash))
      expect(template).toEqual(noted(7))
      // An id of null (plain JS; the type says string or nothing) is no id, as the chain's sealing reads it.
      const nulled = await store.appendToStream('nulled', [{ ...noted(10), eventId: null } as unknown as NewEvent], { expectedVersion: 'no-stream' })
      const [stored10] = await store.readStream('nulled')
      expect(nulled._tag === 'Right' ? nulled.right.events[0]?.eventId : undefined).toBe(stored10?.eventId)
      expect(typeof stored10?.eventId).toBe('string')
    } finally {
      await store.close()
    }
  })
})
