// With the store's writer on a thread, the tree's chunks and signed heads, where this thread writes them (heads the tree's
// worker thread cannot write itself: not in a SQLite file it can open), are written (through the heads' own connection)
// only while no group of that writer is in flight: the main thread never waits, blocked, for the writer thread's
// transaction and fsync to release the file's write lock (it did once per signed head, for up to a commit's time).
// Heads in the file are written by the tree's worker thread itself: every head due, the last at stop, verifies.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore } from '@gridcase/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../clock.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { wakeupsFor } from '../sqlite/wakeups.js'
import { generateHeadKey, headSigner, headVerifier } from './signingKey.js'
import { sqliteTreeHeads, type TreeHeadStore } from './treeHeads.js'
import { treeLog } from './treeLog.js'
import { noted } from '../../../../tests/support/plainEvents.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-idle-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Twenty rounds of two appends of 150 events always in flight (the tree's reports arrive while the writer commits); the last position. */
const appendWhileTheTreeWorks = async (store: EventStore): Promise<number> => {
  let last = -1
  for (let round = 0; round < 20; round += 1) {
    const outcomes = await Promise.all(
      [0, 1].map((k) => store.appendToStream(`s-${k}`, Array.from({ length: 150 }, (_, i) => noted(round * 1000 + k * 500 + i)), { expectedVersion: 'any' })),
    )
    for (const o of outcomes) if (o._tag === 'Right') last = Math.max(last, o.right.lastPosition)
  }
  return last
}

describe('the tree beside a writer thread', () => {
  it('writes its chunks and heads only while no writer group is in flight, and still signs every head due, the last at stop', async () => {
    const path = join(dir, 'log.sqlite')
    const store = sqliteEventStore({ path, writer: 'thread' })
    const file = wakeupsFor(path)
    const stored = sqliteTreeHeads({ path })
    // Each write of the heads' connection, with whether a writer group was in flight as it began.
    const writes: { readonly what: string; readonly busy: boolean }[] = []
    // Without `file` (as a store the worker thread cannot open): written here.
    const { file: _inFile, ...notInFile } = stored
    const heads: TreeHeadStore = {
      ...notInFile,
      saveChunk: (index, chunk) => {
        writes.push({ what: 'chunk', busy: file.writerBusy() })
        stored.saveChunk(index, chunk)
      },
      saveHead: (head) => {
        writes.push({ what: 'head', busy: file.writerBusy() })
        stored.saveHead(head)
      },
    }
    const key = generateHeadKey()
    const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock: systemClock, everyEvents: 100, thread: { path } })
    await tree.start()
    let last = -1
    try {
      last = await appendWhileTheTreeWorks(store)
      await tree.waitFor(last)
    } finally {
      await tree.stop()
      await store.close()
    }
    try {
      expect(writes.filter((w) => w.what === 'head').length).toBeGreaterThan(5)
      expect(writes.filter((w) => w.what === 'chunk').length).toBe(Math.floor((last + 1) / 256))
      expect(writes.filter((w) => w.busy)).toEqual([])
      // Nothing left unsigned: the last head, written at stop at the latest, covers every event and verifies.
      const latest = stored.latestHead()
      expect(latest?.treeSize).toBe(last + 1)
      expect(latest === undefined ? 'none' : headVerifier([key.publicKeyPem]).check(latest)).toBe('ok')
    } finally {
      stored.close()
      file.release()
    }
  })

  it('with heads in the file and thread.writes: thread, the worker thread writes every head due and the chunks, the last at stop, beside a writer thread', async () => {
    const path = join(dir, 'log.sqlite')
    const store = sqliteEventStore({ path, writer: 'thread' })
    const heads = sqliteTreeHeads({ path })
    let savedHere = 0
    const counted: TreeHeadStore = { ...heads, saveChunk: (i, c) => ((savedHere += 1), heads.saveChunk(i, c)), saveHead: (h) => ((savedHere += 1), heads.saveHead(h)) }
    const key = generateHeadKey()
    const tree = treeLog({ store, heads: counted, signer: headSigner(key.privateKeyPem), clock: systemClock, everyEvents: 100, thread: { path, writes: 'thread' } })
    await tree.start()
    let last = -1
    try {
      last = await appendWhileTheTreeWorks(store)
      await tree.waitFor(last)
    } finally {
      await tree.stop()
      await store.close()
    }
    try {
      // Nothing written on this thread; every head verifies, the last (at stop at the latest) covers every event.
      expect(savedHere).toBe(0)
      const all = heads.heads()
      expect(all.length).toBeGreaterThan(5)
      for (const head of all) expect(headVerifier([key.publicKeyPem]).check(head)).toBe('ok')
      expect(heads.latestHead()?.treeSize).toBe(last + 1)
      expect(heads.chunks().length).toBe(Math.floor((last + 1) / 256))
    } finally {
      heads.close()
    }
  })
})
