import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Hex, verifyStream, type EventStore, type NewEvent, type RecordedEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { SCHEMA_VERSION } from './schema.js'
import { sqliteEventStore } from './store.js'

const actor = { id: 'u-1', role: 'grid-worker' as const, jurisdiction: 'hohhot/saihan' }

const event = (type: string, data: unknown = { n: type }): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId: `c-${type}`, correlationId: 'corr', causationId: 'cause', actor, occurredAt: '2025-03-01T08:00:00.000Z' },
})

let dir: string
let file: string
const open: EventStore[] = []
const store = (options: Partial<Parameters<typeof sqliteEventStore>[0]> = {}) => {
  const s = sqliteEventStore({ path: file, ...options })
  open.push(s)
  return s
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-sqlite-'))
  file = join(dir, 'nested', 'events.db')
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

const right = <A>(outcome: E.Either<unknown, A>): A => {
  if (E.isLeft(outcome)) throw new Error(`expected Right, got ${JSON.stringify(outcome.left)}`)
  return outcome.right
}

describe('sqliteEventStore', () => {
  it('records a stream in version order with global positions from 0, in commit order', async () => {
    const s = store({ clock: manualClock('2025-03-01T08:00:01.000Z') })
    right(await s.appendToStream('complaint-a', [event('A1'), event('A2')], { expectedVersion: 'no-stream' }))
    right(await s.appendToStream('dispute-b', [event('B1')], { expectedVersion: 'no-stream' }))
    const third = right(await s.appendToStream('complaint-a', [event('A3')], { expectedVersion: 1 }))

    expect(third).toMatchObject({ nextExpectedVersion: 2, lastPosition: 3 })
    const a = await s.readStream('complaint-a')
    expect(a.map((e) => [e.type, e.version, e.position])).toEqual([['A1', 0, 0], ['A2', 1, 1], ['A3', 2, 3]])
    expect((await s.readAll()).map((e) => e.type)).toEqual(['A1', 'A2', 'B1', 'A3'])
    expect((await s.readAll({ fromPosition: 2, limit: 1 })).map((e) => e.type)).toEqual(['B1'])
    expect((await s.readStream('complaint-a', { fromVersion: 1, toVersion: 1 })).map((e) => e.type)).toEqual(['A2'])
    expect(a[0]?.metadata.recordedAt).toBe('2025-03-01T08:00:01.000Z')
    expect(await s.streamVersion('complaint-a')).toBe(2)
    expect(await s.streamVersion('nobody')).toBe('no-stream')
    expect(await s.readStream('nobody')).toEqual([])
  })

  it('returns what it stored: the append result equals the read-back envelopes', async () => {
    const s = store()
    const appended = right(await s.appendToStream('complaint-a', [event('A1'), event('A2', undefined)], { expectedVersion: 'any' }))
    expect(await s.readStream('complaint-a')).toEqual(appended.events)
  })

  it('returns a version mismatch as a concurrency-conflict value carrying expected and actual', async () => {
    const s = store()
    right(await s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }))
    const cases = [
      { expected: 'no-stream' as const, actual: 0 },
      { expected: 5, actual: 0 },
    ]
    for (const { expected, actual } of cases) {
      const outcome = await s.appendToStream('complaint-a', [event('X')], { expectedVersion: expected })
      expect(outcome).toEqual(E.left(expect.objectContaining({ code: 'concurrency-conflict', streamId: 'complaint-a', expected, actual })))
    }
    const missing = await s.appendToStream('dispute-z', [event('X')], { expectedVersion: 'stream-exists' })
    expect(missing).toEqual(E.left(expect.objectContaining({ code: 'concurrency-conflict', actual: 'no-stream' })))
    expect((await s.readAll()).map((e) => e.type)).toEqual(['A1'])
  })

  it('keeps every acknowledged event and the hash chain across a reopen, and continues the chain', async () => {
    const first = store()
    right(await first.appendToStream('complaint-a', [event('A1'), event('A2')], { expectedVersion: 'no-stream' }))
    await first.close()
    const second = store()
    right(await second.appendToStream('complaint-a', [event('A3')], { expectedVersion: 1 }))
    const events = await second.readStream('complaint-a')
    expect(events.map((e) => e.type)).toEqual(['A1', 'A2', 'A3'])
    // Verified with core's pure hash: the store's default (Node crypto) gives the same digests.
    expect(verifyStream('complaint-a', events, sha256Hex)).toMatchObject({ ok: true, events: 3 })
  })

  it('detects an edited row through the hash chain', async () => {
    const s = store()
    right(await s.appendToStream('complaint-a', [event('A1'), event('A2')], { expectedVersion: 'no-stream' }))
    const raw = new Database(file)
    raw.prepare(`UPDATE events SET data = '{"n":"forged"}' WHERE version = 1`).run()
    raw.close()
    const verdict = verifyStream('complaint-a', await s.readStream('complaint-a'))
    expect(verdict).toMatchObject({ ok: false, brokenLink: { version: 1, reason: 'hash-mismatch' } })
  })

  it('two connections to one file see each other: stale writers get a conflict, positions stay unique', async () => {
    const a = store()
    const b = store()
    right(await a.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }))
    const stale = await b.appendToStream('complaint-a', [event('B1')], { expectedVersion: 'no-stream' })
    expect(E.isLeft(stale)).toBe(true)
    right(await b.appendToStream('complaint-a', [event('B1')], { expectedVersion: 0 }))
    right(await a.appendToStream('complaint-a', [event('A2')], { expectedVersion: 1 }))
    const all = await b.readAll()
    expect(all.map((e) => e.position)).toEqual([0, 1, 2])
    expect(verifyStream('complaint-a', await a.readStream('complaint-a')).ok).toBe(true)
  })

  it('heads kept in memory never outlive another connection\'s write: any interleaving of two writers on one file chains, with unique positions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ writer: fc.nat(1), stream: fc.nat(2), size: fc.integer({ min: 0, max: 3 }), raw: fc.boolean() }), { minLength: 1, maxLength: 25 }), async (steps) => {
        const path = join(dir, `interleave-${Math.random().toString(36).slice(2)}.db`)
        const writers = [sqliteEventStore({ path }), sqliteEventStore({ path })]
        // A third connection that is not an event store at all (as the key and tree tables have): it writes too.
        const other = new Database(path)
        try {
          for (const [i, step] of steps.entries()) {
            if (step.raw) other.exec(`CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (${i})`)
            const events = Array.from({ length: step.size }, (_, k) => event(`E${i}-${k}`))
            // The stream's version as the file has it (read through the other writer): the append must be accepted at it.
            const current = await (writers[1 - step.writer] as EventStore).streamVersion(`complaint-${step.stream}`)
            right(await (writers[step.writer] as EventStore).appendToStream(`complaint-${step.stream}`, events, { expectedVersion: current }))
          }
          const all = await (writers[0] as EventStore).readAll()
          expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i))
          for (const stream of [0, 1, 2]) {
            const events = await (writers[1] as EventStore).readStream(`complaint-${stream}`)
            expect(verifyStream(`complaint-${stream}`, events).ok).toBe(true)
            expect(events.length).toBe(steps.filter((st) => st.stream === stream).reduce((n, st) => n + st.size, 0))
          }
        } finally {
          other.close()
          await Promise.all(writers.map((w) => w.close()))
        }
      }),
      { numRuns: 25 },
    )
  })

  it('refuses a second event at a taken (stream, version) even from a writer that bypasses the store', async () => {
    const s = store()
    right(await s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }))
    const raw = new Database(file)
    try {
      const copy = `INSERT INTO events SELECT position + 1, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash FROM events`
      expect(() => raw.exec(copy)).toThrow(/UNIQUE constraint failed: events.stream_id, events.version/)
    } finally {
      raw.close()
    }
    expect(await s.readAll()).toHaveLength(1)
  })

  it('rejects reads once closed', async () => {
    const s = store()
    await s.close()
    await expect(s.readAll()).rejects.toThrow()
    await expect(s.readStream('complaint-a')).rejects.toThrow()
  })

  it('appends a batch atomically: a failure inside the write leaves nothing behind', async () => {
    const s = store()
    const raw = new Database(file)
    // A trigger stands in for a failure half-way through the batch (disk full, I/O error).
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`)
    raw.close()
    await expect(s.appendToStream('complaint-a', [event('A1'), event('A2'), event('Boom')], { expectedVersion: 'any' })).rejects.toThrow(
      'boom',
    )
    expect(await s.readAll()).toEqual([])
    right(await s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }))
    expect((await s.readAll()).map((e) => [e.type, e.position])).toEqual([['A1', 0]])
  })

  it('concurrent appends share a commit yet keep their own outcomes: a failing one undoes only itself', async () => {
    const s = store()
    const raw = new Database(file)
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`)
    raw.close()
    const outcomes = await Promise.allSettled([
      s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }),
      s.appendToStream('complaint-a', [event('A1-again')], { expectedVersion: 'no-stream' }),
      s.appendToStream('dispute-b', [event('B1'), event('Boom')], { expectedVersion: 'any' }),
      s.appendToStream('complaint-a', [event('A2')], { expectedVersion: 0 }),
    ])
    expect(outcomes.map((o) => (o.status === 'rejected' ? 'rejected' : E.isRight(o.value) ? 'written' : o.value.left.code))).toEqual([
      'written',
      'concurrency-conflict',
      'rejected',
      'written',
    ])
    expect((await s.readAll()).map((e) => [e.type, e.streamId, e.version, e.position])).toEqual([
      ['A1', 'complaint-a', 0, 0],
      ['A2', 'complaint-a', 1, 1],
    ])
    expect(await s.streamVersion('dispute-b')).toBe('no-stream')
  })

  it('rejects an append made after close', async () => {
    const s = store()
    await s.close()
    await expect(s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'any' })).rejects.toThrow()
  })

  it('rejects (does not return a conflict) when another writer holds the lock past the busy timeout', async () => {
    const s = store({ busyTimeoutMs: 50 })
    const raw = new Database(file)
    raw.exec('BEGIN IMMEDIATE')
    try {
      await expect(s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'any' })).rejects.toThrow(/locked|busy/i)
    } finally {
      raw.exec('ROLLBACK')
      raw.close()
    }
    right(await s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'no-stream' }))
  })

  it('an empty append checks the version and writes nothing', async () => {
    const s = store()
    expect(right(await s.appendToStream('complaint-a', [], { expectedVersion: 'no-stream' }))).toEqual({
      nextExpectedVersion: -1,
      lastPosition: -1,
      events: [],
    })
    expect(E.isLeft(await s.appendToStream('complaint-a', [], { expectedVersion: 'stream-exists' }))).toBe(true)
    expect(await s.readAll()).toEqual([])
  })

  it('stamps the file with its schema version and refuses a file from a newer build', async () => {
    const s = store()
    await s.close()
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => store()).toThrow(/schema/)
  })

  it('any sequence of appends reads back as written, chains verify, positions follow commit order', async () => {
    const streams = ['complaint-a', 'complaint-b', 'dispute-c']
    const batch = fc.record({
      stream: fc.constantFrom(...streams),
      data: fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }),
    })
    let round = 0
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 12 }), async (batches) => {
        const s = store({ path: join(dir, `prop-${(round += 1)}.db`) })
        const written: RecordedEvent[] = []
        for (const b of batches) {
          const result = right(await s.appendToStream(b.stream, b.data.map((d, i) => event(`T${i}`, d)), { expectedVersion: 'any' }))
          written.push(...result.events)
        }
        const all = await s.readAll()
        // JSON is what the file keeps (e.g. -0 reads back as 0); compare in that form.
        expect(JSON.parse(JSON.stringify(all))).toEqual(JSON.parse(JSON.stringify(written)))
        expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i))
        for (const id of streams) {
          expect(verifyStream(id, await s.readStream(id))).toMatchObject({ ok: true })
        }
        await s.close()
      }),
      { numRuns: 40 },
    )
  })
})

describe('sqliteEventStore.subscribe', () => {
  const take = async (iterable: AsyncIterable<RecordedEvent>, n: number): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = []
    if (n === 0) return out
    for await (const e of iterable) {
      out.push(e)
      if (out.length === n) break
    }
    return out
  }

  it('catches up in pages from a checkpoint, then delivers live commits from another connection', async () => {
    const writer = store()
    const reader = store({ pageSize: 2 })
    for (let i = 0; i < 5; i += 1) right(await writer.appendToStream('complaint-a', [event(`E${i}`)], { expectedVersion: 'any' }))
    const controller = new AbortController()
    const received = take(reader.subscribe({ fromPosition: 3, signal: controller.signal }), 4)
    right(await writer.appendToStream('dispute-b', [event('L0'), event('L1')], { expectedVersion: 'no-stream' }))
    expect((await received).map((e) => [e.type, e.position])).toEqual([['E3', 3], ['E4', 4], ['L0', 5], ['L1', 6]])
    controller.abort()
  })

  it('ends when its signal aborts, and when the store closes', async () => {
    const s = store({ pollMs: 10 })
    right(await s.appendToStream('complaint-a', [event('A1')], { expectedVersion: 'any' }))
    const controller = new AbortController()
    const seen: string[] = []
    const aborted = (async () => {
      for await (const e of s.subscribe({ signal: controller.signal })) {
        seen.push(e.type)
        controller.abort()
      }
    })()
    await aborted
    expect(seen).toEqual(['A1'])

    const other = store({ pollMs: 10 })
    const untilClose = (async () => {
      const got: string[] = []
      for await (const e of other.subscribe({ fromPosition: 1 })) got.push(e.type)
      return got
    })()
    await other.close()
    expect(await untilClose).toEqual([])
  })
})

describe("writer 'thread'", () => {
  it('commits on the thread with the caller’s clock and ids, and a store on the main thread reads the same chain', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z')
    let n = 0
    const threaded = store({ writer: 'thread', clock, newEventId: () => `id-${(n += 1)}` })
    const results = await Promise.all([
      threaded.appendToStream('complaint-t', [event('A'), event('B')], { expectedVersion: 'no-stream' }),
      threaded.appendToStream('complaint-u', [event('C')], { expectedVersion: 'no-stream' }),
      threaded.appendToStream('complaint-t', [event('D')], { expectedVersion: 'no-stream' }),
    ])
    expect(results.map((r) => r._tag)).toEqual(['Right', 'Right', 'Left'])
    expect(right(results[0] as E.Either<unknown, { events: readonly RecordedEvent[] }>).events.map((e) => [e.eventId, e.metadata.recordedAt])).toEqual([
      ['id-1', '2026-03-01T00:00:00.000Z'],
      ['id-2', '2026-03-01T00:00:00.000Z'],
    ])
    const reader = store()
    const stream = await reader.readStream('complaint-t')
    expect(stream.map((e) => e.type)).toEqual(['A', 'B'])
    expect(verifyStream('complaint-t', stream)).toMatchObject({ ok: true, events: 2 })
    expect((await reader.readAll()).map((e) => e.position)).toEqual([0, 1, 2])
  })

  it('stores what the main thread’s writer stores, byte for byte: the same rows, the same readAll', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z')
    const ids = () => {
      let n = 0
      return () => `id-${(n += 1)}`
    }
    const onMain = store({ path: join(dir, 'main.db'), clock, newEventId: ids() })
    const onThread = store({ path: join(dir, 'thread.db'), writer: 'thread', clock, newEventId: ids() })
    const generated: fc.Arbitrary<NewEvent> = fc
      .record({
        type: fc.constantFrom('ComplaintNoted', 'ComplaintRegistered'),
        data: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 8 }), { maxKeys: 4 })),
        extra: fc.dictionary(fc.constantFrom('requestHash', 'note', 'b'), fc.string({ unit: 'grapheme', maxLength: 6 }), { maxKeys: 2 }),
        eventId: fc.option(fc.uuid(), { nil: undefined }),
      })
      .map(({ type, data, extra, eventId }) => ({ ...event(type, data), metadata: { ...event(type).metadata, ...extra }, ...(eventId === undefined ? {} : { eventId }) }))
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(generated, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }), async (appends) => {
        run += 1
        // Concurrent appends, so both writers commit groups; each to a stream of its own, in the same order on both.
        for (const s of [onMain, onThread]) {
          const outcomes = await Promise.all(appends.map((events, k) => s.appendToStream(`complaint-${run}-${k}`, events, { expectedVersion: 'any' })))
          expect(outcomes.every(E.isRight)).toBe(true)
        }
      }),
      { numRuns: 15 },
    )
    const rows = (path: string) => {
      const db = new Database(path, { readonly: true })
      try {
        return db.prepare('SELECT * FROM events ORDER BY position').all()
      } finally {
        db.close()
      }
    }
    const stored = rows(join(dir, 'main.db'))
    expect(stored.length).toBeGreaterThan(15)
    expect(rows(join(dir, 'thread.db'))).toStrictEqual(stored)
    expect(await onThread.readAll()).toStrictEqual(await onMain.readAll())
  })

  it('refuses a custom hash (the thread hashes with SHA-256), and appends after close', async () => {
    expect(() => sqliteEventStore({ path: file, writer: 'thread', hash: sha256Hex })).toThrow(/hash/)
    const threaded = sqliteEventStore({ path: file, writer: 'thread' })
    await threaded.close()
    await expect(threaded.appendToStream('complaint-x', [event('A')], { expectedVersion: 'any' })).rejects.toThrow(/closed/)
  })
})

describe('subscriptions served from the store’s own latest commits', () => {
  const take = async (s: EventStore, fromPosition: number, count: number): Promise<number[]> => {
    const stop = new AbortController()
    const seen: number[] = []
    for await (const e of s.subscribe({ fromPosition, signal: stop.signal })) {
      seen.push(e.position)
      if (seen.length === count) stop.abort()
    }
    return seen
  }

  it('never skip a commit made through another connection between two of its own', async () => {
    const a = store()
    const b = store()
    await a.appendToStream('complaint-a', [event('A0'), event('A1')], { expectedVersion: 'no-stream' })
    await b.appendToStream('complaint-b', [event('B2')], { expectedVersion: 'no-stream' })
    await a.appendToStream('complaint-a', [event('A3'), event('A4')], { expectedVersion: 1 })
    expect(await take(a, 2, 3)).toEqual([2, 3, 4])
    expect(await take(a, 0, 5)).toEqual([0, 1, 2, 3, 4])
    const live = take(a, 5, 2)
    await a.appendToStream('complaint-a', [event('A5'), event('A6')], { expectedVersion: 3 })
    expect(await live).toEqual([5, 6])
  })
})
