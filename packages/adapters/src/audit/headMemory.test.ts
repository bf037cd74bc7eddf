// The signer's memory of its largest head, outside the database: a log rewritten in the database (every hash after the
// edit recomputed, the heads and chunks from it deleted) is not signed again at the next start — a second root for a
// size already signed (a fork) would pass every receipt taken after it. Found in review: it was signed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventHash } from '@gridcase/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { fromRow, type EventRow } from '../sqlite/rows.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { fileHeadMemory } from './headMemory.js'
import { generateHeadKey, headSigner } from './signingKey.js'
import { sqliteTreeHeads } from './treeHeads.js'
import { treeLog } from './treeLog.js'

const actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const signer = headSigner(generateHeadKey().privateKeyPem)
const clock = manualClock('2026-03-02T01:00:00Z')

let dir: string
let file: string
let memory: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-head-memory-'))
  file = join(dir, 'log.sqlite')
  memory = join(dir, 'head.pem.last-head.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** `events` events appended to 5 streams. */
const fill = async (events: number): Promise<void> => {
  const store = sqliteEventStore({ path: file })
  for (let n = 0; n < events; n += 1) {
    await store.appendToStream(`s-${n % 5}`, [{ type: 'Noted', schemaVersion: 1, data: { n }, metadata: { commandId: `c${n}`, correlationId: 'c', causationId: 'c', actor, occurredAt: '2026-03-02T01:00:00Z' } }], { expectedVersion: 'any' })
  }
  await store.close()
}

/** The event at `position` rewritten and every later hash of its stream recomputed; heads from `headsFrom` and every chunk deleted. */
const rewrite = (position: number, headsFrom: number, keepChunks = false): void => {
  const db = new Database(file)
  const rows = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY position').all()
  const target = rows[position] as EventRow
  let prev = target.prev_hash
  for (const row of rows.filter((r) => r.stream_id === target.stream_id && r.version >= target.version)) {
    const event = fromRow(row)
    const data = row.position === position ? { n: -1 } : event.data
    const hash = eventHash({ ...event, data, metadata: { ...event.metadata, prevHash: prev } })
    db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?').run(JSON.stringify(data), prev, hash, row.position)
    prev = hash
  }
  db.prepare('DELETE FROM tree_heads WHERE tree_size >= ?').run(headsFrom)
  if (!keepChunks) db.exec('DELETE FROM merkle_chunks')
  db.close()
}

/** Starts a tree over the file (its thread or not), lets it sign what it will, stops it: the heads stored, the errors. */
const run = async (thread: boolean): Promise<{ sizes: number[]; errors: string[] }> => {
  const store = sqliteEventStore({ path: file })
  const heads = sqliteTreeHeads({ path: file })
  const errors: string[] = []
  const tree = treeLog({ store, heads, signer, clock, everyEvents: 100, signed: fileHeadMemory(memory), onError: (e) => errors.push(String(e)), ...(thread ? { thread: { path: file } } : {}) })
  await tree.start()
  await tree.stop()
  const sizes = heads.heads().map((h) => h.treeSize)
  heads.close()
  await store.close()
  return { sizes, errors }
}

describe("the signer's memory of its largest head", () => {
  for (const thread of [false, true]) {
    it(`a log rewritten in the database is not signed again: an alarm, and no head (tree ${thread ? 'on a thread' : 'on the appending thread'})`, async () => {
      await fill(600)
      const first = await run(thread)
      expect(first.sizes.at(-1)).toBe(600)
      // The insider rewrites event 560, recomputes its stream's hashes, deletes the heads that would show it and the chunks.
      rewrite(560, 600)
      await fill(40)
      const after = await run(thread)
      // Nothing new signed: the heads left are those from before the edit (a thread catching up signs once per step).
      expect(after.sizes).toEqual(first.sizes.filter((size) => size < 600))
      expect(after.errors.join('\n')).toMatch(/root at 600 events is [0-9a-f]{64}, not the [0-9a-f]{64} this server signed: events before it were rewritten/)
    })

    it(`an untouched log goes on being signed from where it was (tree ${thread ? 'on a thread' : 'on the appending thread'})`, async () => {
      await fill(250)
      expect((await run(thread)).sizes.at(-1)).toBe(250)
      await fill(60)
      const after = await run(thread)
      expect(after.errors).toEqual([])
      expect(after.sizes.at(-1)).toBe(310)
    })

    it(`a stored chunk edited in the database (derived data, the events untouched) is derived again from the events, and signing goes on (tree ${thread ? 'on a thread' : 'on the appending thread'}; found in review: the server took it for rewritten events and never signed again)`, async () => {
      await fill(600)
      expect((await run(thread)).sizes.at(-1)).toBe(600)
      const db = new Database(file)
      const kept = (db.prepare('SELECT hash FROM merkle_chunks WHERE chunk = 1').get() as { hash: Buffer }).hash
      expect(db.prepare('UPDATE merkle_chunks SET hash = zeroblob(32) WHERE chunk = 1').run().changes).toBe(1)
      db.close()
      await fill(100)
      const after = await run(thread)
      expect(after.errors.join('\n')).not.toContain('rewritten')
      expect(after.errors.join('\n')).toContain('merkle_chunks row 1 did not hold the root of the events under it')
      expect(after.sizes.at(-1)).toBe(700)
      const mended = new Database(file, { readonly: true })
      expect((mended.prepare('SELECT hash FROM merkle_chunks WHERE chunk = 1').get() as { hash: Buffer }).hash.equals(kept)).toBe(true)
      mended.close()
      // And the next start has nothing to say.
      expect((await run(thread)).errors).toEqual([])
    })
  }

  it('a memory that holds no head beside a database that holds signed heads (a new key file after a rotation, the file lost) is said at start: nothing was checked', async () => {
    // Found by an auditor following docs/tamper-evidence.md's key rotation: the memory is kept beside the key file, so the
    // server restarted with the new key found none, checked nothing and signed over whatever the log then held, silently.
    await fill(300)
    expect((await run(false)).sizes.at(-1)).toBe(300)
    rmSync(memory)
    await fill(20)
    const after = await run(false)
    expect(after.errors.join('\n')).toContain(`no memory of a signed head in ${memory}, though the database holds signed heads up to 300 events`)
    expect(after.errors.join('\n')).toContain('docs/tamper-evidence.md, "Key rotation"')
    expect(after.sizes.at(-1)).toBe(320)
    // Remembered again from then on: the next start has nothing to say.
    expect((await run(false)).errors).toEqual([])
  })

  it('events rewritten with the chunks over them left in place: the chunks are not derived again from the rewritten events, and the alarm is raised', async () => {
    await fill(600)
    expect((await run(false)).sizes.at(-1)).toBe(600)
    const chunksOf = () => {
      const db = new Database(file, { readonly: true })
      try {
        return (db.prepare('SELECT hash FROM merkle_chunks ORDER BY chunk').all() as { hash: Buffer }[]).map((r) => r.hash.toString('hex'))
      } finally {
        db.close()
      }
    }
    const before = chunksOf()
    rewrite(300, 600, true)
    const after = await run(false)
    expect(after.errors.join('\n')).toMatch(/events before it were rewritten/)
    expect(after.errors.join('\n')).not.toContain('merkle_chunks row')
    expect(chunksOf()).toEqual(before)
  })

  it('a log cut short below the size signed is not signed again', async () => {
    await fill(300)
    expect((await run(false)).sizes.at(-1)).toBe(300)
    const db = new Database(file)
    db.exec('DELETE FROM events WHERE position >= 250; DELETE FROM tree_heads WHERE tree_size >= 250; DELETE FROM merkle_chunks')
    db.close()
    const after = await run(false)
    expect(after.sizes).toEqual([100, 200])
    expect(after.errors.join('\n')).toContain('the log holds fewer than the 300 events this server signed a head of')
  })

  it('one memory file shared by servers (docs/tamper-evidence.md) never goes back to a smaller head than one of them signed', () => {
    // Server A has signed 600 events and remembers it; server B, behind it, then signs 400: before, B's head replaced A's
    // in the shared file, and a log rewritten above 400 and below 600 was signed again at the next start (a fork).
    const head = (treeSize: number, byte: string) => ({ treeSize, rootHash: byte.repeat(32), timestamp: '2026-03-02T01:00:00.000Z', keyId: 'k', signature: 'AA==' })
    const a = fileHeadMemory(memory)
    const b = fileHeadMemory(memory)
    a.write(head(600, 'aa'))
    b.write(head(400, 'bb'))
    expect(a.read()).toEqual({ treeSize: 600, rootHash: 'aa'.repeat(32) })
    expect(b.read()).toEqual({ treeSize: 600, rootHash: 'aa'.repeat(32) })
    // A larger one replaces it, whoever signed it.
    b.write(head(700, 'cc'))
    expect(a.read()).toEqual({ treeSize: 700, rootHash: 'cc'.repeat(32) })
  })

  it('a memory file that does not read is an error naming it, never taken as empty', () => {
    writeFileSync(memory, '{"treeSize": "six hundred"}')
    expect(() => fileHeadMemory(memory).read()).toThrow(`${memory}: the signer's memory of its last head needs treeSize`)
    writeFileSync(memory, 'not json')
    expect(() => fileHeadMemory(memory).read()).toThrow(`${memory}: the signer's memory of its last head is not JSON`)
  })
})
