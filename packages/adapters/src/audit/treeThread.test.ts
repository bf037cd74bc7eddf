// The tree log with its per-event work on a worker thread: the same heads and proofs as the tree on the
// writer's thread, a thread killed mid-way resumes to the right root, and stop leaves no thread behind.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventLeafHash, fromHex, rootOf, toHex, verifyConsistency, verifyInclusion } from '@gridcase/core/audit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { manualClock } from '../clock.js'
import Database from 'better-sqlite3'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { sqliteWriter } from '../sqlite/writer.js'
import { generateHeadKey, headSigner, headVerifier } from './signingKey.js'
import { memoryTreeHeads, sqliteTreeHeads } from './treeHeads.js'
import { CHUNK, nodeSha256Bytes, treeLog } from './treeLog.js'
import { treeWorker } from './treeWorker.js'

const actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const key = generateHeadKey()
const signer = headSigner(key.privateKeyPem)
const clock = manualClock('2026-03-02T01:00:00Z')

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-thread-'))
  file = join(dir, 'log.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const appender = (store: ReturnType<typeof sqliteEventStore>) => {
  let n = 0
  return async (appends: number): Promise<number> => {
    let last = -1
    for (let i = 0; i < appends; i += 1) {
      n += 1
      const events = Array.from({ length: 1 + (n % 13) }, (_, k) => ({ type: 'Noted', schemaVersion: 1, data: { n, k }, metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-02T01:00:00Z' } }))
      const r = await store.appendToStream(`s-${n % 7}`, events, { expectedVersion: 'any' })
      if (r._tag === 'Right') last = r.right.lastPosition
    }
    return last
  }
}

/** The root over every event in the file, computed here from the events alone. */
const hex = (text: string) => {
  const digest = fromHex(text)
  if (digest === undefined) throw new Error(`not hex: ${text}`)
  return digest
}

const rootOfLog = async (store: ReturnType<typeof sqliteEventStore>): Promise<{ size: number; root: string }> => {
  const all = await store.readAll()
  return { size: all.length, root: toHex(rootOf(all.map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes)) }
}

describe('the tree log on a worker thread', () => {
  it('with thread.wakeEveryMs, wakes its thread once per window however many commits it holds, and still reaches the last', async () => {
    const store = sqliteEventStore({ path: file })
    const append = appender(store)
    // Polling once a minute: what the tree reaches here, a wake brought it to. A window far longer than the 40 commits.
    const tree = treeLog({ store, heads: sqliteTreeHeads({ path: file }), signer, clock, everyEvents: 1_000_000, thread: { path: file, pollMs: 60_000, wakeEveryMs: 1_500 } })
    await tree.start()
    try {
      let last = -1
      for (let i = 0; i < 40; i += 1) {
        last = await append(1)
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      await tree.waitFor(last)
      expect(tree.size()).toBe((await store.readAll()).length)
      // The first commit's wake, then one after the window for everything committed meanwhile (without the window: about
      // one per commit, each answered before the next commit a millisecond later).
      expect(tree.wakes?.()).toBeGreaterThan(0)
      expect(tree.wakes?.()).toBeLessThanOrEqual(3)
    } finally {
      await tree.stop()
      await store.close()
    }
  })

  for (const writes of ['main', 'thread'] as const) {
    it(`signs its periodic heads on the thread itself: the appending thread signs none of them, and each verifies (written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const append = appender(store)
      // The signer as the appending thread holds it, counting what it signs there.
      let signedHere = 0
      const counting = { ...signer, sign: (head: Parameters<typeof signer.sign>[0]) => ((signedHere += 1), signer.sign(head)) }
      const heads = sqliteTreeHeads({ path: file })
      const tree = treeLog({ store, heads, signer: counting, clock, everyEvents: 200, thread: { path: file, writes } })
      await tree.start()
      try {
        const last = await append(150) // ~1000 events: several heads due
        await tree.waitFor(last)
        const expected = await rootOfLog(store)
        // Each head as the thread reaches it (reported back: a head every 200 events, none signed here twice).
        await vi.waitFor(() => expect(heads.latestHead()?.treeSize ?? 0).toBeGreaterThan(expected.size - 200), { timeout: 5_000 })
        const stored = heads.heads()
        expect(stored.length).toBeGreaterThanOrEqual(Math.floor(expected.size / 200) - 1)
        for (const head of stored) expect(headVerifier([key.publicKeyPem]).check(head)).toBe('ok')
        expect(signedHere).toBe(0)
        // signNow() still signs here, at once, over everything the tree holds.
        await vi.waitFor(() => expect(tree.size()).toBe(expected.size))
        expect(tree.signNow() ?? heads.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
      } finally {
        await tree.stop()
        heads.close()
        await store.close()
      }
    })

    it(`signs the timer’s head on the thread too, and saves it once another connection holding the write lock lets go, with no error (written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const append = appender(store)
      let signedHere = 0
      const counting = { ...signer, sign: (head: Parameters<typeof signer.sign>[0]) => ((signedHere += 1), signer.sign(head)) }
      const heads = sqliteTreeHeads({ path: file })
      const errors: unknown[] = []
      // The timer's tick is the test's to give (the thread's own timers run as usual): with a real 50 ms interval it could
      // sign and save the head before the lock below was taken, and the test failed now and then under load.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
      const tree = treeLog({ store, heads, signer: counting, clock, everyEvents: 1_000_000, everyMs: 50, thread: { path: file, writes }, onError: (e) => errors.push(e) })
      await tree.start()
      const other = new Database(file)
      try {
        const last = await append(20)
        await tree.waitFor(last)
        const expected = await rootOfLog(store)
        expect(heads.latestHead()).toBeUndefined()
        // Written on the thread: another connection takes the write lock before the timer's head is due, and the thread's
        // save finds the file busy (written here, this thread would wait for itself; another process's lock is waited for).
        if (writes === 'thread') {
          other.exec('BEGIN IMMEDIATE')
          vi.advanceTimersByTime(50)
          await new Promise((resolve) => setTimeout(resolve, 300))
          expect(heads.latestHead()).toBeUndefined()
          other.exec('ROLLBACK')
        } else vi.advanceTimersByTime(50)
        await vi.waitFor(() => expect(heads.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root, timestamp: clock.now() }), { timeout: 5_000 })
        expect(signedHere).toBe(0)
        expect(errors).toEqual([])
      } finally {
        vi.useRealTimers()
        await tree.stop()
        other.close()
        heads.close()
        await store.close()
      }
    })

    it(`a head that cannot be saved reaches onError, and the tree goes on (written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const append = appender(store)
      const heads = sqliteTreeHeads({ path: file })
      const errors: unknown[] = []
      const tree = treeLog({ store, heads, signer, clock, everyEvents: 100, thread: { path: file, writes }, onError: (e) => errors.push(e) })
      await tree.start()
      const other = new Database(file)
      try {
        other.exec("CREATE TRIGGER refuse_heads BEFORE INSERT ON tree_heads BEGIN SELECT RAISE(ABORT, 'heads refused here'); END")
        await tree.waitFor(await append(40))
        await vi.waitFor(() => expect(errors.map(String).join('\n')).toContain('heads refused here'), { timeout: 5_000 })
        expect(heads.latestHead()).toBeUndefined()
        other.exec('DROP TRIGGER refuse_heads')
        const last = await append(40)
        await tree.waitFor(last)
        const expected = await rootOfLog(store)
        await vi.waitFor(() => expect(heads.latestHead()?.treeSize ?? 0).toBeGreaterThan(expected.size - 100), { timeout: 5_000 })
      } finally {
        await tree.stop()
        other.close()
        heads.close()
        await store.close()
      }
    })
  }

  for (const writes of ['main', 'thread'] as const) {
    it(`stamps a head with the time it was signed, not the time of the last wake, when another process's commits make it due (written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const own = manualClock('2026-03-02T01:00:00Z')
      // Another process appending (this process's wakes never see its commits: the thread finds them by polling).
      const other = new Database(file)
      other.pragma('busy_timeout = 5000')
      const write = sqliteWriter(other, { hash: nodeSha256Hex, now: () => '2026-03-02T02:00:00.000Z', newEventId: (() => { let n = 0; return () => `other-${(n += 1)}` })() })
      const heads = sqliteTreeHeads({ path: file })
      const tree = treeLog({ store, heads, signer, clock: own, everyEvents: 100, thread: { path: file, pollMs: 10, writes } })
      await tree.start()
      try {
        // An hour later, with nothing committed here meanwhile (no wake has brought the thread a newer time).
        own.set('2026-03-02T02:00:00Z')
        const settled = write([{ streamId: 'other', events: Array.from({ length: 250 }, (_, i) => ({ type: 'Noted', schemaVersion: 1, data: { i }, metadata: { commandId: 'o', correlationId: 'o', causationId: 'o', actor, occurredAt: '2026-03-02T02:00:00Z' } })), expectedVersion: 'any' }])
        const outcome = settled[0]
        if (outcome === undefined || !('ok' in outcome) || outcome.ok._tag !== 'Right') throw new Error('the other connection could not append')
        await tree.waitFor(outcome.ok.right.lastPosition)
        await vi.waitFor(() => expect(heads.latestHead()?.treeSize).toBe(250), { timeout: 5_000 })
        // Signed an hour after start, over events written then: stamped with the clock as it was when signed.
        expect(heads.heads().map((h) => h.timestamp)).toEqual(heads.heads().map(() => '2026-03-02T02:00:00.000Z'))
      } finally {
        await tree.stop()
        other.close()
        heads.close()
        await store.close()
      }
    })

    it(`a head the thread could not save is not taken as saved: signNow signs it again once saving works (written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const heads = sqliteTreeHeads({ path: file })
      const errors: unknown[] = []
      // No polling: the thread steps only when woken (a head it keeps is tried again at its next step, not before signNow).
      const tree = treeLog({ store, heads, signer, clock, everyEvents: 100, thread: { path: file, writes, pollMs: 60_000 }, onError: (e) => errors.push(e) })
      await tree.start()
      const other = new Database(file)
      try {
        other.exec("CREATE TRIGGER refuse_heads BEFORE INSERT ON tree_heads BEGIN SELECT RAISE(ABORT, 'heads refused here'); END")
        // One commit of 150 events: one step, one head due (size 150), refused.
        const r = await store.appendToStream('s', Array.from({ length: 150 }, (_, i) => ({ type: 'Noted', schemaVersion: 1, data: { i }, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor, occurredAt: '2026-03-02T01:00:00Z' } })), { expectedVersion: 'any' })
        if (r._tag !== 'Right') throw new Error('append failed')
        await tree.waitFor(r.right.lastPosition)
        await vi.waitFor(() => expect(errors.map(String).join('\n')).toContain('heads refused here'), { timeout: 5_000 })
        other.exec('DROP TRIGGER refuse_heads')
        expect(heads.latestHead()).toBeUndefined()
        // Nothing covers the 150 events: signNow signs a head over them.
        expect(tree.signNow()).toMatchObject({ treeSize: 150 })
        expect(heads.latestHead()).toMatchObject({ treeSize: 150 })
      } finally {
        await tree.stop()
        other.close()
        heads.close()
        await store.close()
      }
    })
  }

  for (const writes of ['main', 'thread'] as const) {
    it(`at stop takes in every commit, though not woken for it yet, and signs a head over the whole log, none due (found in review; written on ${writes})`, async () => {
      const store = sqliteEventStore({ path: file })
      const append = appender(store)
      const heads = sqliteTreeHeads({ path: file })
      // A head due every 10,000 events and the timer's every hour: none would be signed by this run's few events.
      const tree = treeLog({ store, heads, signer, clock, everyEvents: 10_000, everyMs: 3_600_000, thread: { path: file, writes, wakeEveryMs: 60_000 } })
      await tree.start()
      await append(40)
      // Stopped at once: the thread was not woken for these commits (one wake a minute at most).
      await tree.stop()
      heads.close()
      const expected = await rootOfLog(store)
      await store.close()
      const stored = sqliteTreeHeads({ path: file })
      try {
        expect(stored.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
        expect(headVerifier([key.publicKeyPem]).check(stored.latestHead() as NonNullable<ReturnType<typeof stored.latestHead>>)).toBe('ok')
      } finally {
        stored.close()
      }
    })
  }

  it('a head the thread signed and could not save yet (the file locked) is saved at stop, once the lock is let go', async () => {
    const store = sqliteEventStore({ path: file })
    const append = appender(store)
    const heads = sqliteTreeHeads({ path: file })
    const errors: unknown[] = []
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const tree = treeLog({ store, heads, signer, clock, everyEvents: 1_000_000, everyMs: 50, thread: { path: file, writes: 'thread', pollMs: 60_000 }, onError: (e) => errors.push(e) })
    await tree.start()
    const other = new Database(file)
    try {
      await tree.waitFor(await append(20))
      const expected = await rootOfLog(store)
      other.exec('BEGIN IMMEDIATE')
      // The timer's head, signed on the thread; its save finds the file locked and waits for a retry.
      vi.advanceTimersByTime(50)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(heads.latestHead()).toBeUndefined()
      // Stopped while the lock is held: the thread waits for it (as any connection does) and saves the head.
      setTimeout(() => other.exec('ROLLBACK'), 200)
      await tree.stop()
      expect(heads.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
      expect(errors).toEqual([])
    } finally {
      vi.useRealTimers()
      if (other.inTransaction) other.exec('ROLLBACK')
      await tree.stop()
      other.close()
      heads.close()
      await store.close()
    }
  })

  it('saving its chunks itself, a thread killed before it wrote them is started again and writes them (the chunks it reported)', async () => {
    const store = sqliteEventStore({ path: file })
    const heads = sqliteTreeHeads({ path: file })
    // No head due: the thread keeps its chunks pending (written 16 at a time, or with a head, or at stop).
    const tree = treeLog({ store, heads, signer, clock, everyEvents: 1_000_000, thread: { path: file, writes: 'thread' } })
    await tree.start()
    try {
      const noted = (k: number) => ({ type: 'Noted', schemaVersion: 1, data: { k }, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor, occurredAt: '2026-03-02T01:00:00Z' } })
      const r = await store.appendToStream('s', Array.from({ length: 5 * CHUNK + 10 }, (_, k) => noted(k)), { expectedVersion: 'any' })
      if (r._tag !== 'Right') throw new Error('append failed')
      await tree.waitFor(r.right.lastPosition)
      const thread = tree.thread?.()
      if (thread === undefined) throw new Error('no thread')
      // Killed with its five chunks reported and not written.
      await thread.terminate()
      expect(heads.chunks()).toEqual([])
      const more = await store.appendToStream('s', [noted(-1)], { expectedVersion: 'any' })
      if (more._tag !== 'Right') throw new Error('append failed')
      await tree.waitFor(more.right.lastPosition)
      expect(tree.lag?.().restarts).toBe(1)
    } finally {
      await tree.stop()
    }
    try {
      // The thread started again wrote the five (closing at stop): a restart of the process resumes from them.
      expect(heads.chunks().length).toBe(5)
    } finally {
      heads.close()
      await store.close()
    }
  })

  it('saving its heads itself, the thread goes on stepping while another connection holds the write lock (it does not sleep in the busy handler), and saves the head once the lock is let go', async () => {
    const store = sqliteEventStore({ path: file })
    const append = appender(store)
    await append(20)
    const signing = signer.threadKey
    if (signing === undefined) throw new Error('the signer has no key for the thread')
    let updates = 0
    const worker = treeWorker({
      path: file,
      chunks: () => [],
      pollMs: 10,
      onUpdate: () => {
        updates += 1
      },
      signing: () => ({ file, key: signing, keyId: signer.keyId, everyEvents: 1_000_000, lastHeadSize: 0, savedChunks: 0, now: clock.now() }),
      now: () => clock.now(),
    })
    await worker.start()
    const heads = sqliteTreeHeads({ path: file })
    const other = new Database(file)
    try {
      other.exec('BEGIN IMMEDIATE')
      // The timer's head: signed at once, its save finds the file locked.
      worker.sign(clock.now())
      const before = updates
      await new Promise((resolve) => setTimeout(resolve, 300))
      // A step every 10 ms meanwhile (about 30; each a report). Asleep in SQLite's busy handler for the 5 s default
      // timeout, the thread reported nothing until the lock was let go.
      expect(updates - before).toBeGreaterThanOrEqual(5)
      expect(heads.latestHead()).toBeUndefined()
      other.exec('ROLLBACK')
      const size = (await store.readAll()).length
      await vi.waitFor(() => expect(heads.latestHead()?.treeSize).toBe(size), { timeout: 5_000 })
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK')
      await worker.stop()
      other.close()
      heads.close()
      await store.close()
    }
  })

  it('signs, after N events, the same head as the tree on the writer’s thread, and its proofs verify', async () => {
    const store = sqliteEventStore({ path: file })
    const append = appender(store)
    const threaded = treeLog({ store, heads: sqliteTreeHeads({ path: file }), signer, clock, everyEvents: 1_000_000, thread: { path: file } })
    const inline = treeLog({ store, heads: memoryTreeHeads(), signer, clock, everyEvents: 1_000_000 })
    await threaded.start()
    await inline.start()
    const last = await append(150) // 150 appends of 1–13 events: several full chunks and one being filled
    await Promise.all([threaded.waitFor(last), inline.waitFor(last)])
    const expected = await rootOfLog(store)
    expect(expected.size % CHUNK).not.toBe(0)
    const a = threaded.signNow()
    const b = inline.signNow()
    expect(a).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
    expect(b).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
    // The last commit's own wake may still be in flight (its events read by an earlier step): it is answered at once.
    await vi.waitFor(() => expect(threaded.lag?.()).toEqual({ events: 0, ms: 0, restarts: 0 }), { timeout: 5_000 })
    // Inclusion proofs in a complete chunk and in the chunk being filled (read from the file, not memory).
    const all = await store.readAll()
    for (const position of [0, CHUNK + 3, expected.size - 2, expected.size - 1]) {
      const proof = await threaded.inclusionProof(position, expected.size)
      expect(proof).toEqual(await inline.inclusionProof(position, expected.size))
      const event = all[position]
      if (proof === undefined || event === undefined) throw new Error('no proof')
      expect(toHex(eventLeafHash(event, nodeSha256Bytes))).toBe(proof.leafHash)
      expect(verifyInclusion({ index: proof.leafIndex, size: proof.treeSize, leafHash: hex(proof.leafHash), path: proof.path.map(hex), root: hex(expected.root) }, nodeSha256Bytes)).toBe(true)
    }
    const earlier = toHex(rootOf(all.slice(0, 300).map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes))
    const consistency = await threaded.consistencyProof(300, expected.size)
    if (consistency === undefined) throw new Error('no consistency proof')
    expect(verifyConsistency({ first: 300, second: expected.size, firstRoot: hex(earlier), secondRoot: hex(expected.root), path: consistency.path.map(hex) }, nodeSha256Bytes)).toBe(true)
    await threaded.stop()
    await inline.stop()
    // Stopped: no thread left running (the worker exited, nothing holds the process open).
    expect(threaded.thread?.()).toBeUndefined()
    await store.close()
  })

  it('a thread killed mid-way is started again and the root of every event is still right', async () => {
    const store = sqliteEventStore({ path: file })
    const append = appender(store)
    const errors: unknown[] = []
    const heads = sqliteTreeHeads({ path: file })
    const tree = treeLog({ store, heads, signer, clock, everyEvents: 500, thread: { path: file }, onError: (e) => errors.push(e) })
    await tree.start()
    await tree.waitFor(await append(80))
    const thread = tree.thread?.()
    if (thread === undefined) throw new Error('no thread')
    const sizeBefore = tree.size()
    await thread.terminate()
    const last = await append(80) // committed while no thread runs
    await tree.waitFor(last)
    expect(tree.lag?.().restarts).toBe(1)
    expect(errors.map(String).join('\n')).toContain("the tree log's thread stopped")
    const expected = await rootOfLog(store)
    expect(tree.size()).toBeGreaterThan(sizeBefore)
    expect(tree.signNow() ?? heads.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
    await tree.stop()
    heads.close()
    // A restart of the whole process resumes from the chunks the thread made (stored), to the same root.
    const reopened = sqliteTreeHeads({ path: file })
    expect(reopened.chunks().length).toBe(Math.floor(expected.size / CHUNK))
    const again = treeLog({ store, heads: reopened, signer, clock, thread: { path: file } })
    await again.start()
    expect(again.size()).toBe(expected.size)
    expect(reopened.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
    await again.stop()
    reopened.close()
    await store.close()
  })

  for (const writer of ['main', 'thread'] as const) {
    it(`takes this process’s commits as they were sent and reads what another connection committed between them from the file: the root of every event (writer on ${writer})`, async () => {
      const store = sqliteEventStore({ path: file, writer })
      const append = appender(store)
      // Another process, as far as this one can tell: a connection of its own writing through the store's writer, which
      // wakes nobody here and sends the thread nothing (the thread sees its commits by polling the file).
      const other = new Database(file)
      other.pragma('busy_timeout = 5000')
      const write = sqliteWriter(other, { hash: nodeSha256Hex, now: () => '2026-03-02T01:00:00.000Z', newEventId: (() => { let n = 0; return () => `other-${(n += 1)}` })() })
      const foreign = (k: number): number => {
        const settled = write([{ streamId: `other-${k % 3}`, events: Array.from({ length: 1 + (k % 5) }, (_, i) => ({ type: 'Noted', schemaVersion: 1, data: { k, i }, metadata: { commandId: `o${k}`, correlationId: `o${k}`, causationId: `o${k}`, actor, occurredAt: '2026-03-02T01:00:00Z' } })), expectedVersion: 'any' }])
        const outcome = settled[0]
        if (outcome === undefined || !('ok' in outcome) || outcome.ok._tag !== 'Right') throw new Error('the other connection could not append')
        return outcome.ok.right.lastPosition
      }
      const tree = treeLog({ store, heads: sqliteTreeHeads({ path: file }), signer, clock, everyEvents: 1_000_000, thread: { path: file, pollMs: 10 } })
      await tree.start()
      try {
        let last = -1
        for (let k = 0; k < 60; k += 1) {
          last = await append(1 + (k % 3))
          if (k % 4 === 1) last = foreign(k)
          // Now and then the thread catches up between commits, now and then it finds several runs and gaps at once.
          if (k % 7 === 0) await tree.waitFor(last)
        }
        await tree.waitFor(last)
        const expected = await rootOfLog(store)
        expect(expected.size).toBeGreaterThan(2 * CHUNK)
        expect(tree.signNow()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
        // Both ways were taken: leaves from the runs sent, and (at least the other connection's) from the file.
        const fromCommits = tree.leavesFromCommits?.() ?? 0
        expect(fromCommits).toBeGreaterThan(0)
        expect(fromCommits).toBeLessThan(expected.size)
      } finally {
        await tree.stop()
        other.close()
        await store.close()
      }
    })
  }
})
