import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordedEvent } from '@gridcase/core'
import { eventLeafHash, rootOf, toHex } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateHeadKey, headSigner } from '../audit/signingKey.js'
import { sqliteTreeHeads } from '../audit/treeHeads.js'
import { nodeSha256Bytes, treeLog } from '../audit/treeLog.js'
import { manualClock } from '../clock.js'
import { sqliteEventStore } from './store.js'
import { wakeupsFor } from './wakeups.js'
import { noted } from '../../../../tests/support/plainEvents.js'


let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-wakeups-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the commits a store announces to its file’s listeners', () => {
  for (const writer of ['main', 'thread'] as const) {
    it(`are the events each commit wrote, as the appends were answered (writer on ${writer})`, async () => {
      const path = join(dir, 'log.sqlite')
      const store = sqliteEventStore({ path, writer })
      const heard: RecordedEvent[][] = []
      const wakeups = wakeupsFor(path)
      const stop = wakeups.onCommitted((events) => heard.push([...events]))
      try {
        const answers = await Promise.all([store.appendToStream('s-1', [noted(1), noted(2)], { expectedVersion: 'no-stream' }), store.appendToStream('s-2', [noted(3)], { expectedVersion: 'no-stream' })])
        const written = answers.flatMap((a) => (a._tag === 'Right' ? a.right.events : []))
        expect(written).toHaveLength(3)
        const key = (e: RecordedEvent) => [e.position, e.streamId, e.version, e.metadata.hash]
        expect(heard.flat().map(key)).toEqual(written.map(key))
        expect(heard.flat().map(key)).toEqual((await store.readAll()).map(key))
      } finally {
        stop()
        wakeups.release()
        await store.close()
      }
    })
  }

  for (const writer of ['main', 'thread'] as const) {
    it(`are exactly the rows in the file when one append of a group fails mid-way and the group is written again with savepoints (writer on ${writer})`, async () => {
      const path = join(dir, 'log.sqlite')
      const store = sqliteEventStore({ path, writer })
      // The store made the schema; another connection adds a trigger that refuses the second event of stream 'bad':
      // its first event is inserted, the second aborts, so the group's one transaction is rolled back and the group
      // written again one savepoint per append (writer.ts, the careful path).
      const setup = new Database(path)
      setup.exec("CREATE TRIGGER refuse_bad BEFORE INSERT ON events WHEN NEW.stream_id = 'bad' AND NEW.version = 1 BEGIN SELECT RAISE(ABORT, 'refused'); END")
      setup.close()
      const heads = sqliteTreeHeads({ path })
      const tree = treeLog({ store, heads, signer: headSigner(generateHeadKey().privateKeyPem), clock: manualClock('2026-03-02T01:00:00Z'), everyEvents: 1_000_000, thread: { path, pollMs: 60_000 } })
      await tree.start()
      const heard: RecordedEvent[][] = []
      const wakeups = wakeupsFor(path)
      const stop = wakeups.onCommitted((events) => heard.push([...events]))
      try {
        // Submitted in one turn: one group (on the thread, the first may go alone and the rest gather behind it).
        const answers = await Promise.allSettled([
          store.appendToStream('s-1', [noted(1), noted(2)], { expectedVersion: 'no-stream' }),
          store.appendToStream('s-2', [noted(3)], { expectedVersion: 'no-stream' }),
          store.appendToStream('bad', [noted(4), noted(5)], { expectedVersion: 'no-stream' }),
          store.appendToStream('s-3', [noted(6), noted(7), noted(8)], { expectedVersion: 'no-stream' }),
          store.appendToStream('s-4', [noted(9)], { expectedVersion: 'no-stream' }),
        ])
        expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
        const all = await store.readAll()
        expect(all.map((e) => e.streamId)).toEqual(['s-1', 's-1', 's-2', 's-3', 's-3', 's-3', 's-4'])
        const key = (e: RecordedEvent) => [e.position, e.streamId, e.version, e.eventId, e.metadata.hash]
        expect(heard.flat().map(key)).toEqual(all.map(key))
        // The tree's thread took those commits as announced: its root is the root of the file's rows.
        const last = all.at(-1)?.position ?? -1
        await tree.waitFor(last)
        const root = toHex(rootOf(all.map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes))
        expect(tree.signNow()).toMatchObject({ treeSize: all.length, rootHash: root })
        expect(tree.leavesFromCommits?.()).toBeGreaterThan(0)
      } finally {
        stop()
        wakeups.release()
        await tree.stop()
        heads.close()
        await store.close()
      }
    })
  }

  it('never fail the append when a listener throws: the events are committed and answered', async () => {
    const path = join(dir, 'log.sqlite')
    const store = sqliteEventStore({ path })
    const wakeups = wakeupsFor(path)
    const stop = wakeups.onCommitted(() => {
      throw new Error('a listener that fails')
    })
    try {
      const answer = await store.appendToStream('s-1', [noted(1)], { expectedVersion: 'no-stream' })
      expect(answer._tag).toBe('Right')
      expect(await store.readAll()).toHaveLength(1)
    } finally {
      stop()
      wakeups.release()
      await store.close()
    }
  })
})

describe('a file’s wake-up entry', () => {
  it('is released under the path it was registered with, whatever the working directory is by then', () => {
    mkdirSync(join(dir, 'a'))
    mkdirSync(join(dir, 'b'))
    const before = process.cwd()
    const other = wakeupsFor(join(dir, 'b', 'log.sqlite'))
    try {
      process.chdir(join(dir, 'a'))
      const relative = wakeupsFor('log.sqlite')
      // Another directory by the time the connection closes: 'log.sqlite' now names b's file.
      process.chdir(join(dir, 'b'))
      relative.release()
      process.chdir(before)
      // b's entry, still in use, is untouched: a new user of b's file shares its wake-up.
      const b = wakeupsFor(join(dir, 'b', 'log.sqlite'))
      expect(b.wake).toBe(other.wake)
      b.release()
      // a's entry, whose only user released it, is gone: a new user of a's file gets a fresh one.
      const a = wakeupsFor(join(dir, 'a', 'log.sqlite'))
      expect(a.wake).not.toBe(relative.wake)
      a.release()
    } finally {
      process.chdir(before)
      other.release()
    }
  })
})

describe('writes waiting for an idle writer thread', () => {
  it('run at once without a group in flight; with one, when it is answered, in order, a failing one not stopping the rest', () => {
    const path = join(dir, 'idle.sqlite')
    const file = wakeupsFor(path)
    const other = wakeupsFor(path)
    const ran: string[] = []
    file.whenWriterIdle(() => ran.push('now'))
    expect(ran).toEqual(['now'])
    other.writerSent()
    expect(file.writerBusy()).toBe(true)
    file.whenWriterIdle(() => ran.push('first'))
    file.whenWriterIdle(() => {
      throw new Error('a write that fails')
    })
    file.whenWriterIdle(() => ran.push('second'))
    expect(ran).toEqual(['now'])
    other.writerAnswered()
    expect(ran).toEqual(['now', 'first', 'second'])
    expect(file.writerBusy()).toBe(false)
    file.release()
    other.release()
  })

  it('are released with a store’s answered groups: busy while its writer thread commits, idle once it answered', async () => {
    const path = join(dir, 'busy.sqlite')
    const store = sqliteEventStore({ path, writer: 'thread' })
    const file = wakeupsFor(path)
    try {
      const pending = store.appendToStream('s-1', [noted(1)], { expectedVersion: 'any' })
      // Sent on the next turn of the loop.
      await new Promise((resolve) => setImmediate(resolve))
      expect(file.writerBusy()).toBe(true)
      let ranWhileBusy: boolean | undefined
      file.whenWriterIdle(() => (ranWhileBusy = file.writerBusy()))
      expect(ranWhileBusy).toBeUndefined()
      await pending
      // Run right after the answer (the caller may resume first): with the writer idle.
      await expect.poll(() => ranWhileBusy).toBe(false)
    } finally {
      await store.close()
      file.release()
    }
  })
})
